// Configuration: one schema read from the environment at boot. A bad value stops the server
// with a message naming the variable. Every variable is in settings.ts (--help, config) and the
// package README.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLAIM_RETRY_WINDOW_SECONDS, maxPlaintextBytes } from 'zephr';
import { parseServerKey, type ServerKeyError } from './webhooks/server-key.js';
import { ACCOUNT_TIERS, DEFAULT_TIERS, isTierName, EXPIRIES, type Tier, TIER_NAMES, type TierName, type TierTable } from './domain/tiers.js';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  publicUrl: string | null;
  /** Fastify trustProxy: false, true, a hop count, or a list of addresses/CIDRs. */
  trustProxy: boolean | number | string[];
  rateLimitPerMinute: number;
  purgeGraceMinutes: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** auto: readable lines when stdout is a terminal, JSON otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  tiers: TierTable;
  metrics: boolean;
  sweepIntervalSeconds: number;
  /** How long a claimed blob is kept for a retry of the same claim (0: off); spec A-CLAIM-4. */
  claimRetryWindowSeconds: number;
  sqliteSynchronous: 'full' | 'normal';
  /** The built web interface (packages/web/dist); absent means API only. */
  webDir: string;
  /** ZEPHR_DATABASE_URL: postgres://… selects PostgreSQL; null means SQLite in dataDir. */
  databaseUrl: string | null;
  databasePoolSize: number;
  /** Requests that may wait for a PostgreSQL connection, and for how long, before a 503. */
  databaseQueueDepth: number;
  databaseQueueWaitMs: number;
  accounts: {
    /** Who may create an account: with an invite (default), anyone, or no one new. */
    signup: 'invite' | 'open' | 'closed';
    /** The tier of accounts made by open sign-up, and the default of invites. */
    signupTier: TierName;
    sessionIdleMs: number;
    sessionMaxMs: number;
    /** How long a user's secret keeps its audit record after it ends. */
    auditRetentionMs: number;
    /** How to get a higher tier on this server, shown on /plans (free text). */
    upgradeContact: string | null;
  };
  /** ZEPHR_SECRET_KEY: seals callback secrets at rest. null: generated into dataDir/server.key. */
  serverKey: Buffer | null;
  webhooks: {
    /** Deliver to loopback/private/reserved addresses (tests, closed networks only). */
    allowPrivate: boolean;
    /** Accept and deliver to http:// callback URLs (tests, closed networks only). */
    allowHttp: boolean;
    timeoutMs: number;
    /** Delay before attempts 2 and 3. */
    retryDelaysMs: number[];
    pollMs: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number between ${min} and ${max} (got ${JSON.stringify(raw)})`);
  const value = Number(raw.trim());
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max} (got ${value})`);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false (got ${JSON.stringify(env[name])})`);
}

function minutesList(env: Env, name: string, fallback: number[]): number[] {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const values = raw.split(',').map((v) => Number(v.trim()));
  if (!values.every((m) => (EXPIRIES as readonly number[]).includes(m))) throw new ConfigError(name, `must be a comma-separated list drawn from ${EXPIRIES.join(', ')} minutes (got ${JSON.stringify(raw)})`);
  return [...new Set(values)].sort((a, b) => a - b);
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(raw)})`);
  return raw as T;
}

function trustProxy(env: Env): Config['trustProxy'] {
  const raw = env.ZEPHR_TRUST_PROXY?.trim();
  if (raw === undefined || raw === '' || /^(false|no|off)$/i.test(raw)) return false;
  // A number is always a hop count ("1": one proxy in front appends the client's address), so a
  // client cannot choose its own address by sending X-Forwarded-For through that proxy.
  if (/^\d+$/.test(raw)) return Number(raw) === 0 ? false : Number(raw);
  if (/^(true|yes|on)$/i.test(raw)) return true;
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0 || !list.every((s) => /^[0-9a-fA-F.:/]+$/.test(s))) {
    throw new ConfigError('ZEPHR_TRUST_PROXY', 'must be true/false, a hop count, or a comma-separated list of proxy addresses or CIDRs');
  }
  return list;
}

