"""AES-256-GCM encryption and decryption of a secret (spec P-CRYPTO-1..7), via pyca/cryptography."""

from __future__ import annotations

from typing import NamedTuple

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..errors import EncryptionError
from ._blob import BlobParts, decode_blob, encode_blob
from ._key import format_key, parse_key
from ._random import random_bytes
from ._rules import IV_BYTES, KEY_BYTES


class SealedSecret(NamedTuple):
    key: str
    """The key string ``v1.…``: it belongs in the link fragment and never goes to a server."""
    blob: str
    """The encrypted blob, the only thing a server receives."""


def encrypt_bytes(plaintext: bytes) -> SealedSecret:
    """Encrypts raw bytes under a fresh random key and IV, without additional data."""
    key = random_bytes(KEY_BYTES)
    iv = random_bytes(IV_BYTES)
    try:
        ciphertext = AESGCM(key).encrypt(iv, plaintext, None)
    except Exception as error:  # cryptography raises several types; all mean the same here
        raise EncryptionError("ENCRYPTION_FAILED", "AES-GCM encryption failed") from error
    return SealedSecret(format_key(key), encode_blob(BlobParts(iv, ciphertext)))


def encrypt_secret(plaintext: str) -> SealedSecret:
    """Encrypts the UTF-8 bytes of ``plaintext`` as given: no trimming, no normalisation."""
    return encrypt_bytes(plaintext.encode("utf-8"))


def decrypt_bytes(blob: str, key: str) -> bytes:
    """Decrypts a blob to raw bytes. Checks the key first, then the blob (ValidationError), then
    authenticates (EncryptionError DECRYPTION_FAILED)."""
    # The key is checked first (P-CRYPTO-7): it is what a person mistypes.
    key_bytes = parse_key(key)
    iv, ciphertext = decode_blob(blob)
    try:
        return AESGCM(key_bytes).decrypt(iv, ciphertext, None)
    except InvalidTag as error:
        raise EncryptionError("DECRYPTION_FAILED") from error


def decrypt_secret(blob: str, key: str) -> str:
    """Decrypts a blob to the secret string; bytes that are not strict UTF-8 are INVALID_PLAINTEXT."""
    data = decrypt_bytes(blob, key)
    try:
        # Strict: malformed sequences, surrogates and overlong forms all fail; a BOM is kept.
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise EncryptionError("INVALID_PLAINTEXT") from error
