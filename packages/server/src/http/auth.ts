// Reads the optional bearer API key. The domain decides whether the key is valid.
import type { FastifyRequest } from 'fastify';
import { API_KEY_PATTERN } from 'zephr';
import { DomainError } from '../domain/domain-error.js';

const API_KEY = new RegExp(API_KEY_PATTERN);

/** The presented key, or null when there is no Authorization header; malformed is 401. */
export function bearerKey(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return null;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (match === null || !API_KEY.test(match[1]!)) throw new DomainError('INVALID_API_KEY');
  return match[1]!;
}
