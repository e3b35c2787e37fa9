// Proof of key (spec P-CLAIM-1..3): a claim token derived from the key bytes, which only the key's
// holder can compute, and its SHA-256, which the sender deposits with the secret. The server keeps
// the hash and later checks a presented token against it; neither reveals the key (HKDF and
// SHA-256 are one-way), so P-KEY-3 still holds. Web Crypto only, like cipher.ts.
import { EncryptionError } from '../errors.js';
import { encodeBase64Url } from './base64url.js';
import { parseKey } from './key.js';
import type { Bytes } from './random.js';
import { CLAIM_INFO, CLAIM_SALT, CLAIM_TOKEN_BYTES, KEY_BYTES } from './rules.js';

export interface Claim {
  /** base64url of the 32-byte token: sent only to consume, preview or burn. */
  token: string;
  /** base64url of SHA-256(token bytes): deposited at create. */
  hash: string;
}

const utf8 = new TextEncoder();

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (s === undefined) throw new EncryptionError('ENCRYPTION_FAILED', 'Web Crypto is not available (a browser needs HTTPS or localhost)');
  return s;
}

/** The claim of raw key bytes. The caller owns (and zeroes) `keyBytes`. */
export async function claimFromKeyBytes(keyBytes: Uint8Array): Promise<Claim> {
  if (keyBytes.length !== KEY_BYTES) throw new EncryptionError('ENCRYPTION_FAILED', `Key must be ${KEY_BYTES} bytes`);
  const s = subtle();
  let token: Bytes | null = null;
  try {
    const ikm = await s.importKey('raw', new Uint8Array(keyBytes), 'HKDF', false, ['deriveBits']);
    token = new Uint8Array(await s.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: utf8.encode(CLAIM_SALT), info: utf8.encode(CLAIM_INFO) }, ikm, CLAIM_TOKEN_BYTES * 8));
    const hash = new Uint8Array(await s.digest('SHA-256', token));
    return { token: encodeBase64Url(token), hash: encodeBase64Url(hash) };
  } catch (cause) {
    if (cause instanceof EncryptionError) throw cause;
    throw new EncryptionError('ENCRYPTION_FAILED', 'Deriving the claim failed', { cause });
  } finally {
    token?.fill(0);
  }
}

/** The claim of a key string `v1.…`; throws ValidationError(INVALID_KEY) for a malformed key. */
export async function claimForKey(keyString: string): Promise<Claim> {
  const keyBytes = parseKey(keyString);
  try {
    return await claimFromKeyBytes(keyBytes);
  } finally {
    keyBytes.fill(0);
  }
}
