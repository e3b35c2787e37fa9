"""Strict unpadded base64url (RFC 4648 section 5), spec P-B64-1..4.

Decoding rejects every malleable form (padding, the standard alphabet, whitespace, impossible
lengths, non-zero trailing bits), so each byte string has exactly one accepted encoding.
"""

from __future__ import annotations

import base64

from ..errors import ValidationError

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_VALUE = {c: i for i, c in enumerate(_ALPHABET)}


def encode_base64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def base64url_problem(text: str) -> str | None:
    """Why ``text`` is not canonical unpadded base64url, or None if it is."""
    if len(text) % 4 == 1:
        return "impossible length"
    for char in text:
        if char not in _VALUE:
            if char == "=":
                return "padding is not allowed"
            if char in "+/":
                return "standard base64 alphabet is not allowed (use - and _)"
            return "character outside the base64url alphabet"
    if text:
        last = _VALUE[text[-1]]
        if (len(text) % 4 == 2 and last & 0x0F) or (len(text) % 4 == 3 and last & 0x03):
            return "non-canonical encoding (trailing bits set)"
    return None


def decode_base64url(text: str, what: str = "value") -> bytes:
    """Decodes canonical unpadded base64url; raises ValidationError(INVALID_BASE64URL) otherwise."""
    if not isinstance(text, str):
        raise ValidationError("INVALID_BASE64URL", f"{what} must be a string")
    problem = base64url_problem(text)
    if problem is not None:
        raise ValidationError("INVALID_BASE64URL", f"{what} is not valid base64url: {problem}")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def base64url_length(byte_length: int) -> int:
    """Length of the unpadded base64url encoding of ``byte_length`` bytes."""
    return -(-byte_length * 4 // 3)
