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
  if (members.length !== 2 || !members.includes('iv') || !members.includes('ciphertext')) {
    throw new ValidationError('INVALID_BLOB', 'Encrypted blob JSON must hold exactly the members "iv" and "ciphertext"');
  }
  const { iv, ciphertext } = parsed as Record<string, unknown>;
  if (typeof iv !== 'string' || typeof ciphertext !== 'string') {
    throw new ValidationError('INVALID_BLOB', 'Encrypted blob members "iv" and "ciphertext" must be strings');
  }
  const parts = { iv: decodeBase64Url(iv, 'iv'), ciphertext: decodeBase64Url(ciphertext, 'ciphertext') };
  checkParts(parts);
  return parts;
}

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
