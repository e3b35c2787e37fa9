// POST /api/secrets over real HTTP: tier policy, quotas at their exact boundaries, and
// idempotency (also under concurrency). Body validation is in api-create.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { blob, call, create, type Harness, newKey, startServer } from '@zephr/test-support';

describe('create: tiers and API keys', () => {
  let h: Harness;
  before(async () => { h = await startServer({ ZEPHR_ANON_DAILY_CREATES: '1000' }); });
  after(() => h.close());

  it('[A-TIER-1] anonymous callers get 60 minutes only; the error names the tier needed', async () => {
    assert.equal((await create(h, { expiry: 60 })).status, 201);
    for (const [expiry, tier] of [[5, 'dev'], [1440, 'free'], [43200, 'free']] as const) {
      const r = await create(h, { expiry });
      assert.equal(r.status, 403);
      assert.equal(r.body.error?.code, 'UPGRADE_REQUIRED');
      assert.match(r.body.error!.message, new RegExp(`API key \\(${tier} tier`));
    }
  });

  it('[A-TIER-1] keyed tiers get their expiries', async () => {
    const free = await newKey(h.store, 'free');
    const dev = await newKey(h.store, 'dev');
    assert.equal((await create(h, { expiry: 43200 }, { key: free })).status, 201);
    const r = await create(h, { expiry: 5 }, { key: free });
    assert.equal(r.body.error?.code, 'UPGRADE_REQUIRED');
    assert.match(r.body.error!.message, /dev tier/);
    for (const expiry of [5, 15, 30, 60, 1440, 10080, 43200]) assert.equal((await create(h, { expiry }, { key: dev })).status, 201);
  });

  it('[A-CREATE-2][A-GEN-3] expires_at is now + expiry in the exact wire format', async () => {
    const dev = await newKey(h.store, 'dev');
    const r = await create(h, { expiry: 15 }, { key: dev });
    assert.match(r.body.expires_at as string, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.equal(Date.parse(r.body.expires_at as string), h.now() + 15 * 60_000);
    assert.match(r.body.id as string, /^[A-Za-z0-9_-]{22}$/);
  });

  it('[A-TIER-2] a secret over the tier limit in bytes of plaintext → 413 naming both; exactly at it → 201', async () => {
    const { blobLength } = await import('zephr');
    // Multi-byte text: the limit counts UTF-8 bytes of secret, not characters or blob length.
    const atLimit = await blob('é'.repeat(3072));
    assert.equal(atLimit.length, blobLength(6144));
    assert.equal((await create(h, { encrypted_blob: atLimit })).status, 201);
    const over = await blob('a'.repeat(6145));
    const r = await create(h, { encrypted_blob: over });
    assert.equal(r.status, 413);
    assert.equal(r.body.error?.code, 'PAYLOAD_TOO_LARGE');
    assert.match(r.body.error!.message, /This secret is 6,145 bytes; the anonymous tier allows at most 6,144 bytes \(6 KB\) of secret \(an encrypted blob of 11,007 characters\)/);
    const pro = await newKey(h.store, 'pro');
    assert.equal((await create(h, { encrypted_blob: over }, { key: pro })).status, 201);
  });

  it('[A-AUTH-2] unknown, malformed and revoked keys → 401 INVALID_API_KEY, on every endpoint', async () => {
    const key = await newKey(h.store, 'free');
    const created = await create(h, {});
    const revokedId = (await h.store.apiKeys.list()).find((k) => k.prefix === key.slice(0, 12))!.id;
    await h.store.apiKeys.revoke(revokedId, h.now());
    const bad = ['zeph_' + 'A'.repeat(43), 'zeph_short', key];
    for (const k of bad) {
      for (const path of ['/api/secrets', `/api/secrets/${created.body.id}`, '/api/limits']) {
        const r = path === '/api/secrets' ? await create(h, {}, { key: k }) : await call(h.url, path, { key: k });
        assert.equal(r.status, 401, `${path} ${k.slice(0, 10)}`);
        assert.equal(r.body.error?.code, 'INVALID_API_KEY');
      }
    }
    const basic = await call(h.url, '/api/limits', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    assert.equal(basic.body.error?.code, 'INVALID_API_KEY');
    assert.equal((await call(h.url, `/api/secrets/${created.body.id}`)).status, 200, 'the 401s did not consume the secret');
  });

  it('[A-CREATE-5] callbacks need an API key', async () => {
    const fields = { callback_url: 'https://hooks.example.com/z', callback_secret: 'shh' };
    const r = await create(h, fields);
    assert.equal(r.status, 403);
    assert.equal(r.body.error?.code, 'UPGRADE_REQUIRED');
    assert.match(r.body.error!.message, /API key/);
    assert.equal((await create(h, fields, { key: await newKey(h.store, 'free') })).status, 201);
  });
});

describe('create: quotas at their boundaries', () => {
  let h: Harness;
  before(async () => { h = await startServer({ ZEPHR_ANON_DAILY_CREATES: '3', ZEPHR_TIERS: '{"free":{"creates":4}}' }); });
  after(() => h.close());

  it('[A-TIER-3] the 3rd anonymous create succeeds, the 4th is 429 with Retry-After to UTC midnight', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await create(h)).status, 201);
    const r = await create(h);
    assert.equal(r.status, 429);
    assert.equal(r.body.error?.code, 'ANON_RATE_LIMIT_EXCEEDED');
    assert.equal(r.headers.get('retry-after'), String(12 * 3600), 'T0 is noon UTC');
    const limits = await call(h.url, '/api/limits');
    assert.deepEqual(limits.body.quota, { period: 'day', limit: 3, used: 3, remaining: 0, resets_at: '2026-11-25T00:00:00.000Z' });
    h.advance(12 * 3600 * 1000);
    assert.equal((await create(h)).status, 201, 'a new UTC day resets the quota');
    h.advance(-12 * 3600 * 1000);
  });

  it('[A-TIER-3][A-IP-1] IPv6 clients count per /64 (through a trusted proxy header)', async () => {
    const p = await startServer({ ZEPHR_ANON_DAILY_CREATES: '2', ZEPHR_TRUST_PROXY: 'true' });
    try {
      const from = (ip: string) => create(p, {}, { headers: { 'x-forwarded-for': ip } });
      assert.equal((await from('2001:db8:1:2::1')).status, 201);
      assert.equal((await from('2001:db8:1:2:ffff::9')).status, 201);
      assert.equal((await from('2001:db8:1:2::abcd')).body.error?.code, 'ANON_RATE_LIMIT_EXCEEDED', 'same /64');
      assert.equal((await from('2001:db8:1:3::1')).status, 201, 'another /64');
      assert.equal((await from('10.0.0.1')).status, 201);
      assert.equal((await from('::ffff:10.0.0.1')).status, 201, 'IPv4-mapped counts as the IPv4 address');
      assert.equal((await from('10.0.0.1')).body.error?.code, 'ANON_RATE_LIMIT_EXCEEDED');
    } finally {
      await p.close();
    }
  });

  it('[A-TIER-4] the 4th monthly create of a free key succeeds, the 5th is 429 until the month ends', async () => {
    const key = await newKey(h.store, 'free');
    for (let i = 0; i < 4; i++) assert.equal((await create(h, {}, { key })).status, 201);
    const r = await create(h, {}, { key });
    assert.equal(r.status, 429);
    assert.equal(r.body.error?.code, 'MONTHLY_LIMIT_EXCEEDED');
    assert.equal(r.headers.get('retry-after'), String((Date.UTC(2026, 11, 1) - h.now()) / 1000));
    assert.match(r.body.error!.message, /2026-12-01T00:00:00.000Z/);
  });

  it('[A-TIER-5] concurrent anonymous creates: exactly the quota succeeds', async () => {
    const p = await startServer({ ZEPHR_ANON_DAILY_CREATES: '5' });
    try {
      const results = await Promise.all(Array.from({ length: 25 }, () => create(p)));
      assert.equal(results.filter((r) => r.status === 201).length, 5);
      assert.equal(results.filter((r) => r.body.error?.code === 'ANON_RATE_LIMIT_EXCEEDED').length, 20);
    } finally {
      await p.close();
    }
  });
});

