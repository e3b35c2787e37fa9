// The cryptographic primitives the protocol is built from (AES-256-GCM, HKDF-SHA256, SHA-256,
// secure random), behind one small interface. The protocol's own rules (formats, sizes, key and
// blob encoding, claim derivation) stay in cipher.ts, claim.ts and the rest; only the calls into a
// crypto library sit here. Web Crypto is the default, so the same code runs in Node and browsers;
// the CLI installs cli/node-primitives.ts, whose synchronous node:crypto calls start faster in a
// fresh process (each Web Crypto call is a round trip to a thread pool). Both run the vectors.
import { EncryptionError } from '../errors.js';
import { decodeBase64Url } from './base64url.js';
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
  /** The uncompressed SEC1 point (65 bytes) of the P-256 private scalar `d` (32 bytes, 1 ≤ d < n). */
  p256PublicKey(d: Bytes): Promise<Bytes>;
  /** ECDH on P-256: the 32-byte X coordinate of d·peer; rejects a peer that is not a point on the curve. */
  p256Ecdh(d: Bytes, peer: Bytes): Promise<Bytes>;
}

// PKCS #8 for a P-256 private key holding only the scalar (RFC 5915's public key is optional):
// Web Crypto imports a raw scalar no other way, and computes the public point itself.
const P256_PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x41, 0x02, 0x01, 0x00, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86,
  0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x04, 0x27, 0x30, 0x25, 0x02, 0x01, 0x01, 0x04, 0x20,
]);
const P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;

async function importScalar(d: Bytes, extractable: boolean): Promise<CryptoKey> {
  const der = new Uint8Array(P256_PKCS8_PREFIX.length + d.length);
  der.set(P256_PKCS8_PREFIX);
  der.set(d, P256_PKCS8_PREFIX.length);
  try {
    return await subtle().importKey('pkcs8', der, P256, extractable, ['deriveBits']);
  } finally {
    der.fill(0);
  }
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
  async p256PublicKey(d) {
    const jwk = await subtle().exportKey('jwk', await importScalar(d, true));
    const point = new Uint8Array(65);
    point[0] = 0x04;
    point.set(decodeBase64Url(jwk.x!, 'public key x'), 1);
    point.set(decodeBase64Url(jwk.y!, 'public key y'), 33);
    return point;
  },
  async p256Ecdh(d, peer) {
    const publicKey = await subtle().importKey('raw', peer, P256, false, []);
    return new Uint8Array(await subtle().deriveBits({ name: 'ECDH', public: publicKey }, await importScalar(d, false), 256));
  },
};

let current: Primitives = webCryptoPrimitives;

export function primitives(): Primitives {
  return current;
}

/** Installs another implementation of the same primitives (the CLI's node:crypto one). */
export function usePrimitives(p: Primitives): void {
  current = p;
}
