// Chooses and opens the store the configuration names. SQLite is the embedded default.
import { join } from 'node:path';
import type { Config } from '../config.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export async function openStore(config: Config): Promise<Store> {
  return new SqliteStore(join(config.dataDir, 'zephr.db'), { synchronous: config.sqliteSynchronous });
}
