// `zephr-server copy-to <postgres-url>`: moves an embedded (SQLite) installation to PostgreSQL:
// API keys, unread secrets that have not expired, and queued webhook events. The target keeps the
// server key's fingerprint, so its instances must run with the same key (ZEPHR_SECRET_KEY).
// Safe to run again: whatever the target holds already is skipped.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { keyFingerprint, loadServerKey } from '../webhooks/server-key.js';
import { healthcheck } from './healthcheck.js';
import { UsageError } from './keys-command.js';

const PAGE = 500;

export interface CopyCounts { apiKeys: number; apiKeysThere: number; secrets: number; secretsThere: number; events: number }

/** Copies what lasts from `source` to `target`; returns what was inserted and what was there already. */
export async function copyStore(source: Store, target: Store, now: number): Promise<CopyCounts> {
  const counts: CopyCounts = { apiKeys: 0, apiKeysThere: 0, secrets: 0, secretsThere: 0, events: 0 };
  for (const key of await source.apiKeys.list()) {
    if (await target.apiKeys.findByHash(key.hash)) counts.apiKeysThere++;
    else { await target.apiKeys.insert(key); counts.apiKeys++; }
  }
  for (let after = '', page; (page = await source.transfer.liveSecrets(now, after, PAGE)).length > 0; after = page.at(-1)!.id) {
    const inserted = await target.transfer.importSecrets(page);
    counts.secrets += inserted;
    counts.secretsThere += page.length - inserted;
  }
  counts.events = await target.transfer.importEvents(await source.transfer.queuedEvents());
  return counts;
}

export async function copyToCommand(args: string[], config: Config, out: (line: string) => void): Promise<void> {
  const [url, ...extra] = args;
  if (url === undefined || extra.length > 0 || !/^postgres(ql)?:\/\//.test(url)) throw new UsageError('usage: zephr-server copy-to <postgres://user:password@host:5432/db>');
  if (config.databaseUrl !== null) throw new UsageError('copy-to moves the embedded SQLite store to PostgreSQL: run it with the SQLite configuration (without ZEPHR_DATABASE_URL)');
  const path = join(config.dataDir, 'zephr.db');
  if (!existsSync(path)) throw new UsageError(`no database at ${path} (ZEPHR_DATA_DIR)`);
  // A secret read on the old server after the copy could be read once more from PostgreSQL.
  if (await healthcheck(config)) throw new UsageError(`a server is answering on ${config.host}:${config.port}: stop it first, so that no secret is read there after it was copied`);

  const key = config.serverKey ?? loadServerKey(undefined, config.dataDir).key;
  const source = new SqliteStore(path, { synchronous: config.sqliteSynchronous });
  let target: PostgresStore | undefined;
  try {
    target = await PostgresStore.open(url, { poolSize: 2 });
    const fingerprint = keyFingerprint(key);
    if ((await target.settings.claim('server_key_fingerprint', fingerprint)) !== fingerprint) {
      throw new UsageError('that database was set up with a different server key: its instances could not open the callback secrets copied from here');
    }
    const c = await copyStore(source, target, Date.now());
    const host = new URL(url).host;
    out(`Copied to PostgreSQL at ${host}: ${c.apiKeys} API keys (${c.apiKeysThere} there already), ${c.secrets} unread secrets (${c.secretsThere} there already), ${c.events} queued webhook events.`);
    out(config.serverKey === null
      ? `Start the PostgreSQL instances with ZEPHR_SECRET_KEY set to the key in ${join(config.dataDir, 'server.key')} (the same on every instance).`
      : 'Start the PostgreSQL instances with this same ZEPHR_SECRET_KEY.');
  } finally {
    await source.close();
    await target?.close();
  }
}
