// retrieveSecret: validate the link and key first (a typo never burns the secret), claim the
// ciphertext from the link's origin with the token derived from the key (so a wrong key consumes
// nothing, spec A-CLAIM-2), decrypt locally.
import { ApiError, EncryptionError } from '../errors.js';
import { decryptSecret } from '../protocol/cipher.js';
import { checkIdempotencyKey } from './options.js';
import { claimExchange, lacksClaims, type LinkInput, resolveTarget, type TargetOptions } from './secret-target.js';
import { exchange, expectStatus } from './transport.js';

export interface RetrieveSecretOptions extends TargetOptions {
  /**
   * Sent as the claim's Idempotency-Key; a random UUID by default. After a lost response the
   * claim is retried once with it, and the server answers the same 200 within its retry window.
   */
  idempotencyKey?: string;
}

export interface RetrievalResult {
  plaintext: string;
  hint: string | undefined;
  purgeAt: string | undefined;
}

/**
 * Fetches and decrypts a one-time secret; the server destroys it on this read. Throws
 * ValidationError (malformed link or key, before any request), ApiError (404 not found or a key
 * that does not match, 410 consumed, expired or burned, 429 …), NetworkError, or
 * EncryptionError (the data was tampered with, or a secret made without a claim met the wrong key).
 */
export async function retrieveSecret(link: LinkInput, options: RetrieveSecretOptions = {}): Promise<RetrievalResult> {
  const target = await resolveTarget(link, options);
  const idempotencyKey = checkIdempotencyKey(options.idempotencyKey);
  let answer = await claimExchange(target, 'POST', '/claim', { 'idempotency-key': idempotencyKey });
  // A server from before claims: its secrets have no claim hash, so the plain GET is the way.
  if (lacksClaims(answer)) {
    answer = await exchange({ method: 'GET', url: target.secretUrl, apiKey: target.apiKey, timeoutMs: target.timeoutMs, deadline: target.deadline, ...(target.signal && { signal: target.signal }) });
  }
  expectStatus(answer, 200);
  const body = answer.body as { encrypted_blob?: unknown; purge_at?: unknown; hint?: unknown } | null;
  if (typeof body?.encrypted_blob !== 'string') throw new ApiError(200, 'INVALID_RESPONSE', 'Server returned an unexpected response to retrieve');
  let plaintext: string;
  try {
    plaintext = await decryptSecret(body.encrypted_blob, target.parsed.key);
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
