// Requests (spec P-REQ-1..7): the requester's P-256 key pair, the request link that carries its
// public key in the fragment, the sender's sealing to that key (ECDH, HKDF-SHA256, AES-256-GCM)
// and the requester's opening. On the installed primitives, like cipher.ts.
import { EncryptionError, ValidationError } from '../errors.js';
import { base64UrlLength, base64UrlProblem, decodeBase64Url, encodeBase64Url } from './base64url.js';
import { blobMembers, checkBlobParts } from './blob.js';
import type { Claim } from './claim.js';
import { normalizeOrigin } from './link.js';
import { primitives } from './primitives.js';
import { type Bytes, randomBytes } from './random.js';
import {
  CLAIM_SALT, CLAIM_TOKEN_BYTES, IV_BYTES, KEY_BYTES, REQUEST_CLAIM_INFO, REQUEST_INFO, REQUEST_KEY_LENGTH, REQUEST_KEY_PREFIX,
  REQUEST_PRIVATE_KEY_BYTES, REQUEST_PRIVATE_KEY_LENGTH, REQUEST_PRIVATE_KEY_PREFIX, REQUEST_PUBLIC_KEY_BYTES, TAG_BYTES,
} from './rules.js';
import { isSecretId } from './secret-id.js';

/** A requester's key pair, as strings: `r1p.…` stays with the requester, `r1.…` goes in the link. */
export interface RequestKeys {
  privateKey: string;
  publicKey: string;
}

export interface ParsedRequestLink {
  origin: string;
  id: string;
  /** The request key string `r1.…`. */
  publicKey: string;
}

/** The parts of a request blob (P-REQ-6). */
export interface RequestBlobParts {
  /** The sender's ephemeral public key, 65 bytes. */
  epk: Bytes;
  iv: Bytes;
  ciphertext: Bytes;
}

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
// The P-256 group order n, big-endian: a private scalar is 1 ≤ d < n (P-REQ-1).
const P256_ORDER = Uint8Array.from([
  0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
  0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
]);
const PATH = /^\/request\/([^/]*)\/?$/;

function isScalar(d: Uint8Array): boolean {
  if (d.length !== REQUEST_PRIVATE_KEY_BYTES || d.every((b) => b === 0)) return false;
  for (let i = 0; i < d.length; i++) if (d[i] !== P256_ORDER[i]) return d[i]! < P256_ORDER[i]!;
  return false; // d = n
}

/** A fresh private scalar from the random source, drawn again until it is in range (P-REQ-1). */
function drawScalar(): Bytes {
  for (;;) {
    const d = randomBytes(REQUEST_PRIVATE_KEY_BYTES);
    if (isScalar(d)) return d;
    d.fill(0);
  }
}

function keyError(message: string): ValidationError {
  return new ValidationError('INVALID_REQUEST_KEY', message);
}

/** The 65 bytes of a request key string `r1.…` (shape only; the curve check is at use). */
export function parseRequestKey(text: string): Bytes {
  if (typeof text !== 'string' || !text.startsWith(REQUEST_KEY_PREFIX)) throw keyError(`Request key must start with "${REQUEST_KEY_PREFIX}"`);
  if (text.length !== REQUEST_KEY_LENGTH) throw keyError(`Request key must be ${REQUEST_KEY_LENGTH} characters, got ${text.length}`);
  const body = text.slice(REQUEST_KEY_PREFIX.length);
  const problem = base64UrlProblem(body);
  if (problem !== null) throw keyError(`Request key is not valid base64url: ${problem}`);
  const point = decodeBase64Url(body, 'request key');
  if (point.length !== REQUEST_PUBLIC_KEY_BYTES || point[0] !== 0x04) throw keyError('Request key must be an uncompressed P-256 point (65 bytes starting 0x04)');
  return point;
}

