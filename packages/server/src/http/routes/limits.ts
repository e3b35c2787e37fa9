// GET /api/limits: what the caller may do, so clients can validate before uploading.
import type { FastifyInstance } from 'fastify';
import type { SecretService } from '../../domain/secret-service.js';
import { COMMON_API_CODES, errorResponses, limitsSchema } from '../schemas.js';
import { authenticate, type ResolveCaller } from './authenticate.js';

export function limitsRoutes(app: FastifyInstance, service: SecretService, resolve: ResolveCaller): void {
  app.get('/limits', {
    preParsing: [authenticate(resolve)],
    schema: {
      operationId: 'getLimits',
      summary: "The caller's tier, expiries, size ceiling and remaining quota",
      tags: ['limits'],
      response: { 200: limitsSchema, ...errorResponses(['INVALID_API_KEY', 'ACCOUNT_DISABLED', ...COMMON_API_CODES]) },
      security: [{}, { bearer: [] }],
    },
  }, async (request) => service.limits(request.caller!));
}
