"""Protocol v1, the one Python implementation: the SDK functions build on it.

Use it directly to encrypt or decrypt without a server round trip, or to check links and keys.
"""

from ._base64url import base64url_length, base64url_problem, decode_base64url, encode_base64url
from ._blob import BlobParts, blob_json, decode_blob, encode_blob
from ._cipher import SealedSecret, decrypt_bytes, decrypt_secret, encrypt_bytes, encrypt_secret
from ._claim import Claim, claim_for_key, claim_from_key_bytes
from ._key import format_key, key_problem, parse_key
from ._link import (
    ParsedLink,
    build_link,
    build_secret_url,
    is_secret_id,
    normalize_origin,
    parse_link,
    parse_secret_url,
    parse_split_link,
)
from ._rules import (
    IV_BYTES,
    KEY_BYTES,
    KEY_STRING_LENGTH,
    KEY_VERSION_PREFIX,
    MIN_CIPHERTEXT_BYTES,
    SECRET_ID_LENGTH,
    TAG_BYTES,
)
from ._sizes import blob_length, max_plaintext_bytes

__all__ = [
    "IV_BYTES",
    "KEY_BYTES",
    "KEY_STRING_LENGTH",
    "KEY_VERSION_PREFIX",
    "MIN_CIPHERTEXT_BYTES",
    "SECRET_ID_LENGTH",
    "TAG_BYTES",
    "BlobParts",
    "Claim",
    "ParsedLink",
    "SealedSecret",
    "base64url_length",
    "base64url_problem",
    "blob_json",
    "blob_length",
    "build_link",
    "build_secret_url",
    "claim_for_key",
    "claim_from_key_bytes",
    "decode_base64url",
    "decode_blob",
    "decrypt_bytes",
    "decrypt_secret",
    "encode_base64url",
    "encode_blob",
    "encrypt_bytes",
    "encrypt_secret",
    "format_key",
    "is_secret_id",
    "key_problem",
    "max_plaintext_bytes",
    "normalize_origin",
    "parse_key",
    "parse_link",
    "parse_secret_url",
    "parse_split_link",
]
