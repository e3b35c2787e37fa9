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
  const fail = () => new ValidationError('INVALID_BASE64URL', `${what} is not valid base64url: ${base64UrlProblem(text) ?? 'invalid'}`);
  const length = text.length;
  const rest = length % 4;
  if (rest === 1) throw fail();
  // One pass: decode while OR-ing every char code (to catch non-ASCII) and every sextet (an
  // invalid character maps to -1, which sets high bits). The precise problem is worked out only
  // on failure. This runs on every upload, so it avoids a separate validation pass.
  const out = new Uint8Array(((length - rest) / 4) * 3 + (rest === 0 ? 0 : rest - 1));
  let codes = 0;
  let sextets = 0;
  let o = 0;
  let i = 0;
  for (const full = length - rest; i < full; i += 4) {
    const c0 = text.charCodeAt(i), c1 = text.charCodeAt(i + 1), c2 = text.charCodeAt(i + 2), c3 = text.charCodeAt(i + 3);
    codes |= c0 | c1 | c2 | c3;
    const a = LOOKUP[c0 & 127]!, b = LOOKUP[c1 & 127]!, c = LOOKUP[c2 & 127]!, d = LOOKUP[c3 & 127]!;
    sextets |= a | b | c | d;
    out[o++] = (a << 2) | (b >> 4);
    out[o++] = ((b & 15) << 4) | (c >> 2);
    out[o++] = ((c & 3) << 6) | d;
  }
  if (rest >= 2) {
    const c0 = text.charCodeAt(i), c1 = text.charCodeAt(i + 1), c2 = rest === 3 ? text.charCodeAt(i + 2) : 65;
    codes |= c0 | c1 | c2;
    const a = LOOKUP[c0 & 127]!, b = LOOKUP[c1 & 127]!, c = LOOKUP[c2 & 127]!;
    sextets |= a | b | c;
    out[o++] = (a << 2) | (b >> 4);
    if (rest === 3) out[o++] = ((b & 15) << 4) | (c >> 2);
    // Canonical: the bits past the last whole byte must be zero (P-B64-3).
    if (rest === 2 ? (b & 15) !== 0 : (c & 3) !== 0) sextets |= -1;
  }
  if (codes > 127 || sextets < 0) throw fail();
  return out;
}

/** Length of the unpadded base64url encoding of `byteLength` bytes. */
export function base64UrlLength(byteLength: number): number {
  return Math.ceil((byteLength * 4) / 3);
}
