// Renders protocol/rules.json (every API field rule) into the one module per language that the
// packages import. Run through generate.ts, which also checks they are current.
import { readFileSync } from 'node:fs';

export interface Rules {
  crypto: { key_bytes: number; iv_bytes: number; tag_bytes: number; min_ciphertext_bytes: number };
  secret_id: { bytes: number; length: number; pattern: string };
  key_string: { prefix: string; length: number };
  encrypted_blob: { pattern: string; format: string };
  expiry: { default_minutes: number; options: { minutes: number; label: string }[]; legacy_hours: number[] };
  tiers: string[];
  hint: { min_length: number; max_length: number; pattern: string };
  idempotency_key: { min_length: number; max_length: number; pattern: string };
  callback_url: { max_length: number };
  callback_secret: { min_length: number; max_length: number };
  api_key: { prefix: string; pattern: string };
  claim: { kdf: string; salt: string; info: string; token_bytes: number; length: number; pattern: string; retry_window_seconds: number };
  request: { curve: string; public_key_bytes: number; private_key_bytes: number; key_prefix: string; private_key_prefix: string; info: string; claim_info: string; wait_max_seconds: number };
}

export function readRules(path: string): Rules {
  const rules = JSON.parse(readFileSync(path, 'utf8')) as Rules & { $comment?: string; version?: number };
  const minutes = rules.expiry.options.map((o) => o.minutes);
  if (!minutes.includes(rules.expiry.default_minutes)) throw new Error('rules.json: the default expiry is not one of the options');
  if (rules.expiry.legacy_hours.some((h) => !minutes.includes(h * 60))) throw new Error('rules.json: a legacy hour value is not one of the options');
  for (const p of [rules.secret_id.pattern, rules.encrypted_blob.pattern, rules.hint.pattern, rules.idempotency_key.pattern, rules.api_key.pattern, rules.claim.pattern]) {
    if (!p.startsWith('^') || !p.endsWith('$')) throw new Error(`rules.json: pattern ${p} must be anchored`);
  }
  if (rules.claim.kdf !== 'HKDF-SHA256' || rules.claim.length !== b64Length(rules.claim.token_bytes)) throw new Error('rules.json: claim must be HKDF-SHA256 with length = base64url of token_bytes');
  delete rules.$comment;
  delete rules.version;
  delete (rules.claim as { $comment?: string }).$comment;
  if (rules.request.curve !== 'P-256' || rules.request.public_key_bytes !== 65 || rules.request.private_key_bytes !== 32) throw new Error('rules.json: requests are P-256 with 65-byte public and 32-byte private keys');
  delete (rules.request as { $comment?: string }).$comment;
  return rules;
}

const b64Length = (bytes: number) => Math.ceil((bytes * 4) / 3);

/** The shortest blob that can decode: the compact JSON with a 12-byte IV and the smallest ciphertext. */
export function blobMinLength(r: Rules): number {
  const json = JSON.stringify({ iv: 'A'.repeat(b64Length(r.crypto.iv_bytes)), ciphertext: 'A'.repeat(b64Length(r.crypto.min_ciphertext_bytes)) });
  return b64Length(json.length);
}

/** Canonical unpadded base64url (P-B64-3): no length of 1 mod 4, and zero bits past the last byte. */
export const CANONICAL_BASE64URL_PATTERN = '^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}[AEIMQUYcgkosw048]|[A-Za-z0-9_-][AQgw])?$';

/**
 * The callback URLs the server accepts, as one pattern (see the $comment in rules.json). It is
 * deliberately narrower than the WHATWG parser so that every match also parses: hosts whose last
 * label is numeric would be read as IPv4, xn-- labels must be valid punycode, ports stop at 65535.
 */
