"""Share links: ``<origin>/secret/<id>#v1.<key>`` and, in split mode, ``<origin>/secret/<id>`` plus
the key on its own (spec P-LINK-1..7). The key travels only in the fragment, which is never sent
to a server.

Origins are normalised the way browsers do (lower-case scheme and host, default port dropped), so
a link parses to the same origin here as in the JS package.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import SplitResult, urlsplit

from ..errors import ValidationError
from ._key import parse_key
from ._rules import SECRET_ID_PATTERN

_ID = re.compile(SECRET_ID_PATTERN)
_PATH = re.compile(r"/secret/([^/]*)/?")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters a URL host may not contain (WHATWG forbidden host code points, plus non-printables).
_BAD_HOST = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]")


class ParsedLink(NamedTuple):
    origin: str
    """``scheme://host[:port]``: where the secret lives and where retrieval goes."""
    id: str
    key: str
    """The key string ``v1.…``."""


def _invalid(message: str) -> ValidationError:
    return ValidationError("INVALID_LINK", message)


def is_secret_id(value: object) -> bool:
    """Clients accept any 22 base64url characters: the id is opaque (P-ID-2)."""
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def _split(text: object, what: str) -> SplitResult:
    if not isinstance(text, str):
        raise _invalid(f"{what} must be a string")
    try:
        parts = urlsplit(text)
    except ValueError as error:
        raise _invalid(f"{what} is not an absolute URL") from error
    if parts.scheme == "" or parts.netloc == "":
        raise _invalid(f"{what} is not an absolute URL")
    if parts.scheme not in _DEFAULT_PORTS:
        raise _invalid(f'Unsupported scheme "{parts.scheme}:" (use https or http)')
    return parts


def _origin(parts: SplitResult, what: str) -> str:
    if "@" in parts.netloc:
        raise _invalid(f"{what} must not contain credentials")
    try:
        port = parts.port
    except ValueError as error:
        raise _invalid(f"{what} has an invalid port") from error
    host = parts.hostname or ""
    if ":" in host:  # IPv6 literal: urlsplit strips the brackets
        host = f"[{host}]"
    elif host == "" or _BAD_HOST.search(host):
        raise _invalid(f"{what} has an invalid host")
    elif not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as error:
            raise _invalid(f"{what} has an invalid host") from error
    if port is not None and port != _DEFAULT_PORTS[parts.scheme]:
        return f"{parts.scheme}://{host}:{port}"
    return f"{parts.scheme}://{host}"


def normalize_origin(base: str) -> str:
    """Normalises an origin or base URL to ``scheme://host[:port]``; raises INVALID_LINK."""
    return _origin(_split(base, "Base URL"), "Base URL")


def build_secret_url(origin: str, secret_id: str) -> str:
    if not is_secret_id(secret_id):
        raise _invalid("Secret id must be 22 base64url characters")
    return f"{normalize_origin(origin)}/secret/{secret_id}"


def build_link(origin: str, secret_id: str, key: str) -> str:
    parse_key(key)
    return f"{build_secret_url(origin, secret_id)}#{key}"


def parse_secret_url(link: str) -> tuple[str, str, str]:
    """Parses the URL part of a link: (origin, id, raw fragment without ``#``)."""
    parts = _split(link, "Link")
    origin = _origin(parts, "Link")
    match = _PATH.fullmatch(parts.path)
    if match is None:
        raise _invalid("Link path must be /secret/<id>")
    if not is_secret_id(match.group(1)):
        raise _invalid("Secret id in link must be 22 base64url characters")
    return origin, match.group(1), parts.fragment


def parse_link(link: str) -> ParsedLink:
    """Parses a standard-mode link, whose key is in the fragment. Raises INVALID_LINK or INVALID_KEY."""
    origin, secret_id, fragment = parse_secret_url(link)
    if fragment == "":
        raise _invalid('Link has no key after "#"; for split mode pass the URL and the key separately')
    parse_key(fragment)
    return ParsedLink(origin, secret_id, fragment)


def parse_split_link(url: str, key: str) -> ParsedLink:
    """Parses split-mode parts: a URL without a key fragment, and the key string."""
    origin, secret_id, fragment = parse_secret_url(url)
    if fragment != "":
        raise _invalid("Split-mode URL must not carry a key fragment")
    parse_key(key)
    return ParsedLink(origin, secret_id, key)
