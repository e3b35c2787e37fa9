// The POST /api/secrets body: one JSON Schema that both documents the API (/openapi.json) and
// validates requests, field by field in a fixed order so each failure gets its specific code
// (spec api.md §3.1). Deep blob checks come from the protocol core.
import { Ajv, type ValidateFunction } from 'ajv';
import {
  BLOB_CANONICAL_PATTERN, BLOB_FORMAT, BLOB_MIN_LENGTH, CALLBACK_SECRET_MAX_LENGTH, CALLBACK_SECRET_MIN_LENGTH, CALLBACK_URL_MAX_LENGTH,
  CALLBACK_URL_PATTERN, CLAIM_LENGTH, CLAIM_PATTERN, decodeBlob, EXPIRIES, HINT_MAX_LENGTH, HINT_MIN_LENGTH,
  HINT_PATTERN, IDEMPOTENCY_KEY_PATTERN, LEGACY_EXPIRY_HOURS, type LocalErrorCode, TAG_BYTES, ValidationError, type WireErrorCode,
} from 'zephr';
import type { CreateInput } from '../domain/secret-service.js';
import { RequestError } from './errors.js';

/** Each field's own rule, as the validator checks it (null counts as absent, see check()). */
const fieldSchemas = {
  // No character pattern: checkBlob's decode rejects every non-base64url character in the same
  // pass that decodes (INVALID_ENCRYPTED_BLOB_ENCODING either way), so a regex would only repeat it.
  encrypted_blob: {
    type: 'string', minLength: 1,
    description: 'base64url(UTF-8 JSON {"iv","ciphertext"}), unpadded; see protocol/spec/v1/protocol.md §4. Longer than the tier ceiling: 413.',
  },
  expiry: { type: 'integer', enum: [...EXPIRIES], description: 'Minutes until expiry. Required unless expiry_hours is sent.' },
  expiry_hours: { type: 'integer', enum: [...LEGACY_EXPIRY_HOURS], deprecated: true, description: 'Legacy form of expiry (hours) sent by older clients.' },
  split_url_mode: { type: 'boolean', description: 'Recorded only: the recipient enters the key separately. Default false.' },
  hint: { type: 'string', minLength: HINT_MIN_LENGTH, maxLength: HINT_MAX_LENGTH, pattern: HINT_PATTERN, description: `Plaintext label (not encrypted), ${HINT_MIN_LENGTH}-${HINT_MAX_LENGTH} printable ASCII.` },
  callback_url: {
    type: 'string', maxLength: CALLBACK_URL_MAX_LENGTH,
    description: 'https://host[:port][/path][?query] (a DNS name, IPv4 or bracketed IPv6 address; no credentials or fragment); requires an API key and callback_secret. A server started with ZEPHR_WEBHOOK_ALLOW_HTTP also takes http://.',
  },
  callback_secret: { type: 'string', minLength: CALLBACK_SECRET_MIN_LENGTH, maxLength: CALLBACK_SECRET_MAX_LENGTH, description: 'HMAC-SHA256 key for the webhook signature; only with callback_url.' },
  claim_hash: {
    type: 'string', minLength: CLAIM_LENGTH, maxLength: CLAIM_LENGTH, pattern: CLAIM_PATTERN,
    description: 'base64url SHA-256 of the claim token (protocol/spec/v1/protocol.md §10). When set, only a claim with that token consumes, previews or burns the secret; a plain GET answers 404.',
  },
} as const;

type Field = keyof typeof fieldSchemas;

/** A field that may also be sent as null, meaning absent. */
function nullable<S extends { type: string; enum?: readonly unknown[] }>(schema: S): object {
  return { ...schema, type: [schema.type, 'null'], ...(schema.enum && { enum: [...schema.enum, null] }) };
}

const absent = { type: 'null' };

/**
 * The documented body (/openapi.json): the field rules plus what the validator enforces beyond
 * them, so that a body is schema-valid exactly when the server accepts it (short of the tier's
 * expiry set and size ceiling, and the API-key-only callbacks, which answer 403 or 413). The blob's
 * structure is the custom format BLOB_FORMAT; its canonical pattern and minimum length are what
 * decodeBlob implies. Unknown members are ignored, for clients newer than the server.
 */
