// The key string `v1.<base64url of 32 bytes>` (spec P-KEY-1..3).
import { ValidationError } from '../errors.js';
import { base64UrlProblem, decodeBase64Url, encodeBase64Url } from './base64url.js';
import { KEY_BYTES, KEY_STRING_LENGTH, KEY_VERSION_PREFIX } from './rules.js';
import type { Bytes } from './random.js';

export function formatKey(keyBytes: Uint8Array): string {
  if (keyBytes.length !== KEY_BYTES) throw new ValidationError('INVALID_KEY', `Key must be ${KEY_BYTES} bytes`);
  return KEY_VERSION_PREFIX + encodeBase64Url(keyBytes);
}

/** Why `text` is not a valid key string, or null. Lets callers check a key without throwing. */
export function keyProblem(text: unknown): string | null {
  if (typeof text !== 'string') return 'key must be a string';
  if (!text.startsWith(KEY_VERSION_PREFIX)) {
    return /^v\d+\./i.test(text) ? `unsupported key version "${text.slice(0, text.indexOf('.') + 1)}" (expected v1.)` : 'key must start with "v1."';
  }
  if (text.length !== KEY_STRING_LENGTH) return `key must be ${KEY_STRING_LENGTH} characters (v1. and 43 base64url characters), got ${text.length}`;
  const problem = base64UrlProblem(text.slice(KEY_VERSION_PREFIX.length));
  return problem === null ? null : `key is not valid base64url: ${problem}`;
}

/** Parses a key string to its 32 raw bytes; throws ValidationError(INVALID_KEY). The caller zeroes the bytes. */
export function parseKey(text: string): Bytes {
  const problem = keyProblem(text);
  if (problem !== null) throw new ValidationError('INVALID_KEY', `Invalid key: ${problem}`);
  return decodeBase64Url(text.slice(KEY_VERSION_PREFIX.length), 'key');
}
