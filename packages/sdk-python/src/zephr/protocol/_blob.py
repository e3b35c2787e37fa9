"""The encrypted blob: base64url(UTF-8 JSON {"iv","ciphertext"}) (spec P-BLOB-1..6)."""

from __future__ import annotations

import json
from typing import NamedTuple

from ..errors import ValidationError
from ._base64url import decode_base64url, encode_base64url
from ._rules import IV_BYTES, MIN_CIPHERTEXT_BYTES


class BlobParts(NamedTuple):
    iv: bytes
    """The 12-byte AES-GCM IV."""
    ciphertext: bytes
    """Ciphertext with the 16-byte tag appended (at least 17 bytes)."""


def _check(parts: BlobParts) -> None:
    if len(parts.iv) != IV_BYTES:
        raise ValidationError("INVALID_IV", f"IV must be {IV_BYTES} bytes, got {len(parts.iv)}")
    if len(parts.ciphertext) < MIN_CIPHERTEXT_BYTES:
        raise ValidationError(
            "INVALID_CIPHERTEXT",
            f"Ciphertext must be at least {MIN_CIPHERTEXT_BYTES} bytes, got {len(parts.ciphertext)}",
        )


def blob_json(parts: BlobParts) -> str:
    """The blob's JSON text exactly as producers emit it: members in order, no whitespace (P-BLOB-2)."""
    return f'{{"iv":"{encode_base64url(parts.iv)}","ciphertext":"{encode_base64url(parts.ciphertext)}"}}'


def encode_blob(parts: BlobParts) -> str:
    _check(parts)
    return encode_base64url(blob_json(parts).encode("utf-8"))


def decode_blob(blob: str) -> BlobParts:
    """Decodes and validates a blob, raising ValidationError with INVALID_BASE64URL, INVALID_BLOB,
    INVALID_IV or INVALID_CIPHERTEXT; never returns a partially valid result."""
    members = blob_members(blob, ("iv", "ciphertext"))
    parts = BlobParts(decode_base64url(members["iv"], "iv"), decode_base64url(members["ciphertext"], "ciphertext"))
    _check(parts)
    return parts


def blob_members(blob: str, names: tuple[str, ...]) -> dict[str, str]:
    """The string members of a blob's JSON, which must hold exactly ``names`` (any order, P-BLOB-5):
    shared by the secret blob and the request blob (P-REQ-6)."""
    if not isinstance(blob, str):
        raise ValidationError("INVALID_BLOB", "Encrypted blob must be a string")
    outer = decode_base64url(blob, "encrypted blob")
    try:
        parsed = json.loads(outer.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ValidationError("INVALID_BLOB", "Encrypted blob does not decode to UTF-8 JSON") from error
    if not isinstance(parsed, dict):
        raise ValidationError("INVALID_BLOB", "Encrypted blob JSON must be an object")
    listed = " and ".join(f'"{name}"' for name in names)
    if set(parsed) != set(names):
        raise ValidationError("INVALID_BLOB", f"Encrypted blob JSON must hold exactly the members {listed}")
    if not all(isinstance(parsed[name], str) for name in names):
        raise ValidationError("INVALID_BLOB", f"Encrypted blob members {listed} must be strings")
    return {name: parsed[name] for name in names}
