// Secret ids: 16 random bytes as 22 base64url characters, opaque to clients (spec P-ID-1..2).
import { encodeBase64Url } from './base64url.js';
import { SECRET_ID_BYTES, SECRET_ID_PATTERN } from './rules.js';
import { randomBytes } from './random.js';

const SECRET_ID = new RegExp(SECRET_ID_PATTERN);

/** Clients accept any 22 base64url characters: the id is opaque (P-ID-2). */
export function isSecretId(value: unknown): value is string {
  return typeof value === 'string' && SECRET_ID.test(value);
}

/** A new id from 16 random bytes (servers only, P-ID-1). */
export function generateSecretId(): string {
  return encodeBase64Url(randomBytes(SECRET_ID_BYTES));
}
