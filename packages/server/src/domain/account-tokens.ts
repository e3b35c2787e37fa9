// The random values of accounts: session, invite and device tokens (shown once, stored as SHA-256
// hashes, found by hash and compared in constant time), record ids, and the short user codes a
// person reads from a terminal and types into a browser.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { encodeBase64Url } from 'zephr';
import { sameHash } from './api-keys.js';

export { sameHash };

/** 32 random bytes, base64url: 43 characters. */
export const newToken = (): string => encodeBase64Url(randomBytes(32));

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export const newRecordId = (prefix: string): string => `${prefix}_${encodeBase64Url(randomBytes(12))}`;

/** Consonants only, without look-alikes: no vowels (no words), no 0/O, 1/I/L. RFC 8628 §6.1. */
const USER_CODE_ALPHABET = 'BCDFGHJKMNPQRSTVWXZ';

/** e.g. "BCDF-GHJK": 8 characters from 19, about 2^34 codes, each live for minutes only. */
export function newUserCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** A typed user code, forgiving case, spaces and a missing dash; null when it cannot be one. */
export function normaliseUserCode(typed: string): string | null {
  const letters = typed.toUpperCase().replace(/[\s-]/g, '');
  if (letters.length !== 8 || ![...letters].every((c) => USER_CODE_ALPHABET.includes(c))) return null;
  return `${letters.slice(0, 4)}-${letters.slice(4)}`;
}

/** Names people choose: 1-64 of letters, digits, spaces and . _ - @ (no control or markup characters). */
export const USER_NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._@-]{0,63}$/u;
