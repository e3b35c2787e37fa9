// AES-256-GCM encryption and decryption of a secret (spec P-CRYPTO-1..6), on the installed
// primitives (Web Crypto unless the CLI installed node:crypto's), so it runs in Node and browsers.
import { EncryptionError } from '../errors.js';
import { decodeBlob, encodeBlob } from './blob.js';
import { IV_BYTES, KEY_BYTES } from './rules.js';
import { formatKey, parseKey } from './key.js';
import { primitives } from './primitives.js';
import { type Bytes, randomBytes } from './random.js';

export interface SealedSecret {
  /** The key string `v1.…`; it belongs in the link fragment and never goes to a server. */
  key: string;
  /** The encrypted blob, the only thing a server receives. */
  blob: string;
}

const utf8 = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF as part of the secret; fatal rejects malformed UTF-8 (P-CRYPTO-6).
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Encrypts raw bytes under a fresh key and IV. Zeroes the key bytes; the caller owns `plaintext`. */
export async function encryptBytes(plaintext: Bytes): Promise<SealedSecret> {
  const keyBytes = randomBytes(KEY_BYTES);
  const iv = randomBytes(IV_BYTES);
  try {
    const ciphertext = await primitives().sealAesGcm(keyBytes, iv, plaintext);
    return { key: formatKey(keyBytes), blob: encodeBlob({ iv, ciphertext }) };
  } catch (cause) {
    if (cause instanceof EncryptionError) throw cause;
    throw new EncryptionError('ENCRYPTION_FAILED', 'AES-GCM encryption failed', { cause });
  } finally {
    keyBytes.fill(0);
  }
}

/** Encrypts the UTF-8 bytes of `plaintext` as given (no trimming, no normalisation). */
export async function encryptSecret(plaintext: string): Promise<SealedSecret> {
  const bytes = utf8.encode(plaintext);
  try {
    return await encryptBytes(bytes);
  } finally {
    bytes.fill(0);
  }
}

/**
 * Decrypts a blob to raw bytes. Validates the key, then the blob (ValidationError), then
 * authenticates (EncryptionError DECRYPTION_FAILED). The caller zeroes the returned bytes.
 */
export async function decryptBytes(blob: string, keyString: string): Promise<Bytes> {
  // The key is checked first (P-CRYPTO-7): it is what a person mistypes, and it is checked
  // before any request, so a blob problem can only ever be the server's.
  const keyBytes = parseKey(keyString);
  try {
    const { iv, ciphertext } = decodeBlob(blob);
    let plaintext: Bytes;
    try {
      plaintext = await primitives().openAesGcm(keyBytes, iv, ciphertext);
    } catch (cause) {
      if (cause instanceof EncryptionError) throw cause;
      throw new EncryptionError('DECRYPTION_FAILED', undefined, { cause });
    }
    return plaintext;
  } finally {
    keyBytes.fill(0);
  }
}

/** Decrypts a blob to the secret string; malformed UTF-8 is EncryptionError INVALID_PLAINTEXT. */
export async function decryptSecret(blob: string, keyString: string): Promise<string> {
  const bytes = await decryptBytes(blob, keyString);
  try {
    return strictUtf8.decode(bytes);
  } catch (cause) {
    throw new EncryptionError('INVALID_PLAINTEXT', undefined, { cause });
  } finally {
    bytes.fill(0);
  }
}
