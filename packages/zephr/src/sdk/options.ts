// Local validation of SDK inputs: everything the caller controls is checked before any network
// call, with ValidationError(INVALID_INPUT). Policy the server owns (which expiries a tier may
// use, size ceilings) is left to the server.
import { ValidationError } from '../errors.js';
import { normalizeOrigin } from '../protocol/link.js';
import { primitives } from '../protocol/primitives.js';
import {
  CALLBACK_SECRET_MAX_LENGTH, CALLBACK_SECRET_MIN_LENGTH, CALLBACK_URL_MAX_LENGTH, DEFAULT_EXPIRY, EXPIRIES, type Expiry,
  HINT_MAX_LENGTH, HINT_PATTERN, IDEMPOTENCY_KEY_MAX_LENGTH, IDEMPOTENCY_KEY_PATTERN, LEGACY_EXPIRY_HOURS,
} from '../protocol/rules.js';

const HINT = new RegExp(HINT_PATTERN);
const IDEMPOTENCY_KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);
export const DEFAULT_BASE_URL = 'http://localhost:8080';

const invalid = (message: string) => new ValidationError('INVALID_INPUT', message);

export function checkSecret(secret: unknown): string {
  if (typeof secret !== 'string') throw invalid('Secret must be a string');
  if (secret.length === 0) throw invalid('Secret must not be empty');
  // Lone surrogates cannot be encoded as UTF-8 without silently changing the secret.
  if (!(secret as string & { isWellFormed(): boolean }).isWellFormed()) throw invalid('Secret contains an unpaired UTF-16 surrogate');
  return secret;
}

/** An expiry as minutes; the legacy hour values of an earlier protocol (1, 24, 168, 720) read as hours. */
export function checkExpiry(expiry: unknown): Expiry {
  if (expiry === undefined) return DEFAULT_EXPIRY;
  if ((EXPIRIES as readonly unknown[]).includes(expiry)) return expiry as Expiry;
  // None of the hour values is an allowed minute value, so the two can never be confused.
  if ((LEGACY_EXPIRY_HOURS as readonly unknown[]).includes(expiry)) return ((expiry as number) * 60) as Expiry;
  throw invalid(`Expiry must be one of ${EXPIRIES.join(', ')} minutes (or, as hours, ${LEGACY_EXPIRY_HOURS.join(', ')})`);
}

export function checkHint(hint: unknown): string | null {
  if (hint === undefined || hint === null) return null;
  if (typeof hint !== 'string' || !HINT.test(hint)) throw invalid(`Hint must be 1-${HINT_MAX_LENGTH} printable ASCII characters`);
  return hint;
}

export function checkCallback(url: unknown, secret: unknown): { url: string; secret: string } | null {
  const hasUrl = url !== undefined && url !== null;
  const hasSecret = secret !== undefined && secret !== null;
  if (!hasUrl && !hasSecret) return null;
  if (!hasUrl) throw invalid('callbackSecret is only allowed with callbackUrl');
  if (!hasSecret) throw invalid('callbackUrl requires callbackSecret');
  if (typeof url !== 'string' || url.length > CALLBACK_URL_MAX_LENGTH) throw invalid(`callbackUrl must be a URL of at most ${CALLBACK_URL_MAX_LENGTH} characters`);
  try {
    new URL(url);
  } catch {
    throw invalid('callbackUrl must be an absolute URL');
  }
  if (typeof secret !== 'string' || secret.length < CALLBACK_SECRET_MIN_LENGTH || secret.length > CALLBACK_SECRET_MAX_LENGTH) {
    throw invalid(`callbackSecret must be ${CALLBACK_SECRET_MIN_LENGTH}-${CALLBACK_SECRET_MAX_LENGTH} characters`);
  }
  return { url, secret };
}

export function checkIdempotencyKey(key: unknown): string {
  if (key === undefined || key === null) return randomUuid();
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) throw invalid(`idempotencyKey must be 1-${IDEMPOTENCY_KEY_MAX_LENGTH} characters of A-Z, a-z, 0-9 and -`);
  return key;
}

/** A random (version 4) UUID from the installed primitives, which may not be Web Crypto's. */
function randomUuid(): string {
  const b = primitives().random(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function checkApiKey(apiKey: unknown): string | null {
  if (apiKey === undefined || apiKey === null || apiKey === '') return null;
  if (typeof apiKey !== 'string' || /\s/.test(apiKey)) throw invalid('apiKey must be a string without whitespace');
  return apiKey;
}

export function checkTimeout(timeoutMs: unknown, fallback: number): number {
  if (timeoutMs === undefined) return fallback;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) throw invalid('timeoutMs must be a positive number');
  return timeoutMs;
}

/** The server to create on: the option, else ZEPHR_URL (Node), else the page's origin (browser), else localhost:8080. */
export function resolveBaseUrl(baseUrl: unknown): string {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.ZEPHR_URL;
  const pageOrigin = (globalThis as { location?: { origin?: string } }).location?.origin;
  const chosen = baseUrl ?? (env || undefined) ?? (pageOrigin && pageOrigin !== 'null' ? pageOrigin : undefined) ?? DEFAULT_BASE_URL;
  if (typeof chosen !== 'string') throw invalid('baseUrl must be a string');
  try {
    return normalizeOrigin(chosen);
  } catch {
    throw invalid(`baseUrl must be an http(s) URL (got ${JSON.stringify(chosen)})`);
  }
}
