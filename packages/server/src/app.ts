// The app factory: builds an un-listened Fastify instance from a config and the services
// (services.ts). It does no I/O of its own beyond reading the web build; main.ts owns the
// process (env, services, listen, signals, sweeper), and tests call both factories directly.
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { largestBlobLength } from './domain/tiers.js';
import { AccessLog } from './http/access-log.js';
import { clientNetwork } from './http/client-address.js';
import { addLinks } from './http/openapi-links.js';
import { answerError, installErrorHandling } from './http/errors.js';
import { clientErrorHandler } from './http/client-errors.js';
import { collectRoutesFor405 } from './http/method-not-allowed.js';
import { accountRoutes } from './http/routes/account.js';
import { adminRoutes } from './http/routes/admin.js';
import { authRoutes } from './http/routes/auth.js';
import { callerResolver } from './http/routes/authenticate.js';
import { deviceRoutes } from './http/routes/device.js';
import { limitsRoutes } from './http/routes/limits.js';
import { metaRoutes } from './http/routes/meta.js';
import { plansRoutes } from './http/routes/plans.js';
import { requestRoutes } from './http/routes/requests.js';
import { secretRoutes } from './http/routes/secrets.js';
import { installSecurityHeaders } from './http/security-headers.js';
import { webRoutes } from './http/web.js';
import type { Services } from './services.js';

export async function buildApp(config: Config, services: Services): Promise<FastifyInstance> {
  const { service, accounts, metrics } = services;
  const resolveCaller = callerResolver(service, accounts, config.publicUrl);
  const app = Fastify({
    loggerInstance: services.log,
    // One access line per request (http/access-log.ts).
    logController: new AccessLog(services.accessLog),
    // A hop count trusts that many proxies nearest the server.
    trustProxy: typeof config.trustProxy === 'number' ? ((_address: string, hop: number) => hop < (config.trustProxy as number)) : config.trustProxy,
    // Room for the largest tier's blob plus the other fields.
    bodyLimit: largestBlobLength(config.tiers) + 16 * 1024,
    // Unknown members are ignored (clients newer than the server), so __proto__ and
    // constructor.prototype keys are dropped by the parser like any other, never applied.
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
    // A HEAD on GET /api/secrets/:id must never consume, so no automatic HEAD routes.
    exposeHeadRoutes: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false } },
    // Malformed URLs and over-long parameters get the envelope like every other answer.
    frameworkErrors: answerError,
    // So do requests Node's HTTP parser refuses (oversized headers, bad request lines, timeouts).
    clientErrorHandler: clientErrorHandler(services.log),
  });
  const register405s = collectRoutesFor405(app);
  app.decorateRequest('caller', null);
  app.decorateRequest('idempotencyKey', null);

  let notFoundPage: string | null = null;
  installErrorHandling(app, () => notFoundPage);
  await installSecurityHeaders(app);
  // Parsing and signing of cookies only where a route asks (session-cookie.ts): no hook on every request.
  await app.register(cookie, { hook: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Zephr API', version: '1', description: 'Zero-knowledge one-time secrets. Clients encrypt; the server stores ciphertext and hands it out exactly once. Spec: protocol/spec/v1/api.md.' },
      ...(config.publicUrl && { servers: [{ url: config.publicUrl }] }),
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API key: zeph_ followed by 43 base64url characters' } } },
    },
    // The document is OpenAPI (never Swagger 2): the openapi option above.
    transformObject: (document) => addLinks('openapiObject' in document ? document.openapiObject : document.swaggerObject),
  });

  if (metrics !== null) {
    app.addHook('onResponse', async (request, reply) => {
      metrics.latency.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
  }

  const rateLimitOptions = {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: clientNetwork,
    errorResponseBuilder: (_request: unknown, context: { max: number; after: string }) => ({
      statusCode: 429, code: 'RATE_LIMIT_EXCEEDED',
      message: `Too many requests: at most ${context.max} per minute from one address; retry in ${context.after}`,
    }),
  };
  await app.register(async (api) => {
    // CORS allows exactly the methods the /api routes answer: a route's new method needs no second edit.
    const methods = new Set<string>();
    api.addHook('onRoute', (route) => {
      if ((route.schema as { hide?: boolean } | undefined)?.hide !== true) for (const m of [route.method].flat()) methods.add(m);
    });
    // Static options, normalised once by the plugin; the methods array is filled in place at
    // onReady. The origin is '*', so answers do not vary by Origin.
    const corsMethods: string[] = [];
    const corsOptions = {
      origin: '*', credentials: false, methods: corsMethods, maxAge: 600, strictPreflight: false,
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
      exposedHeaders: ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
    };
    api.addHook('onReady', async () => { corsMethods.splice(0, corsMethods.length, ...[...methods].sort()); });
    // strictPreflight off: an OPTIONS without Origin is answered like any preflight, not with a text/plain 400.
    await api.register(cors, corsOptions);
    await api.register(rateLimit, rateLimitOptions);
    secretRoutes(api, service, resolveCaller, { allowHttpCallbacks: config.webhooks.allowHttp });
    requestRoutes(api, services.requests, resolveCaller, { allowHttpCallbacks: config.webhooks.allowHttp });
    limitsRoutes(api, service, resolveCaller);
    plansRoutes(api, { tiers: config.tiers, signup: config.accounts.signup, signupTier: config.accounts.signupTier, upgradeContact: config.accounts.upgradeContact });
    deviceRoutes(api, accounts, resolveCaller, config.publicUrl);
  }, { prefix: '/api' });

  // The web pages' own JSON: cookie sessions, same origin only (no CORS), rate-limited like /api.
  await app.register(async (auth) => {
    await auth.register(rateLimit, rateLimitOptions);
    authRoutes(auth, accounts, config.publicUrl);
    accountRoutes(auth, accounts, service, config.publicUrl);
    adminRoutes(auth, accounts, config.publicUrl);
  }, { prefix: '/auth' });

  metaRoutes(app, services.store, metrics);
  notFoundPage = (await webRoutes(app, config.webDir))?.notFound ?? null;
  register405s();

  // While draining, answer in-flight requests with Connection: close so keep-alive sockets end
  // with their last response instead of holding the shutdown open.
  let closing = false;
  // Long-polls end at once (202 pending): a drain never waits 30 s for a receive.
  app.addHook('preClose', async () => { closing = true; services.requests.close(); });
  // Callback form: no promise per answer.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  // The app owns the services from here: closing it stops delivery and closes the store.
  app.addHook('onClose', async () => services.close());
  return app;
}
