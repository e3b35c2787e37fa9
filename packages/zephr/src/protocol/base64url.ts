// Strict base64url (RFC 4648 §5) without padding. Decoding rejects every malleable form:
// padding, the standard alphabet, whitespace, impossible lengths and non-zero trailing bits
// (spec P-B64-1..4), so each byte string has exactly one accepted encoding.
import { ValidationError } from '../errors.js';
import type { Bytes } from './random.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

export function encodeBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

/** Why a string is not canonical unpadded base64url, or null if it is. */
export function base64UrlProblem(text: string): string | null {
  if (text.length % 4 === 1) return 'impossible length';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || LOOKUP[c] === -1) {
      if (text[i] === '=') return 'padding is not allowed';
      if (text[i] === '+' || text[i] === '/') return 'standard base64 alphabet is not allowed (use - and _)';
      return 'character outside the base64url alphabet';
    }
  }
  const last = text.length > 0 ? LOOKUP[text.charCodeAt(text.length - 1)]! : 0;
  if (text.length % 4 === 2 && (last & 0x0f) !== 0) return 'non-canonical encoding (trailing bits set)';
  if (text.length % 4 === 3 && (last & 0x03) !== 0) return 'non-canonical encoding (trailing bits set)';
  return null;
}

/** Decodes canonical unpadded base64url; throws ValidationError(INVALID_BASE64URL) otherwise. */
export function decodeBase64Url(text: string, what = 'value'): Bytes {
  if (typeof text !== 'string') throw new ValidationError('INVALID_BASE64URL', `${what} must be a string`);
  const problem = base64UrlProblem(text);
  if (problem !== null) throw new ValidationError('INVALID_BASE64URL', `${what} is not valid base64url: ${problem}`);
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let i = 0;
  for (; i + 3 < text.length; i += 4) {
    const n = (LOOKUP[text.charCodeAt(i)]! << 18) | (LOOKUP[text.charCodeAt(i + 1)]! << 12) | (LOOKUP[text.charCodeAt(i + 2)]! << 6) | LOOKUP[text.charCodeAt(i + 3)]!;
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  const rest = text.length - i;
  if (rest >= 2) {
    const n = (LOOKUP[text.charCodeAt(i)]! << 18) | (LOOKUP[text.charCodeAt(i + 1)]! << 12) | (rest === 3 ? LOOKUP[text.charCodeAt(i + 2)]! << 6 : 0);
    out[o++] = n >> 16;
    if (rest === 3) out[o++] = (n >> 8) & 255;
  }
  return out;
}

/** Length of the unpadded base64url encoding of `byteLength` bytes. */
export function base64UrlLength(byteLength: number): number {
  return Math.ceil((byteLength * 4) / 3);
}
