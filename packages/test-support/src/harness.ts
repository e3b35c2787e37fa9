// A real zephr-server app in this process, on a real SQLite file, listening on a loopback port,
// with an injected clock and captured logs. No mocks of the store or the HTTP stack. It runs the
// server's source (through tsx), so in-process tests need no build.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { encryptSecret } from 'zephr';
import { buildApp } from '../../server/src/app.js';
import { type Config, loadConfig } from '../../server/src/config.js';
import { issueApiKey } from '../../server/src/domain/api-keys.js';
import type { TierName } from '../../server/src/domain/tiers.js';
import { PostgresStore } from '../../server/src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../server/src/store/sqlite/sqlite-store.js';
import { createServices, type ServiceDeps, type Services } from '../../server/src/services.js';
import type { Store } from '../../server/src/store/store.js';
import { freshDatabase } from './postgres.js';

export const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);

export interface Harness {
  url: string;
  app: FastifyInstance;
  services: Services;
  store: Store;
  dir: string;
  logs: string[];
  now(): number;
  advance(ms: number): void;
  setTime(ms: number): void;
  close(): Promise<void>;
}

export function tempDir(prefix = 'zephr-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startServer(env: Record<string, string> = {}, options: { store?: (dir: string) => Store; config?: Partial<Config>; deps?: Partial<Omit<ServiceDeps, 'store'>> } = {}): Promise<Harness> {
  const dir = tempDir();
  const config: Config = { ...loadConfig({ ZEPHR_DATA_DIR: dir, ZEPHR_LOG_LEVEL: 'info', ZEPHR_RATE_LIMIT_PER_MINUTE: '100000', ...env }), ...options.config };
  const store = options.store ? options.store(dir) : new SqliteStore(join(dir, 'zephr.db'));
  let now = T0;
  const logs: string[] = [];
  const services = await createServices(config, { store, clock: () => now, logStream: { write: (line: string) => void logs.push(line) }, ...options.deps });
  const app = await buildApp(config, services);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url, app, services, store, dir, logs,
    now: () => now,
    advance: (ms) => { now += ms; },
    setTime: (ms) => { now = ms; },
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** startServer on either engine: PostgreSQL gets a fresh database, dropped again by close(). */
export async function startServerOn(engine: 'sqlite' | 'postgres', env: Record<string, string> = {}, options: Omit<Parameters<typeof startServer>[1] & object, 'store'> = {}): Promise<Harness> {
  if (engine === 'sqlite') return startServer(env, options);
  const db = await freshDatabase();
  const store = await PostgresStore.open(db.url);
  const h = await startServer(env, { ...options, store: () => store });
  return { ...h, close: async () => { await h.close(); await db.drop(); } };
}

export async function newKey(store: Store, tier: TierName): Promise<string> {
  const issued = issueApiKey();
  await store.apiKeys.insert({ id: issued.id, hash: issued.hash, prefix: issued.prefix, tier, label: 'test', createdAt: T0, revokedAt: null });
  return issued.key;
}

export async function blob(text = 'hello zephr'): Promise<string> {
  return (await encryptSecret(text)).blob;
}

export interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { error?: { code: string; message: string } };
  text: string;
}

export async function call(url: string, path: string, init: { method?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; key?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  let body: string | undefined = init.rawBody;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(url + path, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, redirect: 'manual' });
  const text = await res.text();
  let parsed: Reply['body'] = {};
  try {
    parsed = JSON.parse(text) as Reply['body'];
  } catch {
    parsed = {};
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

export async function create(h: { url: string }, fields: Record<string, unknown> = {}, init: { key?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return call(h.url, '/api/secrets', { body: { encrypted_blob: await blob(), expiry: 60, split_url_mode: false, ...fields }, ...init });
}
