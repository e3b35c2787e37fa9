"""The key string ``v1.<base64url of 32 bytes>`` (spec P-KEY-1..3)."""

from __future__ import annotations

import re

from ..errors import ValidationError
from ._base64url import base64url_problem, decode_base64url, encode_base64url
from ._rules import KEY_BYTES, KEY_STRING_LENGTH, KEY_VERSION_PREFIX

_OTHER_VERSION = re.compile(r"v\d+\.", re.IGNORECASE)


def format_key(key_bytes: bytes) -> str:
    if len(key_bytes) != KEY_BYTES:
        raise ValidationError("INVALID_KEY", f"Key must be {KEY_BYTES} bytes")
    return KEY_VERSION_PREFIX + encode_base64url(key_bytes)


def key_problem(text: object) -> str | None:
    """Why ``text`` is not a valid key string, or None. Checks a key without raising."""
    if not isinstance(text, str):
        return "key must be a string"
    if not text.startswith(KEY_VERSION_PREFIX):
        if _OTHER_VERSION.match(text):
            return f'unsupported key version "{text[: text.index(".") + 1]}" (expected v1.)'
        return 'key must start with "v1."'
    if len(text) != KEY_STRING_LENGTH:
        return f"key must be {KEY_STRING_LENGTH} characters (v1. and 43 base64url characters), got {len(text)}"
    problem = base64url_problem(text[len(KEY_VERSION_PREFIX) :])
    return None if problem is None else f"key is not valid base64url: {problem}"


def parse_key(text: str) -> bytes:
    """The 32 raw key bytes of a key string; raises ValidationError(INVALID_KEY)."""
    problem = key_problem(text)
    if problem is not None:
        raise ValidationError("INVALID_KEY", f"Invalid key: {problem}")
    return decode_base64url(text[len(KEY_VERSION_PREFIX) :], "key")
