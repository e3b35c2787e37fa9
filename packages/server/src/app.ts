// The app factory: builds an un-listened Fastify instance from a config and its dependencies.
// main.ts owns the process (env, listen, signals, sweeper); tests call buildApp directly.
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import type { Config } from './config.js';
import { quotaNetwork } from './domain/client-network.js';
import { SecretService } from './domain/secret-service.js';
import { largestBlobLength } from './domain/tiers.js';
import { installErrorHandling } from './http/errors.js';
import { LOG_REDACT_PATHS, logSerializers } from './http/log-redaction.js';
import { limitsRoutes } from './http/routes/limits.js';
import { metaRoutes } from './http/routes/meta.js';
import { secretRoutes } from './http/routes/secrets.js';
import { installSecurityHeaders } from './http/security-headers.js';
import { webRoutes } from './http/web.js';
import { Metrics } from './metrics.js';
import type { Store } from './store/store.js';
import { WebhookDeliverer } from './webhooks/deliverer.js';
import { type Lookup, systemLookup } from './webhooks/outbound-guard.js';
import { keyFingerprint, loadServerKey, SecretBox, ServerKeyError } from './webhooks/server-key.js';
import { SERVER_VERSION } from './version.js';

export interface AppDeps {
  store: Store;
  /** Milliseconds since the epoch; injected so tests control expiry. */
  clock?: () => number;
  /** Secret id generator (defaults to 16 random bytes). */
  newId?: () => string;
  /** Where logs go (defaults to stdout). */
  logStream?: DestinationStream;
  /** Webhook DNS resolution (defaults to the system resolver); tests map names to loopback. */
  webhookLookup?: Lookup;
  /** Extra CA certificates trusted for webhook delivery (tests, private PKI). */
  webhookCa?: string | Buffer;
}

declare module 'fastify' {
  interface FastifyInstance {
    zephr: { service: SecretService; store: Store; metrics: Metrics | null; webhooks: WebhookDeliverer };
  }
}

export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel, serializers: logSerializers, redact: { paths: LOG_REDACT_PATHS, remove: true }, ...(deps.logStream && { stream: deps.logStream }) },
    // A hop count trusts that many proxies nearest the server.
    trustProxy: typeof config.trustProxy === 'number' ? ((_address: string, hop: number) => hop < (config.trustProxy as number)) : config.trustProxy,
    // Room for the largest tier's blob plus the other fields.
    bodyLimit: largestBlobLength(config.tiers) + 16 * 1024,
    // A HEAD on GET /api/secrets/:id must never consume, so no automatic HEAD routes.
    exposeHeadRoutes: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false } },
  });

  const metrics = config.metrics ? new Metrics() : null;
  const clock = deps.clock ?? Date.now;
  const serverKey = config.serverKey ?? loadServerKey(undefined, config.dataDir).key;
  // Sealed callback secrets open only with the key that sealed them: refuse to start with another.
  const fingerprint = keyFingerprint(serverKey);
  if ((await deps.store.claimSetting('server_key_fingerprint', fingerprint)) !== fingerprint) {
    throw new ServerKeyError('this database was set up with a different server key: set ZEPHR_SECRET_KEY to that key (every instance must share one), or restore its server.key');
  }
  const box = new SecretBox(serverKey);
  const webhooks = new WebhookDeliverer({
    store: deps.store, box, clock, log: app.log,
    guard: { allowPrivate: config.webhooks.allowPrivate, allowHttp: config.webhooks.allowHttp, lookup: deps.webhookLookup ?? systemLookup },
    retryDelaysMs: config.webhooks.retryDelaysMs, timeoutMs: config.webhooks.timeoutMs, pollMs: config.webhooks.pollMs,
    userAgent: `zephr-webhooks/${SERVER_VERSION}`, ca: deps.webhookCa,
    ...(metrics && { onOutcome: (outcome) => metrics.webhooks.inc({ outcome }) }),
  });
  if (config.webhooks.allowPrivate) app.log.warn('ZEPHR_WEBHOOK_ALLOW_PRIVATE is on: webhooks may reach loopback, private and cloud-metadata addresses. Use only for tests and closed networks.');
  if (config.webhooks.allowHttp) app.log.warn('ZEPHR_WEBHOOK_ALLOW_HTTP is on: webhooks may be sent over plain http. Use only for tests and closed networks.');
  const service = new SecretService({
    store: deps.store,
    tiers: config.tiers,
    clock,
    purgeGraceMs: config.purgeGraceMinutes * 60_000,
    installationSecret: await deps.store.installationSecret(),
    sealer: box,
    ...(deps.newId && { newId: deps.newId }),
    events: { ...metrics?.events, webhooksQueued: () => webhooks.kick() },
  });
  app.decorate('zephr', { service, store: deps.store, metrics, webhooks });
  app.decorateRequest('caller', null);
  app.decorateRequest('idempotencyKey', null);

  let notFoundPage: string | null = null;
  installErrorHandling(app, () => notFoundPage);
  await installSecurityHeaders(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Zephr API', version: '1', description: 'Zero-knowledge one-time secrets. Clients encrypt; the server stores ciphertext and hands it out exactly once. Spec: protocol/spec/v1/api.md.' },
      ...(config.publicUrl && { servers: [{ url: config.publicUrl }] }),
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API key: zeph_ followed by 43 base64url characters' } } },
    },
  });

  if (metrics !== null) {
    app.addHook('onResponse', async (request, reply) => {
      metrics.latency.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
  }

  await app.register(async (api) => {
    await api.register(cors, {
      origin: '*', credentials: false, methods: ['GET', 'POST'], maxAge: 600,
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
      exposedHeaders: ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
    });
    await api.register(rateLimit, {
      global: true,
      max: config.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request) => quotaNetwork(request.ip),
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429, code: 'RATE_LIMIT_EXCEEDED',
        message: `Too many requests: at most ${context.max} per minute from one address; retry in ${context.after}`,
      }),
    });
    secretRoutes(api, service, { allowHttpCallbacks: config.webhooks.allowHttp });
    limitsRoutes(api, service);
  }, { prefix: '/api' });

  metaRoutes(app, deps.store, metrics);
  notFoundPage = (await webRoutes(app, config.webDir))?.notFound ?? null;

  // While draining, answer in-flight requests with Connection: close so keep-alive sockets end
  // with their last response instead of holding the shutdown open.
  let closing = false;
  app.addHook('preClose', async () => { closing = true; });
  app.addHook('onSend', async (_request, reply) => { if (closing) reply.header('connection', 'close'); });
  app.addHook('onClose', async () => {
    await webhooks.stop();
    await deps.store.close();
  });
  return app;
}
