"""Proof of key (spec P-CLAIM-1..3): the claim token, derived from the key bytes with HKDF-SHA256,
and its SHA-256, the claim hash deposited at create. Neither reveals the key."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ._base64url import encode_base64url
from ._key import parse_key
from ._rules import CLAIM_INFO, CLAIM_SALT, CLAIM_TOKEN_BYTES


@dataclass(frozen=True, repr=False)
class Claim:
    token: str
    """base64url of the 32-byte token: sent only to consume, preview or burn."""
    hash: str
    """base64url of SHA-256(token bytes): deposited at create."""

    def __repr__(self) -> str:
        return "Claim(<redacted>)"


def claim_from_key_bytes(key_bytes: bytes) -> Claim:
    token = HKDF(
        algorithm=hashes.SHA256(),
        length=CLAIM_TOKEN_BYTES,
        salt=CLAIM_SALT.encode("utf-8"),
        info=CLAIM_INFO.encode("utf-8"),
    ).derive(key_bytes)
    digest = hashes.Hash(hashes.SHA256())
    digest.update(token)
    return Claim(encode_base64url(token), encode_base64url(digest.finalize()))


def claim_for_key(key: str) -> Claim:
    """The claim of a key string ``v1.…``; raises ValidationError(INVALID_KEY) for a malformed key."""
    return claim_from_key_bytes(parse_key(key))