export const createSecretBodySchema = {
  type: 'object',
  required: ['encrypted_blob'],
  properties: {
    encrypted_blob: {
      type: 'string', format: BLOB_FORMAT, minLength: BLOB_MIN_LENGTH,
      description: `${fieldSchemas.encrypted_blob.description} Format ${BLOB_FORMAT}: canonical unpadded base64url (${BLOB_CANONICAL_PATTERN}) of UTF-8 JSON with exactly the string members "iv" (12 bytes) and "ciphertext" (at least 17 bytes), each canonical base64url.`,
    },
    expiry: nullable(fieldSchemas.expiry),
    expiry_hours: nullable(fieldSchemas.expiry_hours),
    split_url_mode: nullable(fieldSchemas.split_url_mode),
    hint: nullable(fieldSchemas.hint),
    callback_url: nullable({ ...fieldSchemas.callback_url, pattern: CALLBACK_URL_PATTERN }),
    callback_secret: nullable(fieldSchemas.callback_secret),
    claim_hash: nullable(fieldSchemas.claim_hash),
  },
  allOf: [
    {
      description: 'Exactly one of expiry and expiry_hours.',
      oneOf: [
        { required: ['expiry'], properties: { expiry: { type: 'integer' }, expiry_hours: absent } },
        { required: ['expiry_hours'], properties: { expiry_hours: { type: 'integer' }, expiry: absent } },
      ],
    },
    {
      description: 'callback_url and callback_secret come together.',
      anyOf: [
        { required: ['callback_url', 'callback_secret'], properties: { callback_url: { type: 'string' }, callback_secret: { type: 'string' } } },
        { properties: { callback_url: absent, callback_secret: absent } },
      ],
    },
  ],
  additionalProperties: true,
} as const;

/** Per field: the code for a wrong JSON type, a bad length, and any other violation. */
const CODES: Record<Field, { type: WireErrorCode; length?: WireErrorCode; invalid: WireErrorCode }> = {
  encrypted_blob: { type: 'INVALID_ENCRYPTED_BLOB_TYPE', invalid: 'INVALID_ENCRYPTED_BLOB_ENCODING' },
  expiry: { type: 'INVALID_EXPIRY', invalid: 'INVALID_EXPIRY' },
  expiry_hours: { type: 'INVALID_EXPIRY', invalid: 'INVALID_EXPIRY' },
  split_url_mode: { type: 'INVALID_SPLIT_URL_MODE', invalid: 'INVALID_SPLIT_URL_MODE' },
  hint: { type: 'INVALID_HINT', invalid: 'INVALID_HINT' },
  callback_url: { type: 'INVALID_CALLBACK_URL_TYPE', length: 'INVALID_CALLBACK_URL_LENGTH', invalid: 'INVALID_CALLBACK_URL_FORMAT' },
  callback_secret: { type: 'INVALID_CALLBACK_SECRET_TYPE', length: 'INVALID_CALLBACK_SECRET_LENGTH', invalid: 'INVALID_CALLBACK_SECRET_LENGTH' },
  claim_hash: { type: 'INVALID_CLAIM_HASH', invalid: 'INVALID_CLAIM_HASH' },
};

const BLOB_CODES: Partial<Record<LocalErrorCode, WireErrorCode>> = {
  INVALID_BASE64URL: 'INVALID_ENCRYPTED_BLOB_ENCODING',
  INVALID_BLOB: 'INVALID_ENCRYPTED_BLOB_FORMAT',
  INVALID_IV: 'INVALID_IV_LENGTH',
  INVALID_CIPHERTEXT: 'INVALID_CIPHERTEXT_LENGTH',
};

const ajv = new Ajv({ allErrors: false, strict: true, coerceTypes: false, useDefaults: false });
const validators = Object.fromEntries(
  Object.entries(fieldSchemas).map(([field, schema]) => [field, ajv.compile(schema)]),
) as Record<Field, ValidateFunction>;

function check(body: Record<string, unknown>, field: Field): boolean {
  const value = body[field];
  // null is treated as absent for every field: some clients serialise unset options as null.
  if (value === undefined || value === null) return false;
  const validate = validators[field];
  if (!validate(value)) {
    const keyword = validate.errors?.[0]?.keyword;
    const codes = CODES[field];
    const code = keyword === 'type' ? codes.type : (keyword === 'maxLength' || keyword === 'minLength') && codes.length ? codes.length : codes.invalid;
    throw new RequestError(code);
  }
  return true;
}

