// retrieveSecret: validate the link and key first (a typo never burns the secret), consume the
// ciphertext from the link's origin, decrypt locally.
import { ApiError, EncryptionError, ValidationError } from '../errors.js';
import { decryptSecret } from '../protocol/cipher.js';
import { type ParsedLink, parseLink, parseSplitLink } from '../protocol/link.js';
import { checkApiKey, checkTimeout, resolveBaseUrl } from './options.js';
import { DEFAULT_TIMEOUT_MS, exchange, expectStatus } from './transport.js';

export interface RetrieveSecretOptions {
  apiKey?: string | null;
  /** Retrieve from this server instead of the link's origin. */
  baseUrl?: string;
  /** Default 10,000 ms. Retrieval is never retried: a second GET could find the secret consumed. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface RetrievalResult {
  plaintext: string;
  hint: string | undefined;
  purgeAt: string | undefined;
}

function parse(link: string | { url: string; key: string }): ParsedLink {
  if (typeof link === 'string') return parseLink(link.trim());
  if (typeof link === 'object' && link !== null && typeof link.url === 'string' && typeof link.key === 'string') {
    return parseSplitLink({ url: link.url.trim(), key: link.key.trim() });
  }
  throw new ValidationError('INVALID_LINK', 'Pass a link string, or { url, key } for split mode');
}

/**
 * Fetches and decrypts a one-time secret; the server destroys it on this read. Throws
 * ValidationError (malformed link or key, before any request), ApiError (404 not found, 410
 * consumed or expired, 429 …), NetworkError, or EncryptionError (wrong key or tampered data).
 */
export async function retrieveSecret(link: string | { url: string; key: string }, options: RetrieveSecretOptions = {}): Promise<RetrievalResult> {
  const parsed = parse(link);
  const apiKey = checkApiKey(options.apiKey);
  const timeoutMs = checkTimeout(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const origin = options.baseUrl === undefined ? parsed.origin : resolveBaseUrl(options.baseUrl);
  const answer = await exchange({ method: 'GET', url: `${origin}/api/secrets/${parsed.id}`, apiKey, timeoutMs, ...(options.signal && { signal: options.signal }) });
  expectStatus(answer, 200);
  const body = answer.body as { encrypted_blob?: unknown; purge_at?: unknown; hint?: unknown } | null;
  if (typeof body?.encrypted_blob !== 'string') throw new ApiError(200, 'INVALID_RESPONSE', 'Server returned an unexpected response to retrieve');
  let plaintext: string;
  try {
    plaintext = await decryptSecret(body.encrypted_blob, parsed.key);
  } catch (error) {
    if (error instanceof EncryptionError && error.code === 'DECRYPTION_FAILED') {
      throw new EncryptionError('DECRYPTION_FAILED', 'Decryption failed: the key does not match this secret, or the data was tampered with. The server has already destroyed it.', { cause: error });
    }
    throw error;
  }
  return {
    plaintext,
    hint: typeof body.hint === 'string' ? body.hint : undefined,
    purgeAt: typeof body.purge_at === 'string' ? body.purge_at : undefined,
  };
}