describe('create: idempotency', () => {
  let h: Harness;
  before(async () => { h = await startServer({ ZEPHR_ANON_DAILY_CREATES: '2' }); });
  after(() => h.close());

  it('[A-IDEM-2] a replay answers 201 with the first body, creates nothing, costs no quota', async () => {
    const headers = { 'idempotency-key': '0b8e8d0e-3c1f-4f5e-9a55-0c2f3a4b5c6d' };
    const first = await create(h, {}, { headers });
    const again = await create(h, {}, { headers }); // a fresh IV: bodies differ
    assert.equal(first.status, 201);
    assert.equal(again.status, 201);
    assert.equal(again.text, first.text);
    const limits = await call(h.url, '/api/limits');
    assert.equal((limits.body.quota as { used: number }).used, 1);
    h.advance(24 * 3600 * 1000);
    const later = await create(h, {}, { headers });
    assert.notEqual(later.body.id, first.body.id, 'after 24 h the key is fresh');
    h.advance(-24 * 3600 * 1000);
  });

  it('[A-IDEM-2] a replay succeeds even once the quota is used up', async () => {
    const p = await startServer({ ZEPHR_ANON_DAILY_CREATES: '1' });
    try {
      const headers = { 'idempotency-key': 'retry-me' };
      const first = await create(p, {}, { headers });
      assert.equal((await create(p)).status, 429);
      const replay = await create(p, {}, { headers });
      assert.equal(replay.status, 201);
      assert.equal(replay.body.id, first.body.id);
    } finally {
      await p.close();
    }
  });

  it('[A-IDEM-2] concurrent requests with one key create exactly one secret', async () => {
    const p = await startServer({ ZEPHR_ANON_DAILY_CREATES: '100' });
    try {
      const headers = { 'idempotency-key': 'concurrent-1' };
      const results = await Promise.all(Array.from({ length: 20 }, () => create(p, {}, { headers })));
      assert.ok(results.every((r) => r.status === 201));
      assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
      assert.equal(((await call(p.url, '/api/limits')).body.quota as { used: number }).used, 1);
    } finally {
      await p.close();
    }
  });

  it('[A-IDEM-3] keys are scoped per caller: another caller with the same key gets its own secret', async () => {
    const headers = { 'idempotency-key': 'shared-key' };
    const a = await create(h, {}, { headers, key: await newKey(h.store, 'free') });
    const b = await create(h, {}, { headers, key: await newKey(h.store, 'free') });
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    assert.notEqual(a.body.id, b.body.id);
  });
});

