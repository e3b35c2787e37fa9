// The real server (packages/server/src/main.ts serve) on a SQLite store opened with the secure
// deletion setting in BENCH_SECURE_DELETE (on|off), for bench/secure-delete.ts. Otherwise
// configured like `zephr-server serve`, by the ZEPHR_* environment.
import { join } from 'node:path';
import { loadConfig } from '../../packages/server/src/config.js';
import { serve } from '../../packages/server/src/main.js';
import { SqliteStore } from '../../packages/server/src/store/sqlite/sqlite-store.js';

const config = loadConfig(process.env);
const secureDelete = process.env.BENCH_SECURE_DELETE !== 'off';
await serve(config, { store: new SqliteStore(join(config.dataDir, 'zephr.db'), { synchronous: config.sqliteSynchronous, checkpoint: 'worker', secureDelete }) });
