// Runs the same store contract on PostgreSQL (a real server, a fresh database per test), plus
// PostgreSQL-specific guarantees: concurrent migrations, schema versioning, readiness.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import pg from 'pg';
import { POSTGRES_MIGRATIONS } from '../src/store/postgres/migrations.js';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
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
