// The cryptographic primitives the protocol is built from (AES-256-GCM, HKDF-SHA256, SHA-256,
// secure random), behind one small interface. The protocol's own rules (formats, sizes, key and
// blob encoding, claim derivation) stay in cipher.ts, claim.ts and the rest; only the calls into a
// crypto library sit here. Web Crypto is the default, so the same code runs in Node and browsers;
// the CLI installs cli/node-primitives.ts, whose synchronous node:crypto calls start faster in a
// fresh process (each Web Crypto call is a round trip to a thread pool). Both run the vectors.
import { EncryptionError } from '../errors.js';
import type { Bytes } from './random.js';

export interface Primitives {
  /** `length` cryptographically secure random bytes. */
  random(length: number): Bytes;
  /** AES-256-GCM with a 128-bit tag: returns ciphertext || tag. */
  sealAesGcm(key: Bytes, iv: Bytes, plaintext: Bytes): Promise<Bytes>;
  /** The inverse of sealAesGcm; rejects when the tag does not authenticate. */
  openAesGcm(key: Bytes, iv: Bytes, sealed: Bytes): Promise<Bytes>;
  /** HKDF-SHA256 (RFC 5869) output of `length` bytes. */
  hkdfSha256(ikm: Bytes, salt: Bytes, info: Bytes, length: number): Promise<Bytes>;
  sha256(data: Bytes): Promise<Bytes>;
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (s === undefined) throw new EncryptionError('ENCRYPTION_FAILED', 'Web Crypto is not available (a browser needs HTTPS or localhost)');
  return s;
}

export const webCryptoPrimitives: Primitives = {
  random: (length) => globalThis.crypto.getRandomValues(new Uint8Array(length)),
  async sealAesGcm(key, iv, plaintext) {
    // Non-extractable: once imported, no code can read the key material back.
    const k = await subtle().importKey('raw', key, { name: 'AES-GCM' }, false, ['encrypt']);
    return new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv, tagLength: 128 }, k, plaintext));
  },
  async openAesGcm(key, iv, sealed) {
    const k = await subtle().importKey('raw', key, { name: 'AES-GCM' }, false, ['decrypt']);
    return new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv, tagLength: 128 }, k, sealed));
  },
  async hkdfSha256(ikm, salt, info, length) {
    const k = await subtle().importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
    return new Uint8Array(await subtle().deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info }, k, length * 8));
  },
  sha256: async (data) => new Uint8Array(await subtle().digest('SHA-256', data)),
};

let current: Primitives = webCryptoPrimitives;

export function primitives(): Primitives {
  return current;
}

/** Installs another implementation of the same primitives (the CLI's node:crypto one). */
export function usePrimitives(p: Primitives): void {
  current = p;
}
