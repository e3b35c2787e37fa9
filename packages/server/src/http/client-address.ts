// The client's address for quotas and rate limits: Fastify's request.ip (the socket peer, or the
// address a trusted proxy forwarded). A forwarded value that is not an IP address is ignored in
// favour of the socket peer, so junk in X-Forwarded-For never opens a fresh quota bucket.
import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { quotaNetwork } from '../domain/client-network.js';

export function clientAddress(request: FastifyRequest): string {
  if (isIP(request.ip) !== 0) return request.ip;
  return request.socket.remoteAddress ?? request.ip;
}

/** The client's quota network (domain/client-network.ts): the per-IP rate limit's key. */
export function clientNetwork(request: FastifyRequest): string {
  return quotaNetwork(clientAddress(request));
}
