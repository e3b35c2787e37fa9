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
export const CALLBACK_SECRET_MIN_LENGTH = 1;
export const CALLBACK_SECRET_MAX_LENGTH = 256;
export const API_KEY_PREFIX = "zeph_";
export const API_KEY_PATTERN = "^zeph_[A-Za-z0-9_-]{43}$";