/** The scalar of a request private key string `r1p.…`. The caller zeroes it. */
export function parseRequestPrivateKey(text: string): Bytes {
  if (typeof text !== 'string' || !text.startsWith(REQUEST_PRIVATE_KEY_PREFIX) || text.length !== REQUEST_PRIVATE_KEY_LENGTH) {
    throw keyError(`Request private key must be "${REQUEST_PRIVATE_KEY_PREFIX}" and 43 base64url characters`);
  }
  const body = text.slice(REQUEST_PRIVATE_KEY_PREFIX.length);
  const problem = base64UrlProblem(body);
  if (problem !== null) throw keyError(`Request private key is not valid base64url: ${problem}`);
  const d = decodeBase64Url(body, 'request private key');
  if (!isScalar(d)) throw keyError('Request private key is not a P-256 scalar');
  return d;
}

/** The request key string of a private key string (its public point). */
export async function requestPublicKey(privateKey: string): Promise<string> {
  const d = parseRequestPrivateKey(privateKey);
  try {
    return REQUEST_KEY_PREFIX + encodeBase64Url(await primitives().p256PublicKey(d));
  } finally {
    d.fill(0);
  }
}

/** Draws a requester key pair (P-REQ-1). */
export async function createRequestKeys(): Promise<RequestKeys> {
  const d = drawScalar();
  try {
    const point = await primitives().p256PublicKey(d);
    return { privateKey: REQUEST_PRIVATE_KEY_PREFIX + encodeBase64Url(d), publicKey: REQUEST_KEY_PREFIX + encodeBase64Url(point) };
  } catch (cause) {
    throw new EncryptionError('ENCRYPTION_FAILED', 'Making the request key pair failed', { cause });
  } finally {
    d.fill(0);
  }
}

/** The claim of a request (P-REQ-4): what the requester registers (hash) and presents (token). */
export async function requestClaim(privateKey: string): Promise<Claim> {
  const d = parseRequestPrivateKey(privateKey);
  let token: Bytes | null = null;
  try {
    token = await primitives().hkdfSha256(d, utf8.encode(CLAIM_SALT), utf8.encode(REQUEST_CLAIM_INFO), CLAIM_TOKEN_BYTES);
    return { token: encodeBase64Url(token), hash: encodeBase64Url(await primitives().sha256(token)) };
  } catch (cause) {
    throw new EncryptionError('ENCRYPTION_FAILED', 'Deriving the request claim failed', { cause });
  } finally {
    d.fill(0);
    token?.fill(0);
  }
}

export function buildRequestLink(origin: string, id: string, publicKey: string): string {
  if (!isSecretId(id)) throw new ValidationError('INVALID_REQUEST_LINK', 'Request id must be 22 base64url characters');
  parseRequestKey(publicKey);
  return `${normalizeOrigin(origin)}/request/${id}#${publicKey}`;
}

