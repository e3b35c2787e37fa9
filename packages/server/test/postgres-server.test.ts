// The server on PostgreSQL: the API over real HTTP, /readyz following the database, 503 (not 500)
// while it is unreachable, and the bin's migrate command and configuration checks.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { it } from 'node:test';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import { call, create, freshDatabase, startServer } from '@zephr/test-support';

const BIN = join(import.meta.dirname, '..', 'dist', 'cli.js');

it('[A-CREATE-3] on PostgreSQL: create and consume over HTTP; /readyz and the API answer 503 once the database is gone', async () => {
  const db = await freshDatabase();
  const store = await PostgresStore.open(db.url);
  const h = await startServer({}, { store: () => store });
  h.setTime(Date.now());
  try {
    assert.equal((await call(h.url, '/readyz')).status, 200);
    const made = await create(h);
    assert.equal(made.status, 201);
    const id = (made.body as { id: string }).id;
    assert.equal((await call(h.url, `/api/secrets/${id}`)).status, 200);
    assert.equal((await call(h.url, `/api/secrets/${id}`)).status, 410);
    await db.drop();
    const ready = await call(h.url, '/readyz');
    assert.equal(ready.status, 503);
    assert.equal((ready.body as { error: { code: string } }).error.code, 'SERVICE_UNAVAILABLE');
    const refused = await create(h);
    assert.equal(refused.status, 503);
    assert.equal((refused.body as { error: { code: string } }).error.code, 'SERVICE_UNAVAILABLE');
    assert.ok(!h.logs.join('\n').includes(db.url.split('@')[0]!.split('//')[1]!+ ':'), 'no credentials logged');
  } finally {
    await h.close();
  }
});

it('zephr-server migrate on PostgreSQL; ZEPHR_SECRET_KEY is required with ZEPHR_DATABASE_URL', async () => {
  const db = await freshDatabase();
  try {
    const env = { PATH: process.env.PATH ?? '', ZEPHR_DATABASE_URL: db.url, ZEPHR_DATA_DIR: '/nonexistent-not-used' };
    const missing = spawnSync(process.execPath, [BIN, 'migrate'], { env, encoding: 'utf8' });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /ZEPHR_SECRET_KEY: is required with ZEPHR_DATABASE_URL/);
    const ok = spawnSync(process.execPath, [BIN, 'migrate'], { env: { ...env, ZEPHR_SECRET_KEY: randomBytes(32).toString('hex') }, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /Database schema is up to date \(postgres\)/);
    const bad = spawnSync(process.execPath, [BIN, 'migrate'], { env: { ...env, ZEPHR_DATABASE_URL: 'mysql://x' }, encoding: 'utf8' });
    assert.match(bad.stderr, /ZEPHR_DATABASE_URL: must start with postgres:\/\//);
  } finally {
    await db.drop();
  }
});
