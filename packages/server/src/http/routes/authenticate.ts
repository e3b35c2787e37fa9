// preParsing hook: resolves the caller (API key or anonymous client network) after the per-IP rate
// limit (an onRequest hook, spec order: limit, then authentication) and before the body is read,
// so a bad key is refused without parsing anything, a GET never consumes on a 401, and a flood
// of bad keys is throttled like anything else.
import type { FastifyRequest } from 'fastify';
import type { Caller, SecretService } from '../../domain/secret-service.js';
import { bearerKey } from '../auth.js';
import { clientAddress } from '../client-address.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
    idempotencyKey: string | null;
  }
}

export function authenticate(service: SecretService) {
  return async (request: FastifyRequest): Promise<void> => {
    request.caller = await service.resolveCaller(bearerKey(request), clientAddress(request));
  };
}
