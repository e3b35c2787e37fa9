// onRequest hook: resolves the caller (API key or anonymous client network) before the body is
// read, so a bad key is refused without parsing anything and a GET never consumes on a 401.
import type { FastifyRequest } from 'fastify';
import type { Caller, SecretService } from '../../domain/secret-service.js';
import { bearerKey } from '../auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
    idempotencyKey: string | null;
  }
}

export function authenticate(service: SecretService) {
  return async (request: FastifyRequest): Promise<void> => {
    request.caller = await service.resolveCaller(bearerKey(request), request.ip);
  };
}
