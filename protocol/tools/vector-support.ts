// Shared helpers for the vector generator: deterministic bytes and sealing through the SDK's
// own code path with the random source pinned (the test seam), cross-checked with node:crypto.
import { createCipheriv, createHash } from 'node:crypto';
import { blobJson, decodeBlob, encryptSecret, formatKey } from '../../packages/zephr/src/protocol/index.js';
import { testOnlyUseRandomSource } from '../../packages/zephr/src/protocol/random.js';

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
export const fromHex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

/** Deterministic bytes for a label: SHA-256 in counter mode. Not secret, only reproducible. */
export function detBytes(label: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0, off = 0; off < length; i++) {
    const block = createHash('sha256').update(`zephr-vectors/${label}/${i}`).digest();
    out.set(block.subarray(0, Math.min(32, length - off)), off);
    off += 32;
  }
  return out;
}

export interface Sealed {
  key: Uint8Array;
  iv: Uint8Array;
  plaintext: string;
  keyString: string;
  ciphertext: Uint8Array;
  blobJson: string;
  blob: string;
}

/** Encrypts through encryptSecret with the key and IV fed in via the random seam. */
export async function seal(plaintext: string, key: Uint8Array, iv: Uint8Array): Promise<Sealed> {
  const queue = [key, iv];
  testOnlyUseRandomSource((n) => {
    const next = queue.shift();
    if (next === undefined || next.length !== n) throw new Error(`unexpected random request for ${n} bytes`);
    return new Uint8Array(next);
  });
  try {
    const sealed = await encryptSecret(plaintext);
    const parts = decodeBlob(sealed.blob);
    if (hex(parts.iv) !== hex(iv) || sealed.key !== formatKey(key)) throw new Error('seam did not supply key and IV in order');
    // Independent cross-check at generation time: Node's OpenSSL must produce the same bytes.
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const expected = Buffer.concat([cipher.update(Buffer.from(plaintext, 'utf8')), cipher.final(), cipher.getAuthTag()]);
    if (expected.toString('hex') !== hex(parts.ciphertext)) throw new Error('ciphertext differs from node:crypto');
    return { key, iv, plaintext, keyString: sealed.key, ciphertext: parts.ciphertext, blobJson: blobJson(parts), blob: sealed.blob };
  } finally {
    testOnlyUseRandomSource(null);
  }
}

/** AES-256-GCM over raw bytes (for vectors whose plaintext is not valid UTF-8). */
export function sealRaw(plaintext: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  return new Uint8Array(Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]));
}

export interface NegativeVector {
  name: string;
  description: string;
  flags: string[];
  spec: string[];
  operation: 'decrypt' | 'parse_key' | 'parse_link' | 'parse_split' | 'decode_base64url';
  input: Record<string, string>;
  expect: { error: 'ValidationError' | 'EncryptionError'; code: string };
}
