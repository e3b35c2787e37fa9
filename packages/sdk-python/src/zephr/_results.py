"""What the SDK functions return. Each result reads both ways the world uses it: as a mapping
(``result["full_link"]``, ``dict(result)``, as in the seeds' examples) and by attribute
(``result.full_link``). Their reprs hide keys and plaintext, so printing a result or logging it
by accident does not leak the secret; the values themselves are untouched."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Literal


class _MappingResult(Mapping[str, Any]):
    __slots__ = ()
    _redact: ClassVar[frozenset[str]] = frozenset()

    def __getitem__(self, name: str) -> Any:
        if name in self._names():
            return getattr(self, name)
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    def _names(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self))  # type: ignore[arg-type]

    def _shown(self, name: str) -> str:
        value = getattr(self, name)
        if name in self._redact and isinstance(value, str):
            return f"<redacted: {len(value)} characters>"
        return repr(value)

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={self._shown(name)}" for name in self._names())
        return f"{type(self).__name__}({inner})"


@dataclass(frozen=True, eq=False, repr=False)
class StandardLink(_MappingResult):
    """A secret created in standard mode: one link that carries its key after ``#``."""

    mode: Literal["standard"]
    full_link: str
    """``<origin>/secret/<id>#v1.<key>``: whoever holds it can read the secret, once."""
    expires_at: str
    """ISO 8601 UTC, e.g. ``2026-02-21T12:00:00.000Z``."""
    secret_id: str
    _redact: ClassVar[frozenset[str]] = frozenset({"full_link"})


@dataclass(frozen=True, eq=False, repr=False)
class SplitLink(_MappingResult):
    """A secret created in split mode: the URL and the key, to send through different channels."""

    mode: Literal["split"]
    url: str
    """``<origin>/secret/<id>``, without the key."""
    key: str
    """``v1.<43 base64url characters>``."""
    expires_at: str
    secret_id: str
    _redact: ClassVar[frozenset[str]] = frozenset({"key"})


@dataclass(frozen=True, eq=False, repr=False)
class RetrievedSecret(_MappingResult):
    """A secret read once. The server has destroyed its copy."""

    plaintext: str
    """Exactly the text given to ``create_secret``."""
    hint: str | None
    purge_at: str | None
    """When the server forgets the record entirely (ISO 8601), if it said."""
    _redact: ClassVar[frozenset[str]] = frozenset({"plaintext"})


@dataclass(frozen=True, eq=False, repr=False)
class SecretInfo(_MappingResult):
    """What ``peek_secret`` learns about an unread secret, without opening it."""

    hint: str | None
    created_at: str
    """ISO 8601 UTC."""
    expires_at: str
    """ISO 8601 UTC: when it expires unread."""
