// burnSecret: the holder of a link (usually its sender) destroys the secret unread (spec
// A-BURN-1). Burning is idempotent on the server, so a lost answer is retried once.
import { claimExchange, type LinkInput, resolveTarget, type TargetOptions } from './secret-target.js';
import { expectStatus } from './transport.js';

export type BurnSecretOptions = TargetOptions;

/**
 * Resolves once the secret is destroyed (or was already burned). Throws ValidationError
 * (malformed link or key), ApiError (404 not found or a key that does not match, 410
 * SECRET_ALREADY_CONSUMED when the recipient already read it, SECRET_EXPIRED) or NetworkError.
 */
export async function burnSecret(link: LinkInput, options: BurnSecretOptions = {}): Promise<void> {
  expectStatus(await claimExchange(await resolveTarget(link, options), 'DELETE', ''), 204);
}