export function callbackUrlPattern(): string {
  const dec = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
  const v4 = `(?:${dec}\\.){3}${dec}`;
  const h = '[0-9A-Fa-f]{1,4}';
  const ls32 = `(?:${h}:${h}|${v4})`;
  const v6 = '(?:' + [
    `(?:${h}:){6}${ls32}`,
    `::(?:${h}:){5}${ls32}`,
    `(?:${h})?::(?:${h}:){4}${ls32}`,
    `(?:(?:${h}:){0,1}${h})?::(?:${h}:){3}${ls32}`,
    `(?:(?:${h}:){0,2}${h})?::(?:${h}:){2}${ls32}`,
    `(?:(?:${h}:){0,3}${h})?::${h}:${ls32}`,
    `(?:(?:${h}:){0,4}${h})?::${ls32}`,
    `(?:(?:${h}:){0,5}${h})?::${h}`,
    `(?:(?:${h}:){0,6}${h})?::`,
  ].join('|') + ')';
  const label = '(?![Xx][Nn]--)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
  const last = '(?![Xx][Nn]--)[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
  const name = `(?:${label}\\.)*${last}\\.?`;
  const port = '(?::(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}))?';
  const rest = '(?:[/?][!"$-~]*)?';
  return `^https://(?:${name}|${v4}|\\[${v6}\\])${port}${rest}$`;
}

const HEADER = 'Generated from protocol/rules.json by protocol/tools/generate.ts. Do not edit by hand.';

