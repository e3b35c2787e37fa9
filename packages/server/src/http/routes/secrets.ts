// POST /api/secrets (create) and GET /api/secrets/:id (consume). Parse, validate, delegate.
import type { FastifyInstance } from 'fastify';
import { IDEMPOTENCY_KEY_PATTERN, SECRET_ID_PATTERN } from 'zephr';
import type { SecretService } from '../../domain/secret-service.js';
import { parseIdempotencyKey, validateCreateBody, createSecretBodySchema } from '../create-body.js';
import { COMMON_API_CODES, consumedSchema, createdSchema, errorResponses } from '../schemas.js';
import { authenticate } from './authenticate.js';

const noValidation = () => () => true;

export function secretRoutes(app: FastifyInstance, service: SecretService, options: { allowHttpCallbacks: boolean }): void {
  app.post('/secrets', {
    // The schema documents the body; validateCreateBody applies it in the spec's order with
    // specific error codes, so Fastify's own validation is off for this route.
    validatorCompiler: noValidation,
    preParsing: [authenticate(service), async (request) => { request.idempotencyKey = parseIdempotencyKey(request.headers['idempotency-key']); }],
    schema: {
      operationId: 'createSecret',
      summary: 'Deposit an encrypted secret',
      description: 'Stores a client-encrypted blob. The server never receives the key. Anonymous callers are limited per IP per day; API keys per month.',
      tags: ['secrets'],
      headers: {
        type: 'object',
        properties: {
          'idempotency-key': { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN, description: 'Replays within 24 h by the same caller return the first 201 and create nothing.' },
        },
      },
      body: createSecretBodySchema,
      response: {
        201: createdSchema,
        ...errorResponses([
          'INVALID_REQUEST_BODY', 'MISSING_ENCRYPTED_BLOB', 'INVALID_ENCRYPTED_BLOB_TYPE', 'INVALID_ENCRYPTED_BLOB_ENCODING', 'INVALID_ENCRYPTED_BLOB_FORMAT',
          'INVALID_IV_LENGTH', 'INVALID_CIPHERTEXT_LENGTH', 'MISSING_EXPIRY', 'INVALID_EXPIRY', 'INVALID_SPLIT_URL_MODE', 'INVALID_HINT',
          'INVALID_CALLBACK_URL_TYPE', 'INVALID_CALLBACK_URL_FORMAT', 'INVALID_CALLBACK_URL_PROTOCOL', 'INVALID_CALLBACK_URL_LENGTH',
          'MISSING_CALLBACK_SECRET', 'UNEXPECTED_CALLBACK_SECRET', 'INVALID_CALLBACK_SECRET_TYPE', 'INVALID_CALLBACK_SECRET_LENGTH',
          'INVALID_IDEMPOTENCY_KEY', 'INVALID_API_KEY', 'UPGRADE_REQUIRED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE',
          'ANON_RATE_LIMIT_EXCEEDED', 'MONTHLY_LIMIT_EXCEEDED', ...COMMON_API_CODES,
        ]),
      },
      security: [{}, { bearer: [] }],
    },
  }, async (request, reply) => {
    const input = validateCreateBody(request.body, { allowHttpCallbacks: options.allowHttpCallbacks });
    const { response } = await service.create(request.caller!, { ...input, idempotencyKey: request.idempotencyKey });
    return reply.code(201).send(response);
  });

  app.get<{ Params: { id: string } }>('/secrets/:id', {
    validatorCompiler: noValidation,
    preParsing: [authenticate(service)],
    schema: {
      operationId: 'consumeSecret',
      summary: 'Retrieve and consume a secret',
      description: 'Returns the ciphertext once. The record is consumed atomically: of concurrent requests exactly one gets 200; later ones get 410.',
      tags: ['secrets'],
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: SECRET_ID_PATTERN, description: 'The 22-character secret id; any other value is 404' } } },
      response: {
        200: consumedSchema,
        ...errorResponses(['INVALID_API_KEY', 'SECRET_NOT_FOUND', 'SECRET_ALREADY_CONSUMED', 'SECRET_EXPIRED', ...COMMON_API_CODES]),
      },
      security: [{}, { bearer: [] }],
    },
  }, async (request) => service.consume(request.params.id));

}
