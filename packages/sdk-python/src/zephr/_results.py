"""What the SDK functions return. Each result is a real ``dict`` (``json.dumps(result)``,
``dict(result)`` and ``result["full_link"]`` work as in the product docs) that also reads by
attribute (``result.full_link``). Their reprs hide keys and plaintext, so printing a result or
logging it by accident does not leak the secret; the values themselves are untouched."""

from __future__ import annotations

from typing import Any, ClassVar, Literal


class _Result(dict[str, Any]):
    """A dict of fixed members, given in order, readable as attributes, with a redacting repr."""

    _fields: ClassVar[tuple[str, ...]] = ()
    _redact: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, *values: Any) -> None:
        if len(values) != len(self._fields):
            raise TypeError(f"{type(self).__name__} takes {len(self._fields)} values, got {len(values)}")
        super().__init__(zip(self._fields, values, strict=True))

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__!s} has no attribute {name!r}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        # Attribute writes would silently diverge from the dict; item assignment stays a dict's.
        raise AttributeError(f"{type(self).__name__} attributes are read-only; assign result[{name!r}] instead")

    def _shown(self, name: str) -> str:
        value = self.get(name)
        if name in self._redact and isinstance(value, str):
            return f"<redacted: {len(value)} characters>"
        return repr(value)

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={self._shown(name)}" for name in self)
        return f"{type(self).__name__}({inner})"

    __str__ = __repr__


class StandardLink(_Result):
    """A secret created in standard mode: one link that carries its key after ``#``."""

    mode: Literal["standard"]
    full_link: str
    """``<origin>/secret/<id>#v1.<key>``: whoever holds it can read the secret, once."""
    expires_at: str
    """ISO 8601 UTC, e.g. ``2026-02-21T12:00:00.000Z``."""
    secret_id: str
    _fields = ("mode", "full_link", "expires_at", "secret_id")
    _redact = frozenset({"full_link"})


class SplitLink(_Result):
    """A secret created in split mode: the URL and the key, to send through different channels."""

    mode: Literal["split"]
    url: str
    """``<origin>/secret/<id>``, without the key."""
    key: str
    """``v1.<43 base64url characters>``."""
    expires_at: str
    secret_id: str
    _fields = ("mode", "url", "key", "expires_at", "secret_id")
    _redact = frozenset({"key"})


class RetrievedSecret(_Result):
    """A secret read once. The server has destroyed its copy."""

    plaintext: str
    """Exactly the text given to ``create_secret``."""
    hint: str | None
    purge_at: str | None
    """When the server forgets the record entirely (ISO 8601), if it said."""
    _fields = ("plaintext", "hint", "purge_at")
    _redact = frozenset({"plaintext"})


class SecretInfo(_Result):
    """What ``peek_secret`` learns about an unread secret, without opening it."""

    hint: str | None
    created_at: str
    """ISO 8601 UTC."""
    expires_at: str
    """ISO 8601 UTC: when it expires unread."""
    _fields = ("hint", "created_at", "expires_at")


class SecretRequest(_Result):
    """A request you made: give ``link`` to whoever holds the secret; keep ``private_key`` to receive it."""

    link: str
    """``<origin>/request/<id>#r1.…``: it can only encrypt to you, so any channel will do."""
    id: str
    expires_at: str
    private_key: str
    """``r1p.…``: the only thing that opens what is sent. Never share it."""
    _fields = ("link", "id", "expires_at", "private_key")
    _redact = frozenset({"private_key"})


class RequestInfo(_Result):
    """What a request link asks for."""

    hint: str | None
    expires_at: str
    max_secret_bytes: int
    _fields = ("hint", "expires_at", "max_secret_bytes")


class ReceivedRequest(_Result):
    """The answer to a request: ``status`` "received" (with ``secret``) or "pending" (with ``expires_at``)."""

    status: Literal["received", "pending"]
    secret: str | None
    hint: str | None
    fulfilled_at: str | None
    expires_at: str | None
    _fields = ("status", "secret", "hint", "fulfilled_at", "expires_at")
    _redact = frozenset({"secret"})
