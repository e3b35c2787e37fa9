// API keys: `zeph_` + base64url(32 random bytes). Only a SHA-256 hash is stored; a presented
// key is found by its hash and the hashes compared in constant time (spec A-AUTH-1..3).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { API_KEY_PREFIX, encodeBase64Url } from 'zephr';

const PREFIX_LENGTH = 12;

export interface IssuedKey {
  id: string;
  key: string;
  hash: string;
  prefix: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function issueApiKey(): IssuedKey {
  const key = `${API_KEY_PREFIX}${encodeBase64Url(randomBytes(32))}`;
  return { id: `key_${encodeBase64Url(randomBytes(9))}`, key, hash: hashApiKey(key), prefix: key.slice(0, PREFIX_LENGTH) };
}

/** Constant-time equality of two hex hashes of equal length. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
