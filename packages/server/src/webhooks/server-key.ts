// The server key encrypts each callback_secret at rest (AES-256-GCM, the secret id as associated
// data, so a sealed value cannot be moved to another record). It comes from ZEPHR_SECRET_KEY, or
// is generated once into the data directory with mode 0600. Every instance sharing a database
// must use the same key.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { closeSync, constants, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const PREFIX = 'v1.';

export class ServerKeyError extends Error {
  override name = 'ServerKeyError';
}

/** Parses ZEPHR_SECRET_KEY: 32 bytes as 64 hex characters or as (unpadded) base64/base64url. */
export function parseServerKey(text: string): Buffer {
  const t = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(t) ? Buffer.from(t.replace(/=$/, ''), 'base64url') : null;
  if (bytes === null || bytes.length !== 32) {
    throw new ServerKeyError('ZEPHR_SECRET_KEY must be 32 random bytes, as 64 hex characters or 43 base64url characters (e.g. openssl rand -hex 32)');
  }
  return bytes;
}

/** The key from ZEPHR_SECRET_KEY, else from <dataDir>/server.key, created (0600) on first start. */
export function loadServerKey(fromEnv: string | undefined, dataDir: string): { key: Buffer; source: 'env' | 'file' | 'generated' } {
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { key: parseServerKey(fromEnv), source: 'env' };
  const path = join(dataDir, 'server.key');
  mkdirSync(dataDir, { recursive: true });
  try {
    const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      writeSync(fd, randomBytes(32).toString('hex') + '\n');
    } finally {
      closeSync(fd);
    }
    return { key: parseServerKey(readFileSync(path, 'utf8')), source: 'generated' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  try {
    return { key: parseServerKey(readFileSync(path, 'utf8')), source: 'file' };
  } catch (error) {
    throw new ServerKeyError(`${path}: ${(error as Error).message}`);
  }
}

/** A value that identifies the key without revealing it, kept in the store to catch a changed key. */
export function keyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update('zephr server key fingerprint v1').digest('hex').slice(0, 32);
}

export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new ServerKeyError('the server key must be 32 bytes');
  }

  seal(secretId: string, plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(secretId, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}${iv.toString('base64url')}.${ct.toString('base64url')}`;
  }

  /** Throws if the value was not sealed for this secret id with this key. */
  open(secretId: string, sealed: string): string {
    const [iv, ct] = sealed.startsWith(PREFIX) ? sealed.slice(PREFIX.length).split('.') : [];
    if (iv === undefined || ct === undefined) throw new ServerKeyError('sealed value is malformed');
    const data = Buffer.from(ct, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(secretId, 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
  }
}
