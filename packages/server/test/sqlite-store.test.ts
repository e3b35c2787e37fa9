// Runs the store contract on SQLite, plus SQLite-specific guarantees (schema versioning).
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import Database from 'better-sqlite3';
import { generateSecretId } from 'zephr';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { SQLITE_MIGRATIONS } from '../src/store/sqlite/migrations.js';
import { storeContract } from './support/store-contract.js';
import { tempDir } from '@zephr/test-support';

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

it('the server\'s store checkpoints the WAL from a worker: committed rows reach the main file without SQLite\'s auto-checkpoint', async () => {
  const dir = tempDir();
  const path = join(dir, 'zephr.db');
  const store = new SqliteStore(path, { checkpoint: 'worker' });
  try {
    const T = Date.now();
    for (let i = 0; i < 20; i++) {
      const id = generateSecretId();
      await store.secrets.create({
        secret: { id, blob: 'eyJpdiI6ImIifQ', createdAt: T, expiresAt: T + 3_600_000, purgeAt: T + 7_200_000, hint: null, splitUrlMode: false, ownerKeyId: null, callbackUrl: null, callbackSecret: null, claimHash: null },
        quota: { subject: 's', period: 'p', limit: 100, periodEndsAt: T + 86_400_000 }, idempotency: null, response: { id, expires_at: '' }, now: T,
      });
    }
    const copy = join(dir, 'main-file-only.db');
    let rows = 0;
    for (let waited = 0; rows < 20 && waited < 5000; waited += 250) {
      await new Promise((r) => setTimeout(r, 250));
      copyFileSync(path, copy); // the main file alone, without its WAL
      const db = new Database(copy, { readonly: true });
      try {
        rows = (db.prepare('SELECT count(*) AS n FROM secrets').get() as { n: number }).n;
      } catch {
        rows = 0; // not even the schema has been checkpointed yet
      } finally {
        db.close();
      }
      rmSync(copy, { force: true });
    }
    assert.equal(rows, 20);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const synchronous of ['full', 'normal'] as const) it(`under sustained writes the server's store keeps its WAL near its bound, and truncates it to nothing once writes stop (synchronous=${synchronous})`, async () => {
  const dir = tempDir();
  const path = join(dir, 'zephr.db');
  const bound = 1024 * 1024;
  const store = new SqliteStore(path, { checkpoint: 'worker', walBoundBytes: bound, synchronous });
  const walSize = () => (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
  try {
    const T = Date.now();
    const blob = 'eyJpdiI6ImIifQ' + 'A'.repeat(6000);
    let largest = 0;
    const watch = setInterval(() => { largest = Math.max(largest, walSize()); }, 5);
    // Back-to-back batches for a few seconds, each commit following the last one's sync: a
    // checkpoint from the worker alone never finds a moment to start the log over.
    const until = performance.now() + 3000;
    let written = 0;
    while (performance.now() < until) {
      await Promise.all(Array.from({ length: 40 }, () => {
        const id = generateSecretId();
        return store.secrets.create({
          secret: { id, blob, createdAt: T, expiresAt: T + 3_600_000, purgeAt: T + 7_200_000, hint: null, splitUrlMode: false, ownerKeyId: null, callbackUrl: null, callbackSecret: null, claimHash: null },
          quota: { subject: 's', period: 'p', limit: 1e9, periodEndsAt: T + 86_400_000 }, idempotency: null, response: { id, expires_at: '' }, now: T,
        });
      }));
      written += 40 * blob.length;
    }
    clearInterval(watch);
    largest = Math.max(largest, walSize());
    assert.ok(largest < 4 * bound && written > 16 * largest, `${written} bytes of blobs written, and the WAL reached ${largest} bytes (bound ${bound})`);
    let size = walSize();
    for (let waited = 0; size > 0 && waited < 5000; waited += 100) {
      await new Promise((r) => setTimeout(r, 100));
      size = walSize();
    }
    assert.equal(size, 0, 'the WAL is truncated once writes have stopped');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
