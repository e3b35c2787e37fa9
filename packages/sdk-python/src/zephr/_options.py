"""Local validation of SDK inputs: everything the caller controls is checked before any request,
with ValidationError(INVALID_INPUT). Policy the server owns (which expiries a tier may use, size
ceilings) is left to the server, so a self-hosted server's own limits apply unchanged."""

from __future__ import annotations

import math
import os
import re
import uuid
from typing import Final
from urllib.parse import urlsplit

from .errors import ValidationError
from .protocol import normalize_origin
from .protocol._rules import (
    CALLBACK_SECRET_MAX_LENGTH,
    CALLBACK_SECRET_MIN_LENGTH,
    CALLBACK_URL_MAX_LENGTH,
    DEFAULT_EXPIRY,
    EXPIRIES,
    HINT_MAX_LENGTH,
    HINT_PATTERN,
    IDEMPOTENCY_KEY_PATTERN,
    LEGACY_EXPIRY_HOURS,
)

DEFAULT_BASE_URL: Final = "http://localhost:8080"
_HINT = re.compile(HINT_PATTERN)
_IDEMPOTENCY_KEY = re.compile(IDEMPOTENCY_KEY_PATTERN)


def _invalid(message: str) -> ValidationError:
    return ValidationError("INVALID_INPUT", message)


def check_secret(secret: object) -> bytes:
    """The secret's UTF-8 bytes. Lone surrogates cannot be encoded without changing the secret."""
    if not isinstance(secret, str):
        raise _invalid("Secret must be a string")
    if secret == "":
        raise _invalid("Secret must not be empty")
    try:
        return secret.encode("utf-8")
    except UnicodeEncodeError as error:
        raise _invalid("Secret contains an unpaired surrogate") from error


def check_expiry(expiry: object, expiry_hours: object = None) -> int:
    """Minutes. The hour values of an earlier protocol (1, 24, 168, 720) read as hours, whether
    given as ``expiry_hours`` or as ``expiry`` (none of them is a minute value)."""
    if expiry is not None and expiry_hours is not None:
        raise _invalid("Give expiry or expiry_hours, not both")
    hours = ", ".join(map(str, LEGACY_EXPIRY_HOURS))
    if expiry_hours is not None:
        if isinstance(expiry_hours, bool) or expiry_hours not in LEGACY_EXPIRY_HOURS:
            raise _invalid(f"expiry_hours must be one of {hours}")
        assert isinstance(expiry_hours, int)
        return expiry_hours * 60
    if expiry is None:
        return DEFAULT_EXPIRY
    # bool is an int in Python: True must not pass as 1 minute (or hour).
    if not isinstance(expiry, bool) and isinstance(expiry, int):
        if expiry in EXPIRIES:
            return expiry
        if expiry in LEGACY_EXPIRY_HOURS:
            return expiry * 60
    raise _invalid(f"Expiry must be one of {', '.join(map(str, EXPIRIES))} minutes (or, as hours, {hours})")


def check_hint(hint: object) -> str | None:
    if hint is None:
        return None
    if not isinstance(hint, str) or _HINT.fullmatch(hint) is None:
        raise _invalid(f"Hint must be 1-{HINT_MAX_LENGTH} printable ASCII characters")
    return hint


def check_callback(url: object, secret: object) -> tuple[str, str] | None:
    if url is None and secret is None:
        return None
    if url is None:
        raise _invalid("callback_secret is only allowed with callback_url")
    if secret is None:
        raise _invalid("callback_url requires callback_secret")
    if not isinstance(url, str) or len(url) > CALLBACK_URL_MAX_LENGTH:
        raise _invalid(f"callback_url must be a URL of at most {CALLBACK_URL_MAX_LENGTH} characters")
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme == "" or parts.netloc == "":
        raise _invalid("callback_url must be an absolute URL")
    if not isinstance(secret, str) or not CALLBACK_SECRET_MIN_LENGTH <= len(secret) <= CALLBACK_SECRET_MAX_LENGTH:
        raise _invalid(f"callback_secret must be {CALLBACK_SECRET_MIN_LENGTH}-{CALLBACK_SECRET_MAX_LENGTH} characters")
    return url, secret


def check_idempotency_key(key: object) -> str:
    if key is None:
        return str(uuid.uuid4())
    if not isinstance(key, str) or _IDEMPOTENCY_KEY.fullmatch(key) is None:
        raise _invalid("idempotency_key must be 1-64 characters of A-Z, a-z, 0-9 and -")
    return key


def check_api_key(api_key: object) -> str | None:
    if api_key is None or api_key == "":
        return None
    if not isinstance(api_key, str) or re.search(r"\s", api_key) or not api_key.isascii():
        raise _invalid("api_key must be a string of ASCII characters without whitespace")
    return api_key


def check_timeout(timeout: object) -> float:
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise _invalid("timeout must be a positive number of seconds")
    if not math.isfinite(timeout) or timeout <= 0:
        raise _invalid("timeout must be a positive number of seconds")
    return float(timeout)


def resolve_base_url(base_url: object) -> str:
    """The server to create on: the argument, else ZEPHR_URL, else http://localhost:8080."""
    chosen = base_url if base_url is not None else (os.environ.get("ZEPHR_URL") or DEFAULT_BASE_URL)
    if not isinstance(chosen, str):
        raise _invalid("base_url must be a string")
    try:
        return normalize_origin(chosen)
    except ValidationError as error:
        raise _invalid(f"base_url must be an http(s) URL (got {chosen!r})") from error
