// Chooses and opens the store the configuration names: PostgreSQL when ZEPHR_DATABASE_URL is
// set (for many instances), else SQLite in the data directory (the embedded default). The
// PostgreSQL store (and its driver) loads only when named: ~10 MB less resident on SQLite.
import { join } from 'node:path';
import type { Config } from '../config.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export async function openStore(config: Config): Promise<Store> {
  if (config.databaseUrl !== null) {
    const { PostgresStore } = await import('./postgres/postgres-store.js');
    return PostgresStore.open(config.databaseUrl, { poolSize: config.databasePoolSize, queue: { depth: config.databaseQueueDepth, waitMs: config.databaseQueueWaitMs } });
  }
  return new SqliteStore(join(config.dataDir, 'zephr.db'), { synchronous: config.sqliteSynchronous, checkpoint: 'worker' });
}
