// `zephr-server copy-to <postgres-url>`: moves an embedded (SQLite) installation to PostgreSQL:
// accounts (users with their passkeys), API keys, unread secrets that have not expired, and
// queued webhook events. Sessions, unused invites and the audit records of ended secrets stay
// behind (people sign in again; admins invite again). The target keeps the
// server key's fingerprint, so its instances must run with the same key (ZEPHR_SECRET_KEY).
// Safe to run again: whatever the target holds already is skipped.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { PostgresStore } from '../store/postgres/postgres-store.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { webKeyId } from '../domain/account-service.js';
import type { Store } from '../store/store.js';
import { keyFingerprint, loadServerKey } from '../webhooks/server-key.js';
import { healthcheck } from './healthcheck.js';
import { UsageError } from './keys-command.js';

const PAGE = 500;

export interface CopyCounts { users: number; usersThere: number; apiKeys: number; apiKeysThere: number; secrets: number; secretsThere: number; events: number }

/** Copies what lasts from `source` to `target`; returns what was inserted and what was there already. */
export async function copyStore(source: Store, target: Store, now: number): Promise<CopyCounts> {
  const counts: CopyCounts = { users: 0, usersThere: 0, apiKeys: 0, apiKeysThere: 0, secrets: 0, secretsThere: 0, events: 0 };
  // Users first: a key whose owner is missing is refused, as a removed user's would be.
  for (const user of await source.users.list()) {
    if (await target.users.get(user.id)) { counts.usersThere++; continue; }
    const [first, ...others] = await source.passkeys.listForUser(user.id);
    const webKey = await source.apiKeys.get(webKeyId(user.id));
    if (first === undefined || webKey === null) continue; // not a complete account: nothing to sign in with
    const result = await target.users.signUp({ user, passkey: first, webKey, inviteHash: null, now });
    if (result.kind !== 'created') throw new UsageError(`could not copy user ${user.name} (${user.id}): ${result.kind.replace('_', ' ')} in the target`);
    for (const passkey of others) await target.passkeys.insert(passkey);
    counts.users++;
  }
  // A user's web key came with the user.
  for (const key of (await source.apiKeys.list()).filter((k) => k.kind !== 'web')) {
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
    const { PostgresStore } = await import('../store/postgres/postgres-store.js'); // loaded only for this command
    target = await PostgresStore.open(url, { poolSize: 2 });
    const fingerprint = keyFingerprint(key);
    if ((await target.settings.claim('server_key_fingerprint', fingerprint)) !== fingerprint) {
      throw new UsageError('that database was set up with a different server key: its instances could not open the callback secrets copied from here');
    }
    const c = await copyStore(source, target, Date.now());
    const host = new URL(url).host;
    out(`Copied to PostgreSQL at ${host}: ${c.users} users (${c.usersThere} there already), ${c.apiKeys} API keys (${c.apiKeysThere} there already), ${c.secrets} unread secrets (${c.secretsThere} there already), ${c.events} queued webhook events.`);
    out(config.serverKey === null
      ? `Start the PostgreSQL instances with ZEPHR_SECRET_KEY set to the key in ${join(config.dataDir, 'server.key')} (the same on every instance).`
      : 'Start the PostgreSQL instances with this same ZEPHR_SECRET_KEY.');
  } finally {
    await source.close();
    await target?.close();
  }
}
