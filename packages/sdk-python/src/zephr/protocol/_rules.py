# Generated from protocol/rules.json by protocol/tools/generate.ts. Do not edit by hand.
"""Every API field rule of protocol v1 (spec P-CRYPTO-1, P-ID-1, P-KEY-1, api.md sections 3-4).

Patterns are for ``re.fullmatch``.
"""

from __future__ import annotations

from typing import Final

KEY_BYTES: Final = 32
IV_BYTES: Final = 12
TAG_BYTES: Final = 16
#: One byte of ciphertext plus the tag: an empty plaintext is never stored.
MIN_CIPHERTEXT_BYTES: Final = 17
SECRET_ID_BYTES: Final = 16
SECRET_ID_LENGTH: Final = 22
SECRET_ID_PATTERN: Final = r"[A-Za-z0-9_-]{22}"  # noqa: S105 (a pattern, not a password)
KEY_VERSION_PREFIX: Final = "v1."
KEY_STRING_LENGTH: Final = 46

#: Every expiry the protocol allows, in minutes; a server's tiers allow a subset.
EXPIRIES: Final = (5, 15, 30, 60, 1440, 10080, 43200)
DEFAULT_EXPIRY: Final = 60
#: How each expiry reads to a person.
EXPIRY_LABELS: Final[dict[int, str]] = {
    5: "5 minutes",
    15: "15 minutes",
    30: "30 minutes",
    60: "1 hour",
    1440: "24 hours",
    10080: "7 days",
    43200: "30 days",
}
#: The legacy expiry_hours values (an earlier protocol counted hours); each is an expiry above.
LEGACY_EXPIRY_HOURS: Final = (1, 24, 168, 720)

TIER_NAMES: Final = ("anonymous", "free", "dev", "pro")

HINT_MAX_LENGTH: Final = 128
HINT_PATTERN: Final = r"[\x20-\x7E]{1,128}"
IDEMPOTENCY_KEY_PATTERN: Final = r"[A-Za-z0-9-]{1,64}"
CALLBACK_URL_MAX_LENGTH: Final = 2048
CALLBACK_SECRET_MIN_LENGTH: Final = 1
CALLBACK_SECRET_MAX_LENGTH: Final = 256
API_KEY_PREFIX: Final = "zeph_"
API_KEY_PATTERN: Final = r"zeph_[A-Za-z0-9_-]{43}"

#: Proof of key (spec P-CLAIM-1..2): token = HKDF-SHA256(key bytes, CLAIM_SALT, CLAIM_INFO).
CLAIM_SALT: Final = ""
CLAIM_INFO: Final = "zephr/v1/claim"
CLAIM_TOKEN_BYTES: Final = 32
CLAIM_LENGTH: Final = 43
CLAIM_PATTERN: Final = r"[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]"

#: Requests (spec P-REQ-1..7): an ECDH P-256 pair, its public key in the request link's fragment.
REQUEST_PUBLIC_KEY_BYTES: Final = 65
REQUEST_PRIVATE_KEY_BYTES: Final = 32
REQUEST_KEY_PREFIX: Final = "r1."
REQUEST_KEY_LENGTH: Final = 90
REQUEST_PRIVATE_KEY_PREFIX: Final = "r1p."
REQUEST_PRIVATE_KEY_LENGTH: Final = 47
REQUEST_INFO: Final = "zephr/v1/request"
REQUEST_CLAIM_INFO: Final = "zephr/v1/request-claim"
REQUEST_WAIT_MAX_SECONDS: Final = 30
