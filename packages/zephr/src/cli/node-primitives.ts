// The protocol's primitives on node:crypto's synchronous calls, for the CLI: a fresh process
// encrypts and derives its claim without Web Crypto's thread-pool round trips. Same interface and
// the same vectors as protocol/primitives.ts; never imported by the SDK root or the browser build.
import { createCipheriv, createDecipheriv, createECDH, createHash, hkdfSync, randomFillSync } from 'node:crypto';
import type { Primitives } from '../protocol/primitives.js';
import type { Bytes } from '../protocol/random.js';

const TAG_BYTES = 16;

/** A fresh Uint8Array over its own ArrayBuffer; the Buffer (perhaps a slice of Node's pool) is zeroed. */
function owned(...parts: Buffer[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
    p.fill(0);
  }
  return out;
}

export const nodePrimitives: Primitives = {
  random: (length) => randomFillSync(new Uint8Array(length)),
  async sealAesGcm(key, iv, plaintext) {
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    return owned(cipher.update(plaintext), cipher.final(), cipher.getAuthTag());
  },
  async openAesGcm(key, iv, sealed) {
    if (sealed.length < TAG_BYTES) throw new Error('sealed data is shorter than the tag');
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const body = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
    try {
      return owned(body, decipher.final());
    } catch (error) {
      body.fill(0); // unauthenticated plaintext never leaves
      throw error;
    }
  },
  hkdfSha256: async (ikm, salt, info, length) => new Uint8Array(hkdfSync('sha256', ikm, salt, info, length)),
  sha256: async (data) => owned(createHash('sha256').update(data).digest()),
  async p256PublicKey(d) {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(d);
    return owned(ecdh.getPublicKey());
  },
  async p256Ecdh(d, peer) {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(d);
    return owned(ecdh.computeSecret(peer)); // throws for a point not on the curve
  },
};
