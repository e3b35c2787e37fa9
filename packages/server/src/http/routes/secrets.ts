// POST /api/secrets (create), GET /api/secrets/:id (consume an unclaimed secret), and, with proof
// of key, POST …/claim (consume), POST …/peek (preview) and DELETE (burn). Parse, validate, delegate.
import type { FastifyInstance, preParsingHookHandler } from 'fastify';
import { IDEMPOTENCY_KEY_PATTERN, SECRET_ID_PATTERN } from 'zephr';
import type { SecretService } from '../../domain/secret-service.js';
import { parseIdempotencyKey, validateCreateBody, createSecretBodySchema } from '../create-body.js';
import { claimBodySchema, validateClaimBody } from '../claim-body.js';
import { AUTH_CODES, COMMON_API_CODES, consumedSchema, createdSchema, errorResponses, peekSchema } from '../schemas.js';
import { authenticate, type ResolveCaller } from './authenticate.js';

const noValidation = () => () => true;

/** preParsing, in callback form (no promise per request): the Idempotency-Key header, checked. */
export const readIdempotencyKey: preParsingHookHandler = (request, _reply, payload, done) => {
  try {
    request.idempotencyKey = parseIdempotencyKey(request.headers['idempotency-key']);
  } catch (error) {
    done(error as Error);
    return;
  }
  done(null, payload);
};

