// Maps every failure to the documented envelope {"error":{"code","message"}} (spec E-1, A-GEN-2).
// Unexpected errors become 500 INTERNAL_ERROR with no internals in the message.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WIRE_ERRORS, type WireErrorCode } from 'zephr';
import { ClientAnswer, DomainError } from '../domain/domain-error.js';
import { StoreUnavailable } from '../store/store.js';
import { ERROR_HEADERS } from './security-headers.js';

/** A request the HTTP layer itself rejects (malformed header or body field). */
export class RequestError extends ClientAnswer {
  constructor(readonly code: WireErrorCode, message?: string) {
    super(message ?? WIRE_ERRORS[code].message);
    this.name = 'RequestError';
  }
}

export function envelope(code: WireErrorCode, message?: string): { error: { code: WireErrorCode; message: string } } {
  return { error: { code, message: message ?? WIRE_ERRORS[code].message } };
}

interface Classified {
  code: WireErrorCode;
  message?: string;
  retryAfterSeconds?: number;
}

const FASTIFY_CODES: Record<string, WireErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_REQUEST_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_REQUEST_BODY',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_REQUEST_BODY',
  FST_ERR_BAD_URL: 'INVALID_URL',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
  FST_ERR_ASYNC_CONSTRAINT: 'INTERNAL_ERROR',
};

function classify(error: unknown): Classified {
  if (error instanceof DomainError) return { code: error.code, message: error.message, ...(error.retryAfterSeconds !== undefined && { retryAfterSeconds: error.retryAfterSeconds }) };
  if (error instanceof RequestError) return { code: error.code, message: error.message };
  if (error instanceof StoreUnavailable) return { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: error.retryAfterSeconds };
  const e = error as Partial<FastifyError> & { code?: string };
  if (e.code === 'RATE_LIMIT_EXCEEDED') return { code: 'RATE_LIMIT_EXCEEDED', ...(e.message && { message: e.message }) };
  if (e.code !== undefined && e.code in FASTIFY_CODES) return { code: FASTIFY_CODES[e.code]! };
  switch (e.statusCode) {
    case 400: return { code: 'INVALID_REQUEST_BODY' };
    // A refused static path (traversal, dot files) is as good as absent.
    case 403: case 404: return { code: 'NOT_FOUND' };
    case 405: return { code: 'METHOD_NOT_ALLOWED' };
    case 413: return { code: 'PAYLOAD_TOO_LARGE' };
    case 414: return { code: 'URI_TOO_LONG' };
    case 415: return { code: 'UNSUPPORTED_MEDIA_TYPE' };
    case 429: return { code: 'RATE_LIMIT_EXCEEDED' };
    case 503: return { code: 'SERVICE_UNAVAILABLE' };
    default: return { code: 'INTERNAL_ERROR' };
  }
}

export function sendError(reply: FastifyReply, code: WireErrorCode, message?: string): FastifyReply {
  return reply.status(WIRE_ERRORS[code].status).type('application/json; charset=utf-8').send(envelope(code, message));
}

/** Browsers asking for a page get the HTML 404; the API and other clients get the envelope. */
function wantsHtml(request: FastifyRequest): boolean {
  return !request.url.startsWith('/api/') && request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
}

/** Maps an error to the envelope; also Fastify's frameworkErrors (bad URL, over-long parameter). */
export function answerError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const c = classify(error);
  if (c.code === 'INTERNAL_ERROR') {
    // Log the error's type and stack only; never the request body or headers.
    const e = error as Error;
    request.log.error({ err: { type: e?.name, message: e?.message, stack: e?.stack } }, 'unexpected error');
  }
  if (c.retryAfterSeconds !== undefined) reply.header('retry-after', String(c.retryAfterSeconds));
  // Framework errors skip the onRequest hooks: give them the API's headers here.
  for (const [name, value] of Object.entries(ERROR_HEADERS)) if (!reply.hasHeader(name)) reply.header(name, value);
  return sendError(reply, c.code, c.code === 'INTERNAL_ERROR' ? undefined : c.message);
}

export function installErrorHandling(app: FastifyInstance, notFoundPage: () => string | null = () => null): void {
  app.setErrorHandler(answerError);
  app.setNotFoundHandler((request, reply) => {
    const page = notFoundPage();
    if (page !== null && wantsHtml(request)) return reply.status(404).type('text/html; charset=utf-8').send(page);
    return sendError(reply, 'NOT_FOUND');
  });
}