function publicUrl(env: Env): string | null {
  const raw = env.ZEPHR_PUBLIC_URL?.trim();
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('ZEPHR_PUBLIC_URL', `must be an absolute URL such as https://zephr.example.com (got ${JSON.stringify(raw)})`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError('ZEPHR_PUBLIC_URL', 'must use https (or http for local use)');
  return url.origin;
}

/**
 * ZEPHR_TIERS: JSON overriding any of creates / expiries / max_secret_bytes / callbacks per tier.
 * max_blob_length (the earlier setting) is still read, as the largest secret whose blob fits it.
 */
const TIER_FIELDS = ['creates', 'expiries', 'max_secret_bytes', 'max_blob_length', 'callbacks'];
/** 8 MiB of secret: a blob of about 15 MB, bounding one request body. */
const MAX_TIER_SECRET_BYTES = 8 * 1024 * 1024;

function tiers(env: Env): TierTable {
  const table: TierTable = structuredClone(DEFAULT_TIERS);
  const raw = env.ZEPHR_TIERS?.trim();
  if (raw) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new ConfigError('ZEPHR_TIERS', 'must be JSON, e.g. {"free":{"creates":100,"expiries":[60,1440]}}');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError('ZEPHR_TIERS', 'must be a JSON object keyed by tier name');
    for (const [name, value] of Object.entries(parsed)) {
      if (!isTierName(name)) throw new ConfigError('ZEPHR_TIERS', `unknown tier "${name}" (tiers: ${TIER_NAMES.join(', ')})`);
      if (typeof value !== 'object' || value === null) throw new ConfigError('ZEPHR_TIERS', `${name} must be an object`);
      const v = value as Record<string, unknown>;
      const t: Tier = table[name];
      for (const field of Object.keys(v)) {
        if (!TIER_FIELDS.includes(field)) throw new ConfigError('ZEPHR_TIERS', `${name}.${field} is not a tier setting (creates, expiries, max_secret_bytes, callbacks)`);
      }
      if (v.max_secret_bytes !== undefined && v.max_blob_length !== undefined) throw new ConfigError('ZEPHR_TIERS', `${name}: set max_secret_bytes or max_blob_length, not both`);
      if (v.creates !== undefined) {
        if (!Number.isInteger(v.creates) || (v.creates as number) < 0) throw new ConfigError('ZEPHR_TIERS', `${name}.creates must be a whole number ≥ 0`);
        t.creates = v.creates as number;
      }
      if (v.expiries !== undefined) {
        const list = v.expiries;
        if (!Array.isArray(list) || list.length === 0 || !list.every((m) => (EXPIRIES as readonly unknown[]).includes(m))) {
          throw new ConfigError('ZEPHR_TIERS', `${name}.expiries must be a non-empty list drawn from ${EXPIRIES.join(', ')}`);
        }
        t.expiries = [...new Set(list as number[])].sort((a, b) => a - b);
      }
      if (v.max_blob_length !== undefined) {
        if (!Number.isInteger(v.max_blob_length) || (v.max_blob_length as number) < 86 || (v.max_blob_length as number) > 16 * 1024 * 1024) {
          throw new ConfigError('ZEPHR_TIERS', `${name}.max_blob_length must be a whole number from 86 (one byte of secret) to 16777216`);
        }
        t.maxSecretBytes = maxPlaintextBytes(v.max_blob_length as number);
      }
      if (v.max_secret_bytes !== undefined) {
        if (!Number.isInteger(v.max_secret_bytes) || (v.max_secret_bytes as number) < 1 || (v.max_secret_bytes as number) > MAX_TIER_SECRET_BYTES) {
          throw new ConfigError('ZEPHR_TIERS', `${name}.max_secret_bytes must be a whole number from 1 to ${MAX_TIER_SECRET_BYTES}`);
        }
        t.maxSecretBytes = v.max_secret_bytes as number;
      }
      if (v.callbacks !== undefined) {
        if (typeof v.callbacks !== 'boolean') throw new ConfigError('ZEPHR_TIERS', `${name}.callbacks must be true or false`);
        if (name === 'anonymous' && v.callbacks) throw new ConfigError('ZEPHR_TIERS', 'anonymous.callbacks cannot be enabled: callbacks need an API key');
        t.callbacks = v.callbacks;
      }
    }
  }
  // One setting for each anonymous limit a self-hoster commonly changes; they win over ZEPHR_TIERS.
  table.anonymous.creates = int(env, 'ZEPHR_ANON_DAILY_CREATES', table.anonymous.creates, 0, 1_000_000_000);
  table.anonymous.expiries = minutesList(env, 'ZEPHR_ANON_EXPIRIES', table.anonymous.expiries);
  table.anonymous.maxSecretBytes = int(env, 'ZEPHR_ANON_MAX_SECRET_BYTES', table.anonymous.maxSecretBytes, 1, MAX_TIER_SECRET_BYTES);
  return table;
}

