// peekSecret: what the holder of a link may learn about an unread secret without opening it
// (spec A-PEEK-1): its hint and times. Consumes nothing.
import { ApiError } from '../errors.js';
import { claimExchange, type LinkInput, resolveTarget, type TargetOptions } from './secret-target.js';
import { expectStatus } from './transport.js';

export type PeekSecretOptions = TargetOptions;

export interface SecretInfo {
  hint: string | undefined;
  createdAt: string;
  expiresAt: string;
}

/**
 * Throws ValidationError (malformed link or key), ApiError (404 not found or a key that does not
 * match, 410 already read, expired or burned; 404 NOT_FOUND from a server without claims) or
 * NetworkError.
 */
export async function peekSecret(link: LinkInput, options: PeekSecretOptions = {}): Promise<SecretInfo> {
  const answer = await claimExchange(await resolveTarget(link, options), 'POST', '/peek');
  expectStatus(answer, 200);
  const body = answer.body as { hint?: unknown; created_at?: unknown; expires_at?: unknown } | null;
  if (typeof body?.created_at !== 'string' || typeof body.expires_at !== 'string') throw new ApiError(200, 'INVALID_RESPONSE', 'Server returned an unexpected response to peek');
  return { hint: typeof body.hint === 'string' ? body.hint : undefined, createdAt: body.created_at, expiresAt: body.expires_at };
}
