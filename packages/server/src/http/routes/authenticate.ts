// preParsing hook: resolves the caller (API key, signed-in web session, or anonymous client
// network) after the per-IP rate limit (an onRequest hook, spec order: limit, then
// authentication) and before the body is read, so a bad key is refused without parsing anything,
// a GET never consumes on a 401, and a flood of bad keys is throttled like anything else.
import type { FastifyRequest } from 'fastify';
import { type AccountService, webKeyId } from '../../domain/account-service.js';
import type { Caller, SecretService } from '../../domain/secret-service.js';
import { bearerKey } from '../auth.js';
import { clientAddress } from '../client-address.js';
import { requireSameOrigin, sessionToken } from '../session-cookie.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
    idempotencyKey: string | null;
  }
}

export type ResolveCaller = (request: FastifyRequest) => Promise<Caller>;

/**
 * An API key wins. Without one, the web pages' session cookie makes a signed-in user the caller
 * (their tier and quota; their web key owns what they create); a write with the cookie must come
 * from this server's own pages. Otherwise the caller is anonymous.
 */
export function callerResolver(service: SecretService, accounts: AccountService, publicUrl: string | null): ResolveCaller {
  return async (request) => {
    const key = bearerKey(request);
    if (key === null && request.headers.cookie !== undefined) {
      const token = sessionToken(request, publicUrl);
      if (token !== null) {
        requireSameOrigin(request, publicUrl);
        const me = await accounts.sessionOf(token);
        if (me !== null) return service.userCaller(me.user, webKeyId(me.user.id));
      }
    }
    return service.resolveCaller(key, clientAddress(request));
  };
}

export function authenticate(resolve: ResolveCaller) {
  return async (request: FastifyRequest): Promise<void> => {
    request.caller = await resolve(request);
  };
}
