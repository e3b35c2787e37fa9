// Reads the optional bearer API key. The domain decides whether the key is valid.
import type { FastifyRequest } from 'fastify';
import { API_KEY_PATTERN } from '../domain/api-keys.js';
import { DomainError } from '../domain/domain-error.js';

/** The presented key, or null when there is no Authorization header; malformed is 401. */
export function bearerKey(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return null;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (match === null || !API_KEY_PATTERN.test(match[1]!)) throw new DomainError('INVALID_API_KEY');
  return match[1]!;
}