export function renderRulesTs(r: Rules): string {
  const list = (xs: (string | number)[]) => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`;
  const labels = r.expiry.options.map((o) => `  ${o.minutes}: ${JSON.stringify(o.label)},`).join('\n');
  return `// ${HEADER}
// Every API field rule of protocol v1 (spec P-CRYPTO-1, P-ID-1, P-KEY-1, api.md §3-4).

export const KEY_BYTES = ${r.crypto.key_bytes};
export const IV_BYTES = ${r.crypto.iv_bytes};
export const TAG_BYTES = ${r.crypto.tag_bytes};
/** 1 byte of ciphertext plus the tag: an empty plaintext is never stored. */
export const MIN_CIPHERTEXT_BYTES = ${r.crypto.min_ciphertext_bytes};
export const SECRET_ID_BYTES = ${r.secret_id.bytes};
export const SECRET_ID_LENGTH = ${r.secret_id.length};
export const SECRET_ID_PATTERN = ${JSON.stringify(r.secret_id.pattern)};
export const KEY_VERSION_PREFIX = ${JSON.stringify(r.key_string.prefix)};
export const KEY_STRING_LENGTH = ${r.key_string.length};
/** The characters of an encrypted_blob (its structure is checked by decodeBlob). */
export const BLOB_PATTERN = ${JSON.stringify(r.encrypted_blob.pattern)};
/** What decodeBlob implies, for API documents: canonical base64url of at least BLOB_MIN_LENGTH characters. */
export const BLOB_CANONICAL_PATTERN = ${JSON.stringify(CANONICAL_BASE64URL_PATTERN)};
export const BLOB_MIN_LENGTH = ${blobMinLength(r)};
/** The OpenAPI format name of an encrypted_blob (a fuzzer registers a generator for it). */
export const BLOB_FORMAT = ${JSON.stringify(r.encrypted_blob.format)};

/** Every expiry the protocol allows, in minutes; a server's tiers allow a subset. */
export const EXPIRIES = ${list(r.expiry.options.map((o) => o.minutes))} as const;
export type Expiry = (typeof EXPIRIES)[number];
export const DEFAULT_EXPIRY: Expiry = ${r.expiry.default_minutes};
/** How each expiry reads to a person. */
export const EXPIRY_LABELS: Readonly<Record<Expiry, string>> = {
${labels}
};
/** The legacy expiry_hours values (an earlier protocol counted hours); each is an expiry above. */
export const LEGACY_EXPIRY_HOURS = ${list(r.expiry.legacy_hours)} as const;

export const TIER_NAMES = ${list(r.tiers)} as const;
export type TierName = (typeof TIER_NAMES)[number];

export const HINT_MIN_LENGTH = ${r.hint.min_length};
export const HINT_MAX_LENGTH = ${r.hint.max_length};
/** 1-${r.hint.max_length} printable ASCII characters. */
export const HINT_PATTERN = ${JSON.stringify(r.hint.pattern)};
export const IDEMPOTENCY_KEY_MAX_LENGTH = ${r.idempotency_key.max_length};
export const IDEMPOTENCY_KEY_PATTERN = ${JSON.stringify(r.idempotency_key.pattern)};
export const CALLBACK_URL_MAX_LENGTH = ${r.callback_url.max_length};
/** https://host[:port][/path?query]: no credentials, no fragment; every match parses as a URL. */
export const CALLBACK_URL_PATTERN = ${JSON.stringify(callbackUrlPattern())};
export const CALLBACK_SECRET_MIN_LENGTH = ${r.callback_secret.min_length};
export const CALLBACK_SECRET_MAX_LENGTH = ${r.callback_secret.max_length};
export const API_KEY_PREFIX = ${JSON.stringify(r.api_key.prefix)};
export const API_KEY_PATTERN = ${JSON.stringify(r.api_key.pattern)};

/** Proof of key (spec P-CLAIM-1..2): the claim token is HKDF-SHA256(key bytes, CLAIM_SALT, CLAIM_INFO), CLAIM_TOKEN_BYTES long. */
export const CLAIM_SALT = ${JSON.stringify(r.claim.salt)};
export const CLAIM_INFO = ${JSON.stringify(r.claim.info)};
export const CLAIM_TOKEN_BYTES = ${r.claim.token_bytes};
/** A claim token and a claim hash are both CLAIM_LENGTH characters of canonical base64url. */
export const CLAIM_LENGTH = ${r.claim.length};
export const CLAIM_PATTERN = ${JSON.stringify(r.claim.pattern)};
/** How long a server keeps a claimed blob for a retry of the same claim, by default (spec A-CLAIM-4). */
export const CLAIM_RETRY_WINDOW_SECONDS = ${r.claim.retry_window_seconds};

/** Requests (spec P-REQ-1..7): an ECDH P-256 pair, its public key in the request link's fragment. */
export const REQUEST_PUBLIC_KEY_BYTES = ${r.request.public_key_bytes};
export const REQUEST_PRIVATE_KEY_BYTES = ${r.request.private_key_bytes};
/** REQUEST_KEY_PREFIX + base64url(uncompressed point): REQUEST_KEY_LENGTH characters. */
export const REQUEST_KEY_PREFIX = ${JSON.stringify(r.request.key_prefix)};
export const REQUEST_KEY_LENGTH = ${r.request.key_prefix.length + b64Length(r.request.public_key_bytes)};
/** REQUEST_PRIVATE_KEY_PREFIX + base64url(d): REQUEST_PRIVATE_KEY_LENGTH characters. */
export const REQUEST_PRIVATE_KEY_PREFIX = ${JSON.stringify(r.request.private_key_prefix)};
export const REQUEST_PRIVATE_KEY_LENGTH = ${r.request.private_key_prefix.length + b64Length(r.request.private_key_bytes)};
/** HKDF info of the sender's AES key (P-REQ-5) and of the request claim token (P-REQ-4). */
export const REQUEST_INFO = ${JSON.stringify(r.request.info)};
export const REQUEST_CLAIM_INFO = ${JSON.stringify(r.request.claim_info)};
/** The longest a receive call waits for the fulfilment (spec A-REQ-4). */
export const REQUEST_WAIT_MAX_SECONDS = ${r.request.wait_max_seconds};
`;
}

/** Python's `$` also matches before a final newline, so Python gets the unanchored body for fullmatch. */
const body = (pattern: string) => pattern.slice(1, -1);

export function renderRulesPy(r: Rules): string {
  const py = (s: string) => JSON.stringify(s);
  const raw = (s: string) => `r"${s.replaceAll('"', '\\"')}"`;
  const tuple = (xs: (string | number)[]) => `(${xs.map((x) => (typeof x === 'string' ? py(x) : String(x))).join(', ')}${xs.length === 1 ? ',' : ''})`;
  const labels = r.expiry.options.map((o) => `    ${o.minutes}: ${py(o.label)},`).join('\n');
  return `# ${HEADER}
"""Every API field rule of protocol v1 (spec P-CRYPTO-1, P-ID-1, P-KEY-1, api.md sections 3-4).

Patterns are for \`\`re.fullmatch\`\`.
"""

from __future__ import annotations

from typing import Final

KEY_BYTES: Final = ${r.crypto.key_bytes}
IV_BYTES: Final = ${r.crypto.iv_bytes}
TAG_BYTES: Final = ${r.crypto.tag_bytes}
#: One byte of ciphertext plus the tag: an empty plaintext is never stored.
MIN_CIPHERTEXT_BYTES: Final = ${r.crypto.min_ciphertext_bytes}
SECRET_ID_BYTES: Final = ${r.secret_id.bytes}
SECRET_ID_LENGTH: Final = ${r.secret_id.length}
SECRET_ID_PATTERN: Final = ${raw(body(r.secret_id.pattern))}  # noqa: S105 (a pattern, not a password)
KEY_VERSION_PREFIX: Final = ${py(r.key_string.prefix)}
KEY_STRING_LENGTH: Final = ${r.key_string.length}

#: Every expiry the protocol allows, in minutes; a server's tiers allow a subset.
EXPIRIES: Final = ${tuple(r.expiry.options.map((o) => o.minutes))}
DEFAULT_EXPIRY: Final = ${r.expiry.default_minutes}
#: How each expiry reads to a person.
EXPIRY_LABELS: Final[dict[int, str]] = {
${labels}
}
#: The legacy expiry_hours values (an earlier protocol counted hours); each is an expiry above.
LEGACY_EXPIRY_HOURS: Final = ${tuple(r.expiry.legacy_hours)}

TIER_NAMES: Final = ${tuple(r.tiers)}

HINT_MAX_LENGTH: Final = ${r.hint.max_length}
HINT_PATTERN: Final = ${raw(body(r.hint.pattern))}
IDEMPOTENCY_KEY_PATTERN: Final = ${raw(body(r.idempotency_key.pattern))}
CALLBACK_URL_MAX_LENGTH: Final = ${r.callback_url.max_length}
CALLBACK_SECRET_MIN_LENGTH: Final = ${r.callback_secret.min_length}
CALLBACK_SECRET_MAX_LENGTH: Final = ${r.callback_secret.max_length}
API_KEY_PREFIX: Final = ${py(r.api_key.prefix)}
API_KEY_PATTERN: Final = ${raw(body(r.api_key.pattern))}

#: Proof of key (spec P-CLAIM-1..2): token = HKDF-SHA256(key bytes, CLAIM_SALT, CLAIM_INFO).
CLAIM_SALT: Final = ${py(r.claim.salt)}
CLAIM_INFO: Final = ${py(r.claim.info)}
CLAIM_TOKEN_BYTES: Final = ${r.claim.token_bytes}
CLAIM_LENGTH: Final = ${r.claim.length}
CLAIM_PATTERN: Final = ${raw(body(r.claim.pattern))}

#: Requests (spec P-REQ-1..7): an ECDH P-256 pair, its public key in the request link's fragment.
REQUEST_PUBLIC_KEY_BYTES: Final = ${r.request.public_key_bytes}
REQUEST_PRIVATE_KEY_BYTES: Final = ${r.request.private_key_bytes}
REQUEST_KEY_PREFIX: Final = ${py(r.request.key_prefix)}
REQUEST_KEY_LENGTH: Final = ${r.request.key_prefix.length + b64Length(r.request.public_key_bytes)}
REQUEST_PRIVATE_KEY_PREFIX: Final = ${py(r.request.private_key_prefix)}
REQUEST_PRIVATE_KEY_LENGTH: Final = ${r.request.private_key_prefix.length + b64Length(r.request.private_key_bytes)}
REQUEST_INFO: Final = ${py(r.request.info)}
REQUEST_CLAIM_INFO: Final = ${py(r.request.claim_info)}
REQUEST_WAIT_MAX_SECONDS: Final = ${r.request.wait_max_seconds}
`;
}