/** Checks the blob and returns the bytes of secret it carries (ciphertext minus the tag). */
function checkBlob(blob: string, decode: (blob: string) => { ciphertext: Uint8Array }): number {
  try {
    return decode(blob).ciphertext.length - TAG_BYTES;
  } catch (error) {
    if (error instanceof ValidationError && BLOB_CODES[error.code]) throw new RequestError(BLOB_CODES[error.code]!, error.message);
    throw error;
  }
}

function checkCallbackUrl(text: string, allowHttp: boolean): void {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RequestError('INVALID_CALLBACK_URL_FORMAT');
  }
  if (url.username !== '' || url.password !== '' || url.hash !== '' || url.hostname === '') {
    throw new RequestError('INVALID_CALLBACK_URL_FORMAT', 'callback_url must not contain credentials or a fragment');
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) throw new RequestError('INVALID_CALLBACK_URL_PROTOCOL');
  // The parser is lenient (HTTPS:host, tabs, stray backslashes); the documented form is exact.
  const pattern = allowHttp && url.protocol === 'http:' ? HTTP_CALLBACK_URL : HTTPS_CALLBACK_URL;
  if (!pattern.test(text)) {
    throw new RequestError('INVALID_CALLBACK_URL_FORMAT', 'callback_url must be https://host[:port][/path][?query] with a DNS name or IP address and printable ASCII only');
  }
}

const HTTPS_CALLBACK_URL = new RegExp(CALLBACK_URL_PATTERN, 'u');
const HTTP_CALLBACK_URL = new RegExp(CALLBACK_URL_PATTERN.replace('^https://', '^http://'), 'u');

export type ValidatedCreate = Omit<CreateInput, 'idempotencyKey'>;

/** Validates a parsed JSON body in the spec's order; throws RequestError with the first failure. */
export function validateCreateBody(body: unknown, options: { allowHttpCallbacks?: boolean } = {}): ValidatedCreate {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RequestError('INVALID_REQUEST_BODY');
  const b = body as Record<string, unknown>;
  return { ...readBlob(b, decodeBlob), ...readOptions(b, options) };
}

/** The fields after the blob, in the table's order (shared with the request body, request-body.ts). */
export function readOptions(b: Record<string, unknown>, options: { allowHttpCallbacks?: boolean }): Omit<ValidatedCreate, 'blob' | 'secretBytes'> {
  const hasExpiry = check(b, 'expiry');
  const hasHours = check(b, 'expiry_hours');
  if (hasExpiry && hasHours) throw new RequestError('INVALID_EXPIRY', 'Send expiry or expiry_hours, not both');
  if (!hasExpiry && !hasHours) throw new RequestError('MISSING_EXPIRY');
  const expiryMinutes = hasExpiry ? (b.expiry as number) : (b.expiry_hours as number) * 60;
  const splitUrlMode = check(b, 'split_url_mode') ? (b.split_url_mode as boolean) : false;
  const hint = check(b, 'hint') ? (b.hint as string) : null;
  const hasUrl = check(b, 'callback_url');
  if (hasUrl) checkCallbackUrl(b.callback_url as string, options.allowHttpCallbacks ?? false);
  const secretPresent = b.callback_secret !== undefined && b.callback_secret !== null;
  if (hasUrl && !secretPresent) throw new RequestError('MISSING_CALLBACK_SECRET');
  if (!hasUrl && secretPresent) throw new RequestError('UNEXPECTED_CALLBACK_SECRET');
  check(b, 'callback_secret');
  const claimHash = check(b, 'claim_hash') ? (b.claim_hash as string) : null;
  return {
    expiryMinutes, splitUrlMode, hint, claimHash,
    callback: hasUrl ? { url: b.callback_url as string, secret: b.callback_secret as string } : null,
  };
}

/** encrypted_blob, checked by `decode`: the bytes of secret it carries (ciphertext minus the tag). */
export function readBlob(b: Record<string, unknown>, decode: (blob: string) => { ciphertext: Uint8Array }): { blob: string; secretBytes: number } {
  if (!check(b, 'encrypted_blob')) throw new RequestError('MISSING_ENCRYPTED_BLOB');
  const blob = b.encrypted_blob as string;
  return { blob, secretBytes: checkBlob(blob, decode) };
}

const IDEMPOTENCY_KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);

/** The Idempotency-Key header: absent is fine; anything but 1-64 [A-Za-z0-9-] is 400. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  if (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header)) throw new RequestError('INVALID_IDEMPOTENCY_KEY');
  return header;
}