/** Parses `<origin>/request/<id>#r1.…` (P-REQ-3). Throws INVALID_REQUEST_LINK or INVALID_REQUEST_KEY. */
export function parseRequestLink(link: string): ParsedRequestLink {
  const invalid = (message: string) => new ValidationError('INVALID_REQUEST_LINK', message);
  if (typeof link !== 'string') throw invalid('Request link must be a string');
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw invalid('Request link is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(`Unsupported link scheme "${url.protocol}"`);
  if (url.username !== '' || url.password !== '') throw invalid('Request link must not contain credentials');
  const match = PATH.exec(url.pathname);
  if (match === null) {
    throw invalid(url.pathname.startsWith('/secret/') ? 'This is a secret link, not a request link: open it with zephr retrieve or in the browser' : 'Request link path must be /request/<id>');
  }
  if (!isSecretId(match[1]!)) throw invalid('Request id in link must be 22 base64url characters');
  const fragment = url.hash.replace(/^#/, '');
  if (fragment === '') throw invalid('Request link has no key after "#": it was cut short');
  parseRequestKey(fragment);
  return { origin: url.origin, id: match[1]!, publicKey: fragment };
}

/** AES key of P-REQ-5: HKDF-SHA256(Z, salt = E ‖ R, "zephr/v1/request"). */
async function requestAesKey(shared: Bytes, epk: Uint8Array, requestKey: Uint8Array): Promise<Bytes> {
  const salt = new Uint8Array(epk.length + requestKey.length);
  salt.set(epk);
  salt.set(requestKey, epk.length);
  return primitives().hkdfSha256(shared, salt, utf8.encode(REQUEST_INFO), KEY_BYTES);
}

export function requestBlobJson(parts: RequestBlobParts): string {
  return `{"epk":"${encodeBase64Url(parts.epk)}","iv":"${encodeBase64Url(parts.iv)}","ciphertext":"${encodeBase64Url(parts.ciphertext)}"}`;
}

/** Decodes and checks a request blob (P-REQ-6). Throws INVALID_BASE64URL, INVALID_BLOB, INVALID_IV or INVALID_CIPHERTEXT. */
export function decodeRequestBlob(blob: string): RequestBlobParts {
  const members = blobMembers(blob, ['epk', 'iv', 'ciphertext']);
  const epk = decodeBase64Url(members.epk!, 'epk');
  if (epk.length !== REQUEST_PUBLIC_KEY_BYTES || epk[0] !== 0x04) throw new ValidationError('INVALID_BLOB', 'epk must be an uncompressed P-256 point (65 bytes starting 0x04)');
  const parts = { epk, iv: decodeBase64Url(members.iv!, 'iv'), ciphertext: decodeBase64Url(members.ciphertext!, 'ciphertext') };
  checkBlobParts(parts);
  return parts;
}

/** Encrypts `plaintext` to the request key `r1.…` (P-REQ-5..6); returns the request blob. */
export async function sealForRequest(plaintext: string, publicKey: string): Promise<string> {
  const requestKey = parseRequestKey(publicKey);
  const bytes = utf8.encode(plaintext);
  const e = drawScalar();
  let shared: Bytes | null = null;
  let key: Bytes | null = null;
  try {
    const epk = await primitives().p256PublicKey(e);
    try {
      shared = await primitives().p256Ecdh(e, requestKey);
    } catch {
      throw keyError('Request key is not a point on P-256');
    }
    key = await requestAesKey(shared, epk, requestKey);
    const iv = randomBytes(IV_BYTES);
    const ciphertext = await primitives().sealAesGcm(key, iv, bytes);
    return encodeBase64Url(utf8.encode(requestBlobJson({ epk, iv, ciphertext })));
  } catch (cause) {
    if (cause instanceof ValidationError || cause instanceof EncryptionError) throw cause;
    throw new EncryptionError('ENCRYPTION_FAILED', 'Encrypting to the request key failed', { cause });
  } finally {
    e.fill(0);
    bytes.fill(0);
    shared?.fill(0);
    key?.fill(0);
  }
}

/** Opens a request blob with the requester's private key `r1p.…` (P-REQ-7). */
export async function openRequestBlob(blob: string, privateKey: string): Promise<string> {
  const d = parseRequestPrivateKey(privateKey);
  let shared: Bytes | null = null;
  let key: Bytes | null = null;
  let plaintext: Bytes | null = null;
  try {
    const { epk, iv, ciphertext } = decodeRequestBlob(blob);
    try {
      const requestKey = await primitives().p256PublicKey(d);
      shared = await primitives().p256Ecdh(d, epk);
      key = await requestAesKey(shared, epk, requestKey);
      plaintext = await primitives().openAesGcm(key, iv, ciphertext);
    } catch (cause) {
      throw new EncryptionError('DECRYPTION_FAILED', undefined, { cause });
    }
    try {
      return strictUtf8.decode(plaintext);
    } catch (cause) {
      throw new EncryptionError('INVALID_PLAINTEXT', undefined, { cause });
    }
  } finally {
    d.fill(0);
    shared?.fill(0);
    key?.fill(0);
    plaintext?.fill(0);
  }
}

/** Length in characters of the request blob for `plaintextBytes` of secret (P-REQ-6). */
export function requestBlobLength(plaintextBytes: number): number {
  const b = base64UrlLength;
  return b(34 + b(REQUEST_PUBLIC_KEY_BYTES) + b(IV_BYTES) + b(plaintextBytes + TAG_BYTES));
}
