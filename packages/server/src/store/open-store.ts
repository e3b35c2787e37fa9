// Chooses and opens the store the configuration names: PostgreSQL when ZEPHR_DATABASE_URL is
// set (for many instances), else SQLite in the data directory (the embedded default).
import { join } from 'node:path';
import type { Config } from '../config.js';
import { PostgresStore } from './postgres/postgres-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export async function openStore(config: Config): Promise<Store> {
  if (config.databaseUrl !== null) return PostgresStore.open(config.databaseUrl, { poolSize: config.databasePoolSize, queue: { depth: config.databaseQueueDepth, waitMs: config.databaseQueueWaitMs } });
  return new SqliteStore(join(config.dataDir, 'zephr.db'), { synchronous: config.sqliteSynchronous, checkpoint: 'worker' });
}