describe('create: tier sizes set by the operator', () => {
  let h: Harness;
  before(async () => { h = await startServer({ ZEPHR_ANON_DAILY_CREATES: '1000', ZEPHR_TIERS: '{"anonymous":{"max_secret_bytes":100},"free":{"max_blob_length":6144}}' }); });
  after(() => h.close());

  it('[A-TIER-2] max_secret_bytes is bytes of secret; the older max_blob_length reads as the largest secret whose blob fits', async () => {
    assert.equal((await create(h, { encrypted_blob: await blob('x'.repeat(100)) })).status, 201);
    const over = await create(h, { encrypted_blob: await blob('x'.repeat(101)) });
    assert.equal(over.status, 413);
    assert.match(over.body.error!.message, /This secret is 101 bytes; the anonymous tier allows at most 100 bytes of secret/);
    const free = await newKey(h.store, 'free');
    const limits = await call(h.url, '/api/limits', { key: free });
    assert.equal(limits.body.max_secret_bytes, 3409, 'the largest secret whose blob fits 6,144 characters');
    assert.ok((limits.body.max_blob_length as number) <= 6144);
  });

  it('a tier size the server cannot carry is refused at start, naming the setting', async () => {
    const { loadConfig } = await import('../src/config.js');
    assert.throws(() => loadConfig({ ZEPHR_TIERS: '{"pro":{"max_secret_bytes":0}}' }), /pro\.max_secret_bytes must be a whole number from 1 to 8388608/);
    assert.throws(() => loadConfig({ ZEPHR_TIERS: '{"pro":{"max_secret_bytes":10,"max_blob_length":100}}' }), /max_secret_bytes or max_blob_length, not both/);
  });
});
