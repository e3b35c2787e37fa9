// Runs the same store contract on PostgreSQL (a real server, a fresh database per test), plus
// PostgreSQL-specific guarantees: concurrent migrations, schema versioning, readiness.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import pg from 'pg';
import { POSTGRES_MIGRATIONS } from '../src/store/postgres/migrations.js';
import { Pool } from '../src/store/postgres/pool.js';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import { StoreUnavailable } from '../src/store/store.js';
import { storeContract } from './support/store-contract.js';
import { freshDatabase } from '@zephr/test-support';

storeContract('postgres', async () => {
  const db = await freshDatabase();
  let store = await PostgresStore.open(db.url);
  return {
    get store() { return store; },
    reopen: async () => {
      await store.close();
      store = await PostgresStore.open(db.url);
      return store;
    },
    cleanup: async () => {
      await store.close();
      await db.drop();
    },
  };
});

it('postgres: instances starting together migrate once; a newer schema is refused', async () => {
  const db = await freshDatabase();
  try {
    const stores = await Promise.all(Array.from({ length: 4 }, () => PostgresStore.open(db.url)));
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      assert.deepEqual((await client.query('SELECT version FROM zephr_schema')).rows, [{ version: POSTGRES_MIGRATIONS.length }]);
      await client.query('UPDATE zephr_schema SET version = 999');
    } finally {
      await client.end();
    }
    await Promise.all(stores.map((s) => s.close()));
    await assert.rejects(PostgresStore.open(db.url), /schema version 999 is newer than this server knows/);
  } finally {
    await db.drop();
  }
});

it('postgres: ping fails once the database is gone, and open fails clearly on a bad address', async () => {
  const db = await freshDatabase();
  const store = await PostgresStore.open(db.url);
  await store.ping();
  await db.drop(); // WITH (FORCE) ends the pool's connections
  await assert.rejects(store.ping());
  await store.close();
  const nowhere = new URL(db.url);
  nowhere.port = '9';
  await assert.rejects(PostgresStore.open(nowhere.toString()), /ECONNREFUSED/);
});

it('postgres: a create is one CALL whose count commits without waiting for the flush and whose insert waits for it', async () => {
  const db = await freshDatabase();
  const store = await PostgresStore.open(db.url);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    // Right after a commit on this connection: has the WAL been flushed up to where it ends? A
    // synchronous commit flushes its record before it returns; an asynchronous one leaves it to
    // the WAL writer (up to wal_writer_delay later). Other WAL written in between can make a
    // flushed commit look unflushed, so each check gets five tries.
    const flushedAfter = async (statement: string, args: () => unknown[]) => {
      for (let attempt = 0; attempt < 5; attempt++) {
        await client.query(statement, args());
        if ((await client.query<{ flushed: boolean }>('SELECT pg_current_wal_flush_lsn() >= pg_current_wal_insert_lsn() AS flushed')).rows[0]!.flushed) return true;
      }
      return false;
    };
    const now = Date.now();
    const quota = ['anon:t', 'day:x', 1000, now + 86_400_000];
    let n = 0;
    const CALL = 'CALL zephr_create_secret_call($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, NULL, NULL)';
    const values = (): unknown[] => [null, null, '{}', null, now, ...quota, `AAAAAAAAAAAAAAAAAAAA${String(n++).padStart(2, '0')}`, 'blob', now, now + 60_000, now + 120_000, null, false, null, null, null, null];
    // The control: the count alone commits without the flush, so the check can tell the two apart.
    assert.equal(await flushedAfter('SELECT zephr_take_quota($1, $2, $3, $4, $5, $6, $7)', () => [null, null, now, ...quota]), false, 'the count alone is not flushed at its commit');
    assert.equal(await flushedAfter(CALL, values), true, 'the create, the last commit of the CALL, is flushed when it returns');
    const rows = await client.query<{ kind: string; response: string | null }>(CALL, values());
    assert.deepEqual(rows.rows, [{ kind: 'created', response: null }]);
    assert.equal((await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]!.synchronous_commit, 'on');
    // Five tries of the control, five or fewer of the create, and one more create: all counted.
    assert.ok(Number((await client.query<{ count: number }>("SELECT count FROM quota_usage WHERE subject = 'anon:t'")).rows[0]!.count) >= 7);
  } finally {
    await client.end();
    await store.close();
    await db.drop();
  }
});

it('postgres: a burst waits in a bounded queue for a connection, and only past its bounds is shed (503 with Retry-After)', async () => {
  const db = await freshDatabase();
  const sleep = (pool: Pool) => pool.query('SELECT pg_sleep(2)').then(() => 'ok', (e: unknown) => (e instanceof StoreUnavailable ? `shed ${e.retryAfterSeconds}s` : String(e)));
  const patient = new Pool(db.url, 1, { depth: 100, waitMs: 10_000 });
  const shallow = new Pool(db.url, 1, { depth: 1, waitMs: 10_000 });
  const hasty = new Pool(db.url, 1, { depth: 100, waitMs: 500 });
  try {
    // Four 2-second queries on one connection: the last waits 6 s, past pg's 5 s connect timeout.
    assert.deepEqual(await Promise.all(Array.from({ length: 4 }, () => sleep(patient))), ['ok', 'ok', 'ok', 'ok']);
    assert.deepEqual(await Promise.all(Array.from({ length: 3 }, () => sleep(shallow))), ['ok', 'ok', 'shed 1s'], 'queue depth 1: the third is shed at once');
    assert.deepEqual(await Promise.all(Array.from({ length: 2 }, () => sleep(hasty))), ['ok', 'shed 1s'], 'a wait over 500 ms is shed');
  } finally {
    await Promise.all([patient.end(), shallow.end(), hasty.end()]);
    await db.drop();
  }
});

it('postgres: the quota count commits without waiting for its flush; the secret insert does not', async () => {
  const db = await freshDatabase();
  const store = await PostgresStore.open(db.url);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const setting = async (statement: string, values: unknown[]) => {
      await client.query('BEGIN');
      try {
        await client.query(statement, values);
        return (await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]!.synchronous_commit;
      } finally {
        await client.query('ROLLBACK');
      }
    };
    assert.equal((await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]!.synchronous_commit, 'on');
    assert.equal(await setting('SELECT zephr_take_quota($1, $2, $3, $4, $5, $6, $7)', [null, null, Date.now(), 'anon:t', 'day:x', 5, Date.now() + 86_400_000]), 'off');
    assert.equal(await setting('SELECT zephr_return_quota($1, $2)', ['anon:t', 'day:x']), 'off');
    const now = Date.now();
    assert.equal(await setting(
      'SELECT * FROM zephr_create_secret_counted($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)',
      [null, null, '{}', null, now, true, 'AAAAAAAAAAAAAAAAAAAAAA', 'blob', now, now + 60_000, now + 120_000, null, false, null, null, null, null]), 'on');
    // The setting lasts only to the end of the count's own transaction.
    assert.equal((await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]!.synchronous_commit, 'on');
  } finally {
    await client.end();
    await store.close();
    await db.drop();
  }
});