const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: SECRET_ID_PATTERN, description: 'The 22-character secret id; any other value is 404' } } } as const;
const idempotencyHeader = (description: string) => ({
  type: 'object', properties: { 'idempotency-key': { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN, description } },
}) as const;
const CLAIM_CODES = ['INVALID_REQUEST_BODY', 'MISSING_CLAIM', 'INVALID_CLAIM', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', ...AUTH_CODES, 'SECRET_NOT_FOUND'] as const;

export function secretRoutes(app: FastifyInstance, service: SecretService, resolve: ResolveCaller, options: { allowHttpCallbacks: boolean }): void {
  app.post('/secrets', {
    // The schema documents the body; validateCreateBody applies it in the spec's order with
    // specific error codes, so Fastify's own validation is off for this route.
    validatorCompiler: noValidation,
    preParsing: [authenticate(resolve), readIdempotencyKey],
    schema: {
      operationId: 'createSecret',
      summary: 'Deposit an encrypted secret',
      description: 'Stores a client-encrypted blob. The server never receives the key. Anonymous callers are limited per IP per day; API keys per month.',
      tags: ['secrets'],
      headers: idempotencyHeader('Replays within 24 h by the same caller return the first 201 and create nothing.'),
      body: createSecretBodySchema,
      response: {
        201: createdSchema,
        ...errorResponses([
          'INVALID_REQUEST_BODY', 'MISSING_ENCRYPTED_BLOB', 'INVALID_ENCRYPTED_BLOB_TYPE', 'INVALID_ENCRYPTED_BLOB_ENCODING', 'INVALID_ENCRYPTED_BLOB_FORMAT',
          'INVALID_IV_LENGTH', 'INVALID_CIPHERTEXT_LENGTH', 'MISSING_EXPIRY', 'INVALID_EXPIRY', 'INVALID_SPLIT_URL_MODE', 'INVALID_HINT',
          'INVALID_CALLBACK_URL_TYPE', 'INVALID_CALLBACK_URL_FORMAT', 'INVALID_CALLBACK_URL_PROTOCOL', 'INVALID_CALLBACK_URL_LENGTH',
          'MISSING_CALLBACK_SECRET', 'UNEXPECTED_CALLBACK_SECRET', 'INVALID_CALLBACK_SECRET_TYPE', 'INVALID_CALLBACK_SECRET_LENGTH',
          'INVALID_CLAIM_HASH', 'INVALID_IDEMPOTENCY_KEY', ...AUTH_CODES, 'UPGRADE_REQUIRED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE',
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
    preParsing: [authenticate(resolve)],
    schema: {
      operationId: 'consumeSecret',
      summary: 'Retrieve and consume a secret created without a claim hash',
      description: 'Returns the ciphertext once. The record is consumed atomically: of concurrent requests exactly one gets 200; later ones get 410. A secret created with claim_hash is 404 here and nothing changes: it opens only through claimSecret.',
      tags: ['secrets'],
      params: idParam,
      response: {
        200: consumedSchema,
        ...errorResponses(['INVALID_API_KEY', 'ACCOUNT_DISABLED', 'SECRET_NOT_FOUND', 'SECRET_ALREADY_CONSUMED', 'SECRET_EXPIRED', 'SECRET_BURNED', ...COMMON_API_CODES]),
      },
      security: [{}, { bearer: [] }],
    },
  }, async (request) => service.consume(request.params.id));

  app.post<{ Params: { id: string } }>('/secrets/:id/claim', {
    validatorCompiler: noValidation,
    preParsing: [authenticate(resolve), readIdempotencyKey],
    schema: {
      operationId: 'claimSecret',
      summary: 'Consume a secret with proof of its key',
      description: 'Returns the ciphertext once, to a request carrying the claim token derived from the key. A wrong token is answered exactly like an unknown id (404) and consumes nothing. A retry with the same token and Idempotency-Key within the server\'s retry window (60 s by default) gets the same 200 again; anyone else gets 410. A secret created without claim_hash is consumed by any well-formed token, as by GET.',
      tags: ['secrets'],
      params: idParam,
      headers: idempotencyHeader('Lets a retry of this claim, after a lost response, get the same 200 within the retry window.'),
      body: claimBodySchema,
      response: {
        200: consumedSchema,
        ...errorResponses([...CLAIM_CODES, 'INVALID_IDEMPOTENCY_KEY', 'SECRET_ALREADY_CONSUMED', 'SECRET_EXPIRED', 'SECRET_BURNED', ...COMMON_API_CODES]),
      },
      security: [{}, { bearer: [] }],
    },
  }, async (request) => service.claim(request.params.id, validateClaimBody(request.body), request.idempotencyKey));

  app.post<{ Params: { id: string } }>('/secrets/:id/peek', {
    validatorCompiler: noValidation,
    preParsing: [authenticate(resolve)],
    schema: {
      operationId: 'peekSecret',
      summary: 'Preview an unread secret with proof of its key',
      description: 'Returns the hint and times of an unread secret without consuming it. A wrong token is 404, like an unknown id.',
      tags: ['secrets'],
      params: idParam,
      body: claimBodySchema,
      response: {
        200: peekSchema,
        ...errorResponses([...CLAIM_CODES, 'SECRET_ALREADY_CONSUMED', 'SECRET_EXPIRED', 'SECRET_BURNED', ...COMMON_API_CODES]),
      },
      security: [{}, { bearer: [] }],
    },
  }, async (request) => service.peek(request.params.id, validateClaimBody(request.body)));

  app.delete<{ Params: { id: string } }>('/secrets/:id', {
    validatorCompiler: noValidation,
    preParsing: [authenticate(resolve)],
    schema: {
      operationId: 'burnSecret',
      summary: 'Burn an unread secret with proof of its key, or as its owner',
      description: 'Destroys an unread secret for good (204; again 204 if it was already burned). Later claims get 410 SECRET_BURNED, and a secret.burned webhook is sent. A wrong token is 404, like an unknown id; a secret already read is 410 SECRET_ALREADY_CONSUMED. The API key of the account that created the secret may send no body (or one without claim): it burns as the owner (a key of another account: 404, as for an unknown id).',
      tags: ['secrets'],
      params: idParam,
      body: claimBodySchema,
      response: {
        204: { description: 'Burned: the ciphertext is destroyed.', type: 'null' },
        ...errorResponses([...CLAIM_CODES, 'SECRET_ALREADY_CONSUMED', 'SECRET_EXPIRED', ...COMMON_API_CODES]),
      },
      security: [{}, { bearer: [] }],
    },
  }, async (request, reply) => {
    const caller = request.caller!;
    // No claim: the owner's own key (or web session) may burn what it created.
    const body = request.body as Record<string, unknown> | null | undefined;
    const owner = caller.kind === 'key' ? caller.userId : null;
    if (owner !== null && (body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body) && body.claim === undefined))) {
      await service.burnAsOwner(owner, request.params.id);
    } else {
      await service.burn(request.params.id, validateClaimBody(request.body));
    }
    return reply.code(204).send();
  });
}
