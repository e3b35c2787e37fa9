"""Fixed sizes of protocol v1 (spec P-CRYPTO-1, P-ID-1, P-KEY-1)."""

from typing import Final

KEY_BYTES: Final = 32
IV_BYTES: Final = 12
TAG_BYTES: Final = 16
#: One byte of ciphertext plus the tag: an empty plaintext is never stored.
MIN_CIPHERTEXT_BYTES: Final = TAG_BYTES + 1
SECRET_ID_LENGTH: Final = 22
KEY_VERSION_PREFIX: Final = "v1."
#: ``v1.`` and 43 base64url characters.
KEY_STRING_LENGTH: Final = 46
