// Runs the store contract on SQLite, plus SQLite-specific guarantees (schema versioning).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { SQLITE_MIGRATIONS } from '../src/store/sqlite/migrations.js';
import { tempDir } from './support/harness.js';
import { storeContract } from './support/store-contract.js';

storeContract('sqlite', async () => {
  const dir = tempDir();
  const path = join(dir, 'zephr.db');
  let store = new SqliteStore(path);
  return {
    get store() { return store; },
    reopen: async () => {
      await store.close();
      store = new SqliteStore(path);
      return store;
    },
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

it('migrations are recorded in user_version and a newer schema is refused', async () => {
  const dir = tempDir();
  const path = join(dir, 'zephr.db');
  await new SqliteStore(path).close();
  const db = new Database(path);
  assert.equal(db.pragma('user_version', { simple: true }), SQLITE_MIGRATIONS.length);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  db.pragma(`user_version = ${SQLITE_MIGRATIONS.length + 1}`);
  db.close();
  assert.throws(() => new SqliteStore(path), /newer than this server knows/);
  rmSync(dir, { recursive: true, force: true });
});
