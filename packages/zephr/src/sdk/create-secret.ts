// createSecret: validate locally, encrypt locally, upload only the blob, build the link.
import { ApiError, ValidationError } from '../errors.js';
import { claimForKey } from '../protocol/claim.js';
import { encryptSecret } from '../protocol/cipher.js';
import { buildLink, buildSecretUrl } from '../protocol/link.js';
import { isSecretId } from '../protocol/secret-id.js';
import {
  checkApiKey, checkCallback, checkExpiry, checkHint, checkIdempotencyKey, checkSecret, checkTimeout, resolveBaseUrl,
} from './options.js';
import type { Expiry, LEGACY_EXPIRY_HOURS } from '../protocol/rules.js';

type LegacyExpiryHours = (typeof LEGACY_EXPIRY_HOURS)[number];
import { deadlineAfter, DEFAULT_TIMEOUT_MS, exchangeRetryingOnce, expectStatus } from './transport.js';

export interface CreateSecretOptions {
  /**
   * Minutes until expiry, one of EXPIRIES. Default 60 (DEFAULT_EXPIRY). Your tier decides which
   * you may use. The hour values of an earlier protocol (1, 24, 168, 720) are read as hours.
   */
  expiry?: Expiry | LegacyExpiryHours;
  /** Return the URL and the key separately, to send through different channels. Default false. */
  split?: boolean;
  /** Plaintext label (not encrypted): printable ASCII, at most HINT_MAX_LENGTH characters. */
  hint?: string | null;
  /** Bearer API key (`zeph_…`) for your tier's limits. Default: anonymous. */
  apiKey?: string | null;
  /** HTTPS URL to notify when the secret is consumed or expires. Needs apiKey and callbackSecret. */
  callbackUrl?: string | null;
  /** HMAC-SHA256 key for the webhook signature, 1-256 characters. */
  callbackSecret?: string | null;
  /** Where to create. Default: ZEPHR_URL (Node), the page's origin (browser), else http://localhost:8080. */
  baseUrl?: string;
  /** Sent as Idempotency-Key; a random UUID by default. Retrying with the same key never duplicates. */
  idempotencyKey?: string;
  /** Per attempt. Default 10,000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Bind the secret to its key (default true): only someone with the key can open, preview or
   * burn it, so a URL seen without its key cannot destroy it. Turn off only for a recipient on a
   * client that cannot claim (such as the published zephr 1.3 / PyPI 0.5 clients).
   */
  claim?: boolean;
}

interface Created {
  expiresAt: string;
  secretId: string;
}

export type SecretLink =
  | ({ mode: 'standard'; fullLink: string } & Created)
  | ({ mode: 'split'; url: string; key: string } & Created);

/**
 * Encrypts `secret` in this process and stores only ciphertext. Throws ValidationError (bad
 * input, before any request), EncryptionError, ApiError (the server refused: statusCode, code)
 * or NetworkError (unreachable or no answer in time, after one retry with the same key).
 */
export async function createSecret(secret: string, options: CreateSecretOptions = {}): Promise<SecretLink> {
  checkSecret(secret);
  const expiry = checkExpiry(options.expiry);
  const hint = checkHint(options.hint);
  const callback = checkCallback(options.callbackUrl, options.callbackSecret);
  const apiKey = checkApiKey(options.apiKey);
  const idempotencyKey = checkIdempotencyKey(options.idempotencyKey);
  const timeoutMs = checkTimeout(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const deadline = deadlineAfter(timeoutMs);
  const origin = resolveBaseUrl(options.baseUrl);
  const split = options.split === true;
  if (options.claim !== undefined && typeof options.claim !== 'boolean') throw new ValidationError('INVALID_INPUT', 'claim must be a boolean');
  const claim = options.claim !== false;

  const { key, blob } = await encryptSecret(secret);
  const body: Record<string, unknown> = { encrypted_blob: blob, expiry, split_url_mode: split };
  if (hint !== null) body.hint = hint;
  if (callback !== null) Object.assign(body, { callback_url: callback.url, callback_secret: callback.secret });
  if (claim) body.claim_hash = (await claimForKey(key)).hash;
  const request = {
    method: 'POST' as const, url: `${origin}/api/secrets`, body, apiKey, timeoutMs, deadline,
    headers: { 'idempotency-key': idempotencyKey }, ...(options.signal && { signal: options.signal }),
  };

  // A lost response must not make a duplicate: the retry carries the same Idempotency-Key.
  const answer = await exchangeRetryingOnce(request);
  expectStatus(answer, 201);
  const created = answer.body as { id?: unknown; expires_at?: unknown } | null;
  if (!isSecretId(created?.id) || typeof created?.expires_at !== 'string' || Number.isNaN(Date.parse(created.expires_at))) {
    throw new ApiError(201, 'INVALID_RESPONSE', 'Server returned an unexpected response to create');
  }
  const common = { expiresAt: created.expires_at, secretId: created.id };
  return split
    ? { mode: 'split', url: buildSecretUrl(origin, created.id), key, ...common }
    : { mode: 'standard', fullLink: buildLink(origin, created.id, key), ...common };
}
