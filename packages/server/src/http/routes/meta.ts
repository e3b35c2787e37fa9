// Health, readiness, metrics and the OpenAPI document.
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../metrics.js';
import type { Store } from '../../store/store.js';
import { sendError } from '../errors.js';
import { errorResponses } from '../schemas.js';

const status = { type: 'object', required: ['status'], properties: { status: { type: 'string' } } };

export function metaRoutes(app: FastifyInstance, store: Store, metrics: Metrics | null): void {
  app.get('/healthz', { schema: { operationId: 'getHealth', summary: 'The process is alive', tags: ['operations'], response: { 200: status } } }, async () => ({ status: 'ok' }));

  app.get('/readyz', {
    schema: { operationId: 'getReadiness', summary: 'The store is reachable', tags: ['operations'], response: { 200: status, ...errorResponses(['SERVICE_UNAVAILABLE']) } },
  }, async (request, reply) => {
    try {
      await store.ping();
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: { message: (error as Error).message } }, 'store not reachable');
      return sendError(reply, 'SERVICE_UNAVAILABLE', 'The store is not reachable');
    }
  });

  if (metrics !== null) {
    app.get('/metrics', { schema: { operationId: 'getMetrics', summary: 'Prometheus metrics (when ZEPHR_METRICS is on)', tags: ['operations'] } }, async (_request, reply) => {
      reply.type(metrics.registry.contentType);
      return metrics.registry.metrics();
    });
  }

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
