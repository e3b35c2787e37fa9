// Every ZEPHR_* setting in one table: its default and a line of help, for `zephr-server --help`,
// and how its effective value reads, for `zephr-server config` (secrets masked). config.ts parses
// them; a test checks that every variable it reads is here and that each default matches.
import type { Config } from './config.js';
import { EXPIRIES, TIER_NAMES } from './domain/tiers.js';

export interface Setting {
  name: string;
  /** The default as a person would write it. */
  default: string;
  help: string;
  /** The effective value, as printed by `zephr-server config` (never a secret). */
  show(config: Config): string;
}

/** A database URL with its password replaced. */
function maskUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '*****';
    return url.toString();
  } catch {
    return '(set)';
  }
}

export const SETTINGS: Setting[] = [
  { name: 'ZEPHR_HOST', default: '127.0.0.1', help: 'address to listen on (0.0.0.0: every interface)', show: (c) => c.host },
  { name: 'ZEPHR_PORT', default: '8080', help: 'port to listen on (0 picks a free one)', show: (c) => String(c.port) },
  { name: 'ZEPHR_DATA_DIR', default: './data', help: 'where the SQLite database and the generated server.key live', show: (c) => c.dataDir },
  { name: 'ZEPHR_PUBLIC_URL', default: 'unset', help: 'the origin people reach the server at, e.g. https://zephr.example.com', show: (c) => c.publicUrl ?? 'unset' },
  { name: 'ZEPHR_TRUST_PROXY', default: 'false', help: 'proxies in front: false, a hop count (1 for one proxy), or their addresses/CIDRs', show: (c) => (Array.isArray(c.trustProxy) ? c.trustProxy.join(',') : String(c.trustProxy)) },
  { name: 'ZEPHR_ANON_DAILY_CREATES', default: '3', help: 'creates per day for a caller without an API key (per IP, IPv6 per /64)', show: (c) => String(c.tiers.anonymous.creates) },
  { name: 'ZEPHR_ANON_EXPIRIES', default: '60', help: `expiries in minutes a caller without an API key may choose (from ${EXPIRIES.join(',')})`, show: (c) => c.tiers.anonymous.expiries.join(',') },
  { name: 'ZEPHR_ANON_MAX_SECRET_BYTES', default: '6144', help: 'largest secret in bytes a caller without an API key may store', show: (c) => String(c.tiers.anonymous.maxSecretBytes) },
  { name: 'ZEPHR_TIERS', default: 'built in', help: `JSON overriding any tier (${TIER_NAMES.join(', ')}): creates, expiries, max_secret_bytes, callbacks`, show: (c) => JSON.stringify(Object.fromEntries(TIER_NAMES.map((n) => [n, { creates: c.tiers[n].creates, expiries: c.tiers[n].expiries, max_secret_bytes: c.tiers[n].maxSecretBytes, callbacks: c.tiers[n].callbacks }]))) },
  { name: 'ZEPHR_SIGNUP', default: 'invite', help: 'who may create an account: invite (zephr-server users invite, or an admin), open (anyone) or closed', show: (c) => c.accounts.signup },
  { name: 'ZEPHR_SIGNUP_TIER', default: 'free', help: 'tier of accounts made by open sign-up, and the default tier of invites', show: (c) => c.accounts.signupTier },
  { name: 'ZEPHR_SESSION_IDLE_HOURS', default: '24', help: 'a web sign-in ends after this long without use', show: (c) => String(c.accounts.sessionIdleMs / 3_600_000) },
  { name: 'ZEPHR_SESSION_MAX_DAYS', default: '14', help: 'a web sign-in ends after this long, used or not', show: (c) => String(c.accounts.sessionMaxMs / 86_400_000) },
  { name: 'ZEPHR_AUDIT_RETENTION_DAYS', default: '30', help: 'how long the audit trail keeps an ended secret\'s metadata (never its ciphertext)', show: (c) => String(c.accounts.auditRetentionMs / 86_400_000) },
  { name: 'ZEPHR_UPGRADE_CONTACT', default: 'unset', help: 'how to get a higher tier on this server, shown on /plans (e.g. "ask #platform on chat")', show: (c) => c.accounts.upgradeContact ?? 'unset' },
  { name: 'ZEPHR_RATE_LIMIT_PER_MINUTE', default: '120', help: 'requests per minute per client IP on /api/* (per instance)', show: (c) => String(c.rateLimitPerMinute) },
  { name: 'ZEPHR_PURGE_GRACE_MINUTES', default: '60', help: 'how long an ended secret keeps answering 410 before it is purged (then 404)', show: (c) => String(c.purgeGraceMinutes) },
  { name: 'ZEPHR_CLAIM_RETRY_WINDOW_SECONDS', default: '60', help: 'how long a claimed blob stays for a retry of the same claim (0: off)', show: (c) => String(c.claimRetryWindowSeconds) },
  { name: 'ZEPHR_SWEEP_INTERVAL_SECONDS', default: '30', help: 'how often expired ciphertext is destroyed and old records purged', show: (c) => String(c.sweepIntervalSeconds) },
  { name: 'ZEPHR_LOG_LEVEL', default: 'info', help: 'fatal, error, warn, info, debug, trace or silent', show: (c) => c.logLevel },
  { name: 'ZEPHR_LOG_FORMAT', default: 'auto', help: 'auto (readable on a terminal, JSON otherwise), json or pretty', show: (c) => c.logFormat },
  { name: 'ZEPHR_METRICS', default: 'false', help: 'serve Prometheus metrics at /metrics', show: (c) => String(c.metrics) },
  { name: 'ZEPHR_WEB_DIR', default: 'the bundled web interface', help: 'folder of the built web interface (API only when it has none)', show: (c) => c.webDir },
  { name: 'ZEPHR_SECRET_KEY', default: 'generated', help: '32 bytes (openssl rand -hex 32) sealing callback secrets; unset: generated into <data dir>/server.key', show: (c) => (c.serverKey === null ? `generated (${c.dataDir}/server.key)` : 'set (hidden)') },
  { name: 'ZEPHR_DATABASE_URL', default: 'unset', help: 'postgres://user:password@host/db selects PostgreSQL (many instances); unset: SQLite in the data dir', show: (c) => (c.databaseUrl === null ? 'unset' : maskUrl(c.databaseUrl)) },
  { name: 'ZEPHR_DATABASE_POOL_SIZE', default: '10', help: 'PostgreSQL connections per instance', show: (c) => String(c.databasePoolSize) },
  { name: 'ZEPHR_DATABASE_QUEUE_DEPTH', default: '1000', help: 'requests that may wait for a PostgreSQL connection before a 503', show: (c) => String(c.databaseQueueDepth) },
  { name: 'ZEPHR_DATABASE_QUEUE_WAIT_MS', default: '10000', help: 'how long one of them may wait', show: (c) => String(c.databaseQueueWaitMs) },
  { name: 'ZEPHR_SQLITE_SYNCHRONOUS', default: 'full', help: 'full: acknowledged writes survive power loss; normal: process crashes only', show: (c) => c.sqliteSynchronous },
  { name: 'ZEPHR_WEBHOOK_ALLOW_PRIVATE', default: 'false', help: 'deliver webhooks to private and loopback addresses (tests, closed networks)', show: (c) => String(c.webhooks.allowPrivate) },
  { name: 'ZEPHR_WEBHOOK_ALLOW_HTTP', default: 'false', help: 'accept http:// callback URLs (tests, closed networks)', show: (c) => String(c.webhooks.allowHttp) },
];

/** The settings block of `zephr-server --help`. */
export function settingsHelp(): string {
  const width = Math.max(...SETTINGS.map((s) => s.name.length));
  return SETTINGS.map((s) => `  ${s.name.padEnd(width)}  ${s.help} [default: ${s.default}]`).join('\n');
}

/** `zephr-server config`: each setting's effective value and whether the environment set it. */
export function describeConfig(config: Config, env: Record<string, string | undefined>): string {
  const width = Math.max(...SETTINGS.map((s) => s.name.length));
  return SETTINGS.map((s) => `${s.name.padEnd(width)}  ${s.show(config)}${env[s.name]?.trim() ? '' : '  (default)'}`).join('\n');
}
