// getLimits: what this caller may do on a server (tier, expiries, size ceiling, remaining quota),
// so a client can offer only what will be accepted. Read-only; safe to call any time.
import type { LimitsResponse } from '../api/responses.js';
import { ApiError } from '../errors.js';
import { checkApiKey, checkTimeout, resolveBaseUrl } from './options.js';
import { DEFAULT_TIMEOUT_MS, exchange, expectStatus } from './transport.js';

export interface GetLimitsOptions {
  /** The server (default: ZEPHR_URL in Node, the page's origin in a browser, else http://localhost:8080). */
  baseUrl?: string;
  /** Limits of this key's tier; anonymous limits without one. */
  apiKey?: string | null;
  /** Default 10,000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type Limits = LimitsResponse;

/** Throws ApiError (401 for a bad key, 429 …), NetworkError, or ValidationError for bad options. */
export async function getLimits(options: GetLimitsOptions = {}): Promise<Limits> {
  const baseUrl = resolveBaseUrl(options.baseUrl);
  const apiKey = checkApiKey(options.apiKey);
  const timeoutMs = checkTimeout(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const answer = await exchange({ method: 'GET', url: `${baseUrl}/api/limits`, apiKey, timeoutMs, ...(options.signal && { signal: options.signal }) });
  expectStatus(answer, 200);
  const body = answer.body as Partial<Limits> | null;
  if (typeof body?.tier !== 'string' || !Array.isArray(body.expiry?.options) || typeof body.max_plaintext_bytes !== 'number' || typeof body.quota?.remaining !== 'number') {
    throw new ApiError(200, 'INVALID_RESPONSE', 'Server returned an unexpected response to limits');
  }
  // A server from before sizes were stated in bytes of secret sends only max_plaintext_bytes.
  return { ...body, max_secret_bytes: typeof body.max_secret_bytes === 'number' ? body.max_secret_bytes : body.max_plaintext_bytes } as Limits;
}
