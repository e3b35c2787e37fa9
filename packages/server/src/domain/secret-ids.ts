// New secret ids for the server (spec P-ID-1: 16 random bytes, base64url): the same as the
// protocol's generateSecretId, drawn from a pool refilled 256 ids at a time from node:crypto, as
// Node's own randomUUID does, instead of one Web Crypto call per create.
import { randomFillSync } from 'node:crypto';
import { SECRET_ID_BYTES } from 'zephr';

const pool = Buffer.alloc(SECRET_ID_BYTES * 256);
let offset = pool.length;

export function newSecretId(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString('base64url', offset, offset + SECRET_ID_BYTES);
  // Each id's bytes are used once and then overwritten with zeros.
  pool.fill(0, offset, offset + SECRET_ID_BYTES);
  offset += SECRET_ID_BYTES;
  return id;
}
