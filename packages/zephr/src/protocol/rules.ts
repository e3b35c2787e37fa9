// Generated from protocol/rules.json by protocol/tools/generate.ts. Do not edit by hand.
// Every API field rule of protocol v1 (spec P-CRYPTO-1, P-ID-1, P-KEY-1, api.md §3-4).

export const KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
/** 1 byte of ciphertext plus the tag: an empty plaintext is never stored. */
export const MIN_CIPHERTEXT_BYTES = 17;
export const SECRET_ID_BYTES = 16;
export const SECRET_ID_LENGTH = 22;
export const SECRET_ID_PATTERN = "^[A-Za-z0-9_-]{22}$";
export const KEY_VERSION_PREFIX = "v1.";
export const KEY_STRING_LENGTH = 46;
/** The characters of an encrypted_blob (its structure is checked by decodeBlob). */
export const BLOB_PATTERN = "^[A-Za-z0-9_-]+$";
/** What decodeBlob implies, for API documents: canonical base64url of at least BLOB_MIN_LENGTH characters. */
export const BLOB_CANONICAL_PATTERN = "^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}[AEIMQUYcgkosw048]|[A-Za-z0-9_-][AQgw])?$";
export const BLOB_MIN_LENGTH = 86;
/** The OpenAPI format name of an encrypted_blob (a fuzzer registers a generator for it). */
export const BLOB_FORMAT = "zephr-encrypted-blob";

/** Every expiry the protocol allows, in minutes; a server's tiers allow a subset. */
export const EXPIRIES = [5, 15, 30, 60, 1440, 10080, 43200] as const;
export type Expiry = (typeof EXPIRIES)[number];
export const DEFAULT_EXPIRY: Expiry = 60;
/** How each expiry reads to a person. */
export const EXPIRY_LABELS: Readonly<Record<Expiry, string>> = {
  5: "5 minutes",
  15: "15 minutes",
  30: "30 minutes",
  60: "1 hour",
  1440: "24 hours",
  10080: "7 days",
  43200: "30 days",
};
/** The legacy expiry_hours values (an earlier protocol counted hours); each is an expiry above. */
export const LEGACY_EXPIRY_HOURS = [1, 24, 168, 720] as const;

export const TIER_NAMES = ["anonymous", "free", "dev", "pro"] as const;
export type TierName = (typeof TIER_NAMES)[number];

export const HINT_MIN_LENGTH = 1;
export const HINT_MAX_LENGTH = 128;
/** 1-128 printable ASCII characters. */
export const HINT_PATTERN = "^[\\x20-\\x7E]{1,128}$";
export const IDEMPOTENCY_KEY_MAX_LENGTH = 64;
export const IDEMPOTENCY_KEY_PATTERN = "^[A-Za-z0-9-]{1,64}$";
export const CALLBACK_URL_MAX_LENGTH = 2048;
/** https://host[:port][/path?query]: no credentials, no fragment; every match parses as a URL. */
export const CALLBACK_URL_PATTERN = "^https://(?:(?:(?![Xx][Nn]--)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)*(?![Xx][Nn]--)[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.?|(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])|\\[(?:(?:[0-9A-Fa-f]{1,4}:){6}(?:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}|(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))|::(?:[0-9A-Fa-f]{1,4}:){5}(?:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}|(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))|(?:[0-9A-Fa-f]{1,4})?::(?:[0-9A-Fa-f]{1,4}:){4}(?:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}|(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))|(?:(?:[0-9A-Fa-f]{1,4}:){0,1}[0-9A-Fa-f]{1,4})?::(?:[0-9A-Fa-f]{1,4}:){3}(?:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}|(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))|(?:(?:[0-9A-Fa-f]{1,4}:){0,2}[0-9A-Fa-f]{1,4})?::(?:[0-9A-Fa-f]{1,4}:){2}(?:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}|(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))|(?:(?:[0-9A-Fa-f]{1,4}:){0,3}[0-9A-Fa-f]{1,4})?::[0-9A-Fa-f]{1,4}:(?:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}|(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))|(?:(?:[0-9A-Fa-f]{1,4}:){0,4}[0-9A-Fa-f]{1,4})?::(?:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}|(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))|(?:(?:[0-9A-Fa-f]{1,4}:){0,5}[0-9A-Fa-f]{1,4})?::[0-9A-Fa-f]{1,4}|(?:(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4})?::)\\])(?::(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}))?(?:[/?][!\"$-~]*)?$";
export const CALLBACK_SECRET_MIN_LENGTH = 1;
export const CALLBACK_SECRET_MAX_LENGTH = 256;
export const API_KEY_PREFIX = "zeph_";
export const API_KEY_PATTERN = "^zeph_[A-Za-z0-9_-]{43}$";

/** Proof of key (spec P-CLAIM-1..2): the claim token is HKDF-SHA256(key bytes, CLAIM_SALT, CLAIM_INFO), CLAIM_TOKEN_BYTES long. */
export const CLAIM_SALT = "";
export const CLAIM_INFO = "zephr/v1/claim";
export const CLAIM_TOKEN_BYTES = 32;
/** A claim token and a claim hash are both CLAIM_LENGTH characters of canonical base64url. */
export const CLAIM_LENGTH = 43;
export const CLAIM_PATTERN = "^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$";
/** How long a server keeps a claimed blob for a retry of the same claim, by default (spec A-CLAIM-4). */
export const CLAIM_RETRY_WINDOW_SECONDS = 60;

/** Requests (spec P-REQ-1..7): an ECDH P-256 pair, its public key in the request link's fragment. */
export const REQUEST_PUBLIC_KEY_BYTES = 65;
export const REQUEST_PRIVATE_KEY_BYTES = 32;
/** REQUEST_KEY_PREFIX + base64url(uncompressed point): REQUEST_KEY_LENGTH characters. */
export const REQUEST_KEY_PREFIX = "r1.";
export const REQUEST_KEY_LENGTH = 90;
/** REQUEST_PRIVATE_KEY_PREFIX + base64url(d): REQUEST_PRIVATE_KEY_LENGTH characters. */
export const REQUEST_PRIVATE_KEY_PREFIX = "r1p.";
export const REQUEST_PRIVATE_KEY_LENGTH = 47;
/** HKDF info of the sender's AES key (P-REQ-5) and of the request claim token (P-REQ-4). */
export const REQUEST_INFO = "zephr/v1/request";
export const REQUEST_CLAIM_INFO = "zephr/v1/request-claim";
/** The longest a receive call waits for the fulfilment (spec A-REQ-4). */
export const REQUEST_WAIT_MAX_SECONDS = 30;
