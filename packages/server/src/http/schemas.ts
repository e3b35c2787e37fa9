// Response schemas: they serialise responses and document them in /openapi.json.
import { WIRE_ERRORS, type WireErrorCode } from 'zephr';

// The success bodies are written once, in the zephr package, which derives the SDK's types from them.
export { CONSUMED_SCHEMA as consumedSchema, CREATED_SCHEMA as createdSchema, LIMITS_SCHEMA as limitsSchema, PEEK_SCHEMA as peekSchema } from 'zephr';

/** Codes any /api route may answer with, besides its own. */
export const COMMON_API_CODES: WireErrorCode[] = [
  'RATE_LIMIT_EXCEEDED', 'INTERNAL_ERROR', 'SERVICE_UNAVAILABLE',
  // Answered before routing, by Fastify or Node's HTTP parser, in the same envelope.
  'INVALID_URL', 'URI_TOO_LONG', 'HEADERS_TOO_LARGE', 'INVALID_HTTP_REQUEST', 'REQUEST_TIMEOUT',
];

/** What authenticating a request may answer: a bad key, a disabled account, a cookie write from elsewhere (A-ACCT-5). */
export const AUTH_CODES: WireErrorCode[] = ['INVALID_API_KEY', 'ACCOUNT_DISABLED', 'CROSS_ORIGIN_REQUEST'];

/** Error responses grouped by status, each listing its possible codes as an enum. */
export function errorResponses(codes: WireErrorCode[]): Record<number, object> {
  const byStatus = new Map<number, WireErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = WIRE_ERRORS[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries([...byStatus].map(([status, list]) => [status, {
    description: list.map((c) => `${c}: ${WIRE_ERRORS[c].message}`).join('; '),
    type: 'object', required: ['error'],
    properties: {
      error: {
        type: 'object', required: ['code', 'message'],
        properties: { code: { type: 'string', enum: list }, message: { type: 'string' } },
      },
    },
  }]));
}
