// GET /api/secrets/:id over real HTTP: consume once, 410s, expiry and purge with an injected
// clock, and the concurrency race over separate sockets.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { blob, call, create, type Harness, newKey, startServer } from '@zephr/test-support';

/** A GET on its own TCP connection (agent: false), so concurrent requests really are concurrent. */
function rawGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('consume', () => {
  let h: Harness;
  before(async () => { h = await startServer({ ZEPHR_ANON_DAILY_CREATES: '100000', ZEPHR_PURGE_GRACE_MINUTES: '60' }); });
  after(() => h.close());

  it('[A-GET-1][A-GET-3] 200 with blob, purge_at and hint once; then 410 SECRET_ALREADY_CONSUMED', async () => {
    const created = await create(h, { hint: 'DB_PASSWORD' });
    const first = await call(h.url, `/api/secrets/${created.body.id}`);
    assert.equal(first.status, 200);
    assert.deepEqual(Object.keys(first.body).sort(), ['encrypted_blob', 'hint', 'purge_at']);
    assert.equal(first.body.hint, 'DB_PASSWORD');
    assert.equal(first.body.purge_at, new Date(Date.parse(created.body.expires_at as string) + 3_600_000).toISOString());
    const second = await call(h.url, `/api/secrets/${created.body.id}`);
    assert.equal(second.status, 410);
    assert.deepEqual(second.body, { error: { code: 'SECRET_ALREADY_CONSUMED', message: 'Secret has already been consumed' } });
  });

  it('[A-GET-1][A-CREATE-4] no hint member when none was set; the blob comes back byte for byte', async () => {
    const b = await blob('exact bytes');
    const created = await call(h.url, '/api/secrets', { body: { encrypted_blob: b, expiry: 60 } });
    const r = await call(h.url, `/api/secrets/${created.body.id}`);
    assert.equal(r.body.encrypted_blob, b);
    assert.equal('hint' in r.body, false);
  });

  it('[A-GET-5] unknown and malformed ids → 404 SECRET_NOT_FOUND', async () => {
    for (const id of ['AAAAAAAAAAAAAAAAAAAAAA', 'short', 'x'.repeat(23), 'AAAAAAAAAAAAAAAAAAAA%2B', '..%2F..%2Fetc']) {
      const r = await call(h.url, `/api/secrets/${id}`);
      assert.equal(r.status, 404, id);
      assert.equal(r.body.error?.code, 'SECRET_NOT_FOUND', id);
    }
  });

  it('[A-GET-4][A-GET-5] expired → 410 SECRET_EXPIRED before any sweep; after purge_at → 404', async () => {
    const created = await create(h, {});
    const expiresAt = Date.parse(created.body.expires_at as string);
    const unread = await create(h, {});
    h.setTime(expiresAt);
    const r = await call(h.url, `/api/secrets/${created.body.id}`);
    assert.equal(r.status, 410);
    assert.equal(r.body.error?.code, 'SECRET_EXPIRED');
    assert.equal(r.text.includes('encrypted_blob'), false);
    h.setTime(expiresAt + 3_600_000);
    assert.equal((await call(h.url, `/api/secrets/${unread.body.id}`)).body.error?.code, 'SECRET_NOT_FOUND');
    h.setTime(Date.UTC(2026, 10, 24, 12));
  });

  it('[A-GET-4] the sweeper destroys expired ciphertext and purges tombstones', async () => {
    const a = await create(h, {});
    const b = await create(h, {});
    await call(h.url, `/api/secrets/${b.body.id}`);
    const expiresAt = Date.parse(a.body.expires_at as string);
    h.setTime(expiresAt);
    const swept = await h.services.service.sweepBatch(1000);
    assert.ok(swept.expired >= 1);
    h.setTime(expiresAt - 1);
    assert.equal((await call(h.url, `/api/secrets/${a.body.id}`)).body.error?.code, 'SECRET_EXPIRED', 'swept ciphertext is gone even if the clock went back');
    h.setTime(expiresAt + 3_600_000);
    assert.ok((await h.services.service.sweepBatch(1000)).purged >= 2);
    h.setTime(Date.UTC(2026, 10, 24, 12));
    assert.equal((await call(h.url, `/api/secrets/${b.body.id}`)).body.error?.code, 'SECRET_NOT_FOUND', 'purged: gone for good');
  });

  it('[A-GET-2] race: 24 secrets × 24 simultaneous GETs on separate sockets → exactly one 200 each', async () => {
    const ids = await Promise.all(Array.from({ length: 24 }, async () => (await create(h, {})).body.id as string));
    const statuses = await Promise.all(ids.flatMap((id) => Array.from({ length: 24 }, () => rawGet(`${h.url}/api/secrets/${id}`).then((s) => [id, s] as const))));
    for (const id of ids) {
      const mine = statuses.filter(([i]) => i === id).map(([, s]) => s);
      assert.equal(mine.length, 24);
      assert.equal(mine.filter((s) => s === 200).length, 1, `secret ${id.slice(0, 4)}: ${mine.join(',')}`);
      assert.equal(mine.filter((s) => s === 410).length, 23);
    }
  });

  it('HEAD never consumes', async () => {
    const created = await create(h, {});
    const head = await fetch(`${h.url}/api/secrets/${created.body.id}`, { method: 'HEAD' });
    assert.notEqual(head.status, 200);
    assert.equal((await call(h.url, `/api/secrets/${created.body.id}`)).status, 200);
  });

  it('a keyed caller can consume any secret; its key is checked first', async () => {
    const created = await create(h, {});
    const key = await newKey(h.store, 'free');
    assert.equal((await call(h.url, `/api/secrets/${created.body.id}`, { key })).status, 200);
  });
});

describe('the 50 × 50 consume race on SQLite', () => {
  let h: Harness;
  before(async () => { h = await startServer({ ZEPHR_ANON_DAILY_CREATES: '100000' }); });
  after(() => h.close());

  it('50 readers on each of 50 secrets, all at once on separate sockets: exactly one 200 per secret, the rest 410', async () => {
    const ids = await Promise.all(Array.from({ length: 50 }, async () => (await create(h)).body.id as string));
    const statuses = await Promise.all(ids.flatMap((id) => Array.from({ length: 50 }, async () => ({ id, status: await rawGet(`${h.url}/api/secrets/${id}`) }))));
    assert.equal(statuses.filter((s) => s.status === 200).length, 50);
    assert.equal(new Set(statuses.filter((s) => s.status === 200).map((s) => s.id)).size, 50, 'one per secret');
    assert.equal(statuses.filter((s) => s.status === 410).length, 2450);
  });
});

