// Proof of key (spec P-CLAIM-1..3): a claim token derived from the key bytes, which only the key's
// holder can compute, and its SHA-256, which the sender deposits with the secret. The server keeps
// the hash and later checks a presented token against it; neither reveals the key (HKDF and
// SHA-256 are one-way), so P-KEY-3 still holds. On the installed primitives, like cipher.ts.
import { EncryptionError } from '../errors.js';
import { encodeBase64Url } from './base64url.js';
import { parseKey } from './key.js';
import { primitives } from './primitives.js';
import type { Bytes } from './random.js';
import { CLAIM_INFO, CLAIM_SALT, CLAIM_TOKEN_BYTES, KEY_BYTES } from './rules.js';

export interface Claim {
  /** base64url of the 32-byte token: sent only to consume, preview or burn. */
  token: string;
  /** base64url of SHA-256(token bytes): deposited at create. */
  hash: string;
}

const utf8 = new TextEncoder();

/** The claim of raw key bytes. The caller owns (and zeroes) `keyBytes`. */
export async function claimFromKeyBytes(keyBytes: Uint8Array): Promise<Claim> {
  if (keyBytes.length !== KEY_BYTES) throw new EncryptionError('ENCRYPTION_FAILED', `Key must be ${KEY_BYTES} bytes`);
  let token: Bytes | null = null;
  try {
    token = await primitives().hkdfSha256(new Uint8Array(keyBytes), utf8.encode(CLAIM_SALT), utf8.encode(CLAIM_INFO), CLAIM_TOKEN_BYTES);
    const hash = await primitives().sha256(token);
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
