// Everything the server runs on besides HTTP, wired once per process: the server key (read or
// made, and checked against the store's fingerprint), the secret service, the webhook deliverer
// and metrics. main.ts calls createServices, then buildApp with the result; tests do the same.
import type { FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { AccountService } from './domain/account-service.js';
import { RequestService } from './domain/request-service.js';
import { SecretService } from './domain/secret-service.js';
import { createLoggers } from './logger.js';
import type { Metrics } from './metrics.js';
import { installationSecret, type Store } from './store/store.js';
import { WebhookDeliverer } from './webhooks/deliverer.js';
import { type Lookup, systemLookup } from './webhooks/outbound-guard.js';
import { keyFingerprint, loadServerKey, SecretBox, ServerKeyError } from './webhooks/server-key.js';
import { SERVER_VERSION } from './version.js';

export interface ServiceDeps {
  store: Store;
  /** Milliseconds since the epoch; injected so tests control expiry. */
  clock?: () => number;
  /** Secret id generator (defaults to 16 random bytes). */
  newId?: () => string;
  /** Where logs go (defaults to stdout). */
  logStream?: { write(line: string): void };
  /** Webhook DNS resolution (defaults to the system resolver); tests map names to loopback. */
  webhookLookup?: Lookup;
  /** Extra CA certificates trusted for webhook delivery (tests, private PKI). */
  webhookCa?: string | Buffer;
}

export interface Services {
  store: Store;
  log: FastifyBaseLogger;
  /** The per-request access line's logger (unredacted: see logger.ts). */
  accessLog: Logger;
  service: SecretService;
  requests: RequestService;
  accounts: AccountService;
  webhooks: WebhookDeliverer;
  metrics: Metrics | null;
  /** Stops delivering (in-flight deliveries finish) and closes the store. */
  close(): Promise<void>;
}

export async function createServices(config: Config, deps: ServiceDeps): Promise<Services> {
  const { store } = deps;
  const { log, access: accessLog } = createLoggers(config, deps.logStream);
  const clock = deps.clock ?? Date.now;
  // prom-client loads only when metrics are on.
  const metrics = config.metrics ? new (await import('./metrics.js')).Metrics() : null;
  const serverKey = config.serverKey ?? loadServerKey(undefined, config.dataDir).key;
  // Sealed callback secrets open only with the key that sealed them: refuse to start with another.
  const fingerprint = keyFingerprint(serverKey);
  if ((await store.settings.claim('server_key_fingerprint', fingerprint)) !== fingerprint) {
    throw new ServerKeyError('this database was set up with a different server key: set ZEPHR_SECRET_KEY to that key (every instance must share one), or restore its server.key');
  }
  const box = new SecretBox(serverKey);
  const webhooks = new WebhookDeliverer({
    outbox: store.outbox, box, clock, log,
    guard: { allowPrivate: config.webhooks.allowPrivate, allowHttp: config.webhooks.allowHttp, lookup: deps.webhookLookup ?? systemLookup },
    retryDelaysMs: config.webhooks.retryDelaysMs, timeoutMs: config.webhooks.timeoutMs, pollMs: config.webhooks.pollMs,
    userAgent: `zephr-webhooks/${SERVER_VERSION}`, ca: deps.webhookCa,
    ...(metrics && { onOutcome: (outcome) => metrics.webhooks.inc({ outcome }) }),
  });
  if (config.webhooks.allowPrivate) log.warn('ZEPHR_WEBHOOK_ALLOW_PRIVATE is on: webhooks may reach loopback, private and cloud-metadata addresses. Use only for tests and closed networks.');
  if (config.webhooks.allowHttp) log.warn('ZEPHR_WEBHOOK_ALLOW_HTTP is on: webhooks may be sent over plain http. Use only for tests and closed networks.');
  const service = new SecretService({
    secrets: store.secrets,
    apiKeys: store.apiKeys,
    audit: store.audit,
    auditRetentionMs: config.accounts.auditRetentionMs,
    tiers: config.tiers,
    clock,
    purgeGraceMs: config.purgeGraceMinutes * 60_000,
    claimRetryWindowMs: config.claimRetryWindowSeconds * 1000,
    installationSecret: await installationSecret(store.settings),
    sealer: box,
    ...(deps.newId && { newId: deps.newId }),
    events: { ...metrics?.events, webhooksQueued: () => webhooks.kick() },
  });
  const requests = new RequestService({
    requests: store.requests, secrets: store.secrets, policy: service, clock,
    purgeGraceMs: config.purgeGraceMinutes * 60_000,
    claimRetryWindowMs: config.claimRetryWindowSeconds * 1000,
    auditRetentionMs: config.accounts.auditRetentionMs,
    sealer: box,
    ...(deps.newId && { newId: deps.newId }),
    events: { ...metrics?.events, webhooksQueued: () => webhooks.kick() },
  });
  const accounts = new AccountService({
    store, clock,
    signup: config.accounts.signup, signupTier: config.accounts.signupTier,
    sessionIdleMs: config.accounts.sessionIdleMs, sessionMaxMs: config.accounts.sessionMaxMs,
  });
  return {
    store, log, accessLog, service, requests, accounts, webhooks, metrics,
    async close() {
      requests.close();
      await webhooks.stop();
      await store.close();
    },
  };
}