/** The web build inside the installed package (release tarball), else the checkout's packages/web. */
function defaultWebDir(): string {
  const packaged = fileURLToPath(new URL('../web', import.meta.url));
  return existsSync(join(packaged, 'index.html')) ? packaged : fileURLToPath(new URL('../../web/dist', import.meta.url));
}

function serverKey(env: Env): Buffer | null {
  const raw = env.ZEPHR_SECRET_KEY;
  if (raw === undefined || raw.trim() === '') return null;
  try {
    return parseServerKey(raw);
  } catch (error) {
    throw new ConfigError('ZEPHR_SECRET_KEY', (error as ServerKeyError).message.replace(/^ZEPHR_SECRET_KEY /, ''));
  }
}

function databaseUrl(env: Env): string | null {
  const raw = env.ZEPHR_DATABASE_URL?.trim();
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('ZEPHR_DATABASE_URL', 'must be a URL such as postgres://user:password@db.internal:5432/zephr');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new ConfigError('ZEPHR_DATABASE_URL', `must start with postgres:// (got ${url.protocol}//)`);
  return raw;
}

export function loadConfig(env: Env = process.env): Config {
  const database = databaseUrl(env);
  const key = serverKey(env);
  // Instances sharing a database must seal and open callback secrets with one key.
  if (database !== null && key === null) {
    throw new ConfigError('ZEPHR_SECRET_KEY', 'is required with ZEPHR_DATABASE_URL: every instance must share it (e.g. openssl rand -hex 32)');
  }
  return {
    host: env.ZEPHR_HOST?.trim() || '127.0.0.1',
    port: int(env, 'ZEPHR_PORT', 8080, 0, 65535),
    dataDir: resolve(env.ZEPHR_DATA_DIR?.trim() || './data'),
    publicUrl: publicUrl(env),
    trustProxy: trustProxy(env),
    rateLimitPerMinute: int(env, 'ZEPHR_RATE_LIMIT_PER_MINUTE', 120, 1, 1_000_000_000),
    purgeGraceMinutes: int(env, 'ZEPHR_PURGE_GRACE_MINUTES', 60, 0, 525_600),
    logLevel: oneOf(env, 'ZEPHR_LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    logFormat: oneOf(env, 'ZEPHR_LOG_FORMAT', 'auto', ['auto', 'json', 'pretty'] as const),
    tiers: tiers(env),
    metrics: bool(env, 'ZEPHR_METRICS', false),
    sweepIntervalSeconds: int(env, 'ZEPHR_SWEEP_INTERVAL_SECONDS', 30, 1, 86_400),
    claimRetryWindowSeconds: int(env, 'ZEPHR_CLAIM_RETRY_WINDOW_SECONDS', CLAIM_RETRY_WINDOW_SECONDS, 0, 3600),
    sqliteSynchronous: oneOf(env, 'ZEPHR_SQLITE_SYNCHRONOUS', 'full', ['full', 'normal'] as const),
    webDir: resolve(env.ZEPHR_WEB_DIR?.trim() || defaultWebDir()),
    databaseUrl: database,
    databasePoolSize: int(env, 'ZEPHR_DATABASE_POOL_SIZE', 10, 1, 1000),
    databaseQueueDepth: int(env, 'ZEPHR_DATABASE_QUEUE_DEPTH', 1000, 0, 1_000_000),
    databaseQueueWaitMs: int(env, 'ZEPHR_DATABASE_QUEUE_WAIT_MS', 10_000, 100, 600_000),
    serverKey: key,
    accounts: {
      signup: oneOf(env, 'ZEPHR_SIGNUP', 'invite', ['invite', 'open', 'closed'] as const),
      signupTier: oneOf(env, 'ZEPHR_SIGNUP_TIER', 'free', ACCOUNT_TIERS),
      sessionIdleMs: int(env, 'ZEPHR_SESSION_IDLE_HOURS', 24, 1, 24 * 365) * 3_600_000,
      sessionMaxMs: int(env, 'ZEPHR_SESSION_MAX_DAYS', 14, 1, 365) * 86_400_000,
      auditRetentionMs: int(env, 'ZEPHR_AUDIT_RETENTION_DAYS', 30, 0, 3650) * 86_400_000,
      upgradeContact: env.ZEPHR_UPGRADE_CONTACT?.trim() || null,
    },
    webhooks: {
      allowPrivate: bool(env, 'ZEPHR_WEBHOOK_ALLOW_PRIVATE', false),
      allowHttp: bool(env, 'ZEPHR_WEBHOOK_ALLOW_HTTP', false),
      timeoutMs: 5000,
      retryDelaysMs: [1000, 5000],
      pollMs: 1000,
    },
  };
}
