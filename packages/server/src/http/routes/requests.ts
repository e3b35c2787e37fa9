// Requests (spec api.md §3.7): POST /api/requests (register), GET /api/requests/:id (what is
// asked), POST …/fulfil (answer once), POST …/receive (take it, waiting up to 30 s) and DELETE
// (cancel). Parse, validate, delegate.
import type { FastifyInstance } from 'fastify';
import { IDEMPOTENCY_KEY_PATTERN, SECRET_ID_PATTERN } from 'zephr';
import type { RequestService } from '../../domain/request-service.js';
import { claimBodySchema, validateClaimBody } from '../claim-body.js';
import { fulfilBodySchema, receiveBodySchema, registerRequestBodySchema, validateFulfilBody, validateReceiveBody, validateRegisterBody } from '../request-body.js';
import { AUTH_CODES, COMMON_API_CODES, errorResponses } from '../schemas.js';
import { authenticate, type ResolveCaller } from './authenticate.js';
import { readIdempotencyKey } from './secrets.js';

const noValidation = () => () => true;
const time = { type: 'string', format: 'date-time' } as const;
const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: SECRET_ID_PATTERN, description: 'The 22-character request id; any other value is 404' } } } as const;
const BODY_CODES = ['INVALID_REQUEST_BODY', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', ...AUTH_CODES] as const;
const GONE = ['REQUEST_NOT_FOUND', 'REQUEST_FULFILLED', 'REQUEST_CANCELLED', 'REQUEST_EXPIRED'] as const;

export function requestRoutes(app: FastifyInstance, service: RequestService, resolve: ResolveCaller, options: { allowHttpCallbacks: boolean }): void {
  app.post('/requests', {
    validatorCompiler: noValidation,
    preParsing: [authenticate(resolve), readIdempotencyKey],
    schema: {
      operationId: 'createRequest',
      summary: 'Ask for a secret',
      description: 'Registers a request that a sender fulfils once with a secret encrypted to the public key in the request link\'s fragment (the server never sees that key). Counts as one create against the caller\'s quota; expiry and callbacks follow the caller\'s tier.',
      tags: ['requests'],
      headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN, description: 'Replays within 24 h by the same caller return the first 201 and register nothing.' } } },
      body: registerRequestBodySchema,
      response: {
        201: { type: 'object', required: ['id', 'expires_at'], properties: { id: { type: 'string', pattern: SECRET_ID_PATTERN }, expires_at: time } },
        ...errorResponses([
          ...BODY_CODES, 'MISSING_EXPIRY', 'INVALID_EXPIRY', 'INVALID_HINT', 'INVALID_CALLBACK_URL_TYPE', 'INVALID_CALLBACK_URL_FORMAT',
          'INVALID_CALLBACK_URL_PROTOCOL', 'INVALID_CALLBACK_URL_LENGTH', 'MISSING_CALLBACK_SECRET', 'UNEXPECTED_CALLBACK_SECRET',
          'INVALID_CALLBACK_SECRET_TYPE', 'INVALID_CALLBACK_SECRET_LENGTH', 'MISSING_CLAIM_HASH', 'INVALID_CLAIM_HASH', 'INVALID_IDEMPOTENCY_KEY', 'UPGRADE_REQUIRED',
          'ANON_RATE_LIMIT_EXCEEDED', 'MONTHLY_LIMIT_EXCEEDED', ...COMMON_API_CODES,
        ]),
      },
      security: [{}, { bearer: [] }],
    },
  }, async (request, reply) => reply.code(201).send(await service.create(request.caller!, validateRegisterBody(request.body, options), request.idempotencyKey)));

  app.get<{ Params: { id: string } }>('/requests/:id', {
    validatorCompiler: noValidation,
    preParsing: [authenticate(resolve)],
    schema: {
      operationId: 'describeRequest',
      summary: 'What a request asks for',
      description: 'For the sender: the hint, the expiry and the most secret the request takes. Changes nothing.',
      tags: ['requests'],
      params: idParam,
      response: {
        200: { type: 'object', required: ['expires_at', 'max_secret_bytes'], properties: { expires_at: time, max_secret_bytes: { type: 'integer' }, hint: { type: 'string' } } },
        ...errorResponses([...AUTH_CODES, ...GONE, ...COMMON_API_CODES]),
      },
      security: [{}, { bearer: [] }],
    },
  }, async (request) => service.describe(request.params.id));

  app.post<{ Params: { id: string } }>('/requests/:id/fulfil', {
    validatorCompiler: noValidation,
    preParsing: [authenticate(resolve)],
    schema: {
      operationId: 'fulfilRequest',
      summary: 'Answer a request with an encrypted secret',
      description: 'Stores a request blob once: of concurrent fulfils exactly one gets 201, the others 410 REQUEST_FULFILLED. No API key is needed and no quota is counted.',
      tags: ['requests'],
      params: idParam,
      body: fulfilBodySchema,
      response: {
        201: { type: 'object', required: ['fulfilled_at', 'expires_at'], properties: { fulfilled_at: time, expires_at: time } },
        ...errorResponses([
          ...BODY_CODES, 'MISSING_ENCRYPTED_BLOB', 'INVALID_ENCRYPTED_BLOB_TYPE', 'INVALID_ENCRYPTED_BLOB_ENCODING', 'INVALID_ENCRYPTED_BLOB_FORMAT',
          'INVALID_IV_LENGTH', 'INVALID_CIPHERTEXT_LENGTH', ...GONE, ...COMMON_API_CODES,
        ]),
      },
      security: [{}, { bearer: [] }],
    },
  }, async (request, reply) => {
    const { blob, secretBytes } = validateFulfilBody(request.body);
    return reply.code(201).send(await service.fulfil(request.params.id, blob, secretBytes));
  });

  app.post<{ Params: { id: string } }>('/requests/:id/receive', {
    validatorCompiler: noValidation,
    preParsing: [authenticate(resolve), readIdempotencyKey],
    schema: {
      operationId: 'receiveRequest',
      summary: 'Take the secret sent for a request',
      description: 'With the request claim token: 200 and the request blob, consumed once, when the request is fulfilled; otherwise waits up to `wait` seconds (at most 30) and answers 202 pending. A wrong token is 404, like an unknown id. A retry with the same Idempotency-Key within the retry window gets the same 200 again.',
      tags: ['requests'],
      params: idParam,
      headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN } } },
      body: receiveBodySchema,
      response: {
        200: { type: 'object', required: ['encrypted_blob', 'fulfilled_at'], properties: { encrypted_blob: { type: 'string' }, fulfilled_at: time, hint: { type: 'string' } } },
        202: { type: 'object', required: ['status', 'expires_at'], properties: { status: { type: 'string', enum: ['pending'] }, expires_at: time } },
        ...errorResponses([
          ...BODY_CODES, 'MISSING_CLAIM', 'INVALID_CLAIM', 'INVALID_WAIT', 'INVALID_IDEMPOTENCY_KEY', 'REQUEST_NOT_FOUND', 'REQUEST_CANCELLED', 'REQUEST_EXPIRED',
          'SECRET_ALREADY_CONSUMED', 'SECRET_EXPIRED', 'SECRET_BURNED', ...COMMON_API_CODES,
        ]),
      },
      security: [{}, { bearer: [] }],
    },
  }, async (request, reply) => {
    const { token, waitSeconds } = validateReceiveBody(request.body);
    // The client going away ends the wait: nothing is consumed for a caller no longer there.
    const gone = new AbortController();
    const onClose = () => gone.abort();
    request.raw.socket.once('close', onClose);
    try {
      const result = await service.receive(request.params.id, token, waitSeconds, request.idempotencyKey, gone.signal);
      return reply.code(result.kind === 'received' ? 200 : 202).send(result.body);
    } finally {
      request.raw.socket.off('close', onClose);
    }
  });

  app.delete<{ Params: { id: string } }>('/requests/:id', {
    validatorCompiler: noValidation,
    preParsing: [authenticate(resolve)],
    schema: {
      operationId: 'cancelRequest',
      summary: 'Cancel a request',
      description: 'With the request claim token: 204; a later fulfil gets 410 REQUEST_CANCELLED, and a secret already sent but not received is destroyed. A received request is 410 SECRET_ALREADY_CONSUMED; a wrong token 404.',
      tags: ['requests'],
      params: idParam,
      body: claimBodySchema,
      response: {
        204: { description: 'Cancelled.', type: 'null' },
        ...errorResponses([...BODY_CODES, 'MISSING_CLAIM', 'INVALID_CLAIM', 'REQUEST_NOT_FOUND', 'SECRET_ALREADY_CONSUMED', ...COMMON_API_CODES]),
      },
      security: [{}, { bearer: [] }],
    },
  }, async (request, reply) => {
    await service.cancel(request.params.id, validateClaimBody(request.body));
    return reply.code(204).send();
  });
}
