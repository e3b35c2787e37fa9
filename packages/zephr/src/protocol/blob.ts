// The encrypted blob: base64url(UTF-8 JSON {"iv","ciphertext"}) (spec P-BLOB-1..6).
import { ValidationError } from '../errors.js';
import { base64UrlProblem, decodeBase64Url, encodeBase64Url } from './base64url.js';
import { IV_BYTES, MIN_CIPHERTEXT_BYTES } from './rules.js';
import type { Bytes } from './random.js';

export interface BlobParts {
  /** 12-byte AES-GCM IV. */
  iv: Bytes;
  /** Ciphertext with the 16-byte tag appended (at least 17 bytes). */
  ciphertext: Bytes;
}

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function checkParts(parts: BlobParts): void {
  if (parts.iv.length !== IV_BYTES) throw new ValidationError('INVALID_IV', `IV must be ${IV_BYTES} bytes, got ${parts.iv.length}`);
  if (parts.ciphertext.length < MIN_CIPHERTEXT_BYTES) {
    throw new ValidationError('INVALID_CIPHERTEXT', `Ciphertext must be at least ${MIN_CIPHERTEXT_BYTES} bytes, got ${parts.ciphertext.length}`);
  }
}

/** The blob JSON text, exactly as producers must emit it: members in order, no whitespace (P-BLOB-2). */
export function blobJson(parts: BlobParts): string {
  return `{"iv":"${encodeBase64Url(parts.iv)}","ciphertext":"${encodeBase64Url(parts.ciphertext)}"}`;
}

export function encodeBlob(parts: BlobParts): string {
  checkParts(parts);
  return encodeBase64Url(utf8.encode(blobJson(parts)));
}

/**
 * Decodes and validates a blob. Throws ValidationError with INVALID_BASE64URL, INVALID_BLOB,
 * INVALID_IV or INVALID_CIPHERTEXT; never returns a partially valid result.
 */
export function decodeBlob(blob: string): BlobParts {
  const { iv, ciphertext } = blobMembers(blob, ['iv', 'ciphertext']);
  const parts = { iv: decodeBase64Url(iv!, 'iv'), ciphertext: decodeBase64Url(ciphertext!, 'ciphertext') };
  checkParts(parts);
  return parts;
}

/**
 * The string members of a blob's JSON, which must hold exactly `names` (any order, P-BLOB-5):
 * shared by the secret blob and the request blob (P-REQ-6). Throws INVALID_BASE64URL or INVALID_BLOB.
 */
export function blobMembers(blob: string, names: readonly string[]): Record<string, string> {
  if (typeof blob !== 'string') throw new ValidationError('INVALID_BLOB', 'Encrypted blob must be a string');
  const outer = decodeBase64Url(blob, 'encrypted blob');
  let parsed: unknown;
  try {
    parsed = JSON.parse(strictUtf8.decode(outer));
  } catch (cause) {
    throw new ValidationError('INVALID_BLOB', 'Encrypted blob does not decode to UTF-8 JSON', { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValidationError('INVALID_BLOB', 'Encrypted blob JSON must be an object');
  }
  const members = Object.keys(parsed);
  const list = names.map((n) => `"${n}"`).join(' and ');
  if (members.length !== names.length || !names.every((n) => members.includes(n))) {
    throw new ValidationError('INVALID_BLOB', `Encrypted blob JSON must hold exactly the members ${list}`);
  }
  const record = parsed as Record<string, unknown>;
  if (!names.every((n) => typeof record[n] === 'string')) throw new ValidationError('INVALID_BLOB', `Encrypted blob members ${list} must be strings`);
  return record as Record<string, string>;
}

export { checkParts as checkBlobParts };

/** True when `blob` passes every structural check of decodeBlob (no exceptions on the hot path). */
export function isWellFormedBlob(blob: string): boolean {
  if (typeof blob !== 'string' || base64UrlProblem(blob) !== null) return false;
  try {
    decodeBlob(blob);
    return true;
  } catch {
    return false;
  }
}
