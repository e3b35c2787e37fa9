// POST /api/secrets over real HTTP: every validation code, tier policy, quotas at their exact
// boundaries, and idempotency (also under concurrency).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { encodeBase64Url } from 'zephr';
import { blob, call, create, type Harness, newKey, startServer } from '@zephr/test-support';

const wrap = (json: string) => encodeBase64Url(new TextEncoder().encode(json));
const IV = 'oKGio6Slpqeoqaqr';
const CT = 'jn0QQSrreNoSDfXp3uY1B9ZEuzh8IGBGZMOJ';

describe('create: validation', () => {
  let h: Harness;
  let key: string;
  before(async () => {
    h = await startServer({ ZEPHR_ANON_DAILY_CREATES: '1000' });
    key = await newKey(h.store, 'pro');
  });
  after(() => h.close());

  const cases: [string, Record<string, unknown> | string, string, boolean?][] = [
    ['body is a JSON array', '[1,2]', 'INVALID_REQUEST_BODY'],
    ['body is not JSON', '{"encrypted_blob":', 'INVALID_REQUEST_BODY'],
    ['body is JSON null', 'null', 'INVALID_REQUEST_BODY'],
    ['encrypted_blob missing', { expiry: 60 }, 'MISSING_ENCRYPTED_BLOB'],
    ['encrypted_blob a number', { encrypted_blob: 5, expiry: 60 }, 'INVALID_ENCRYPTED_BLOB_TYPE'],
    ['encrypted_blob padded', { encrypted_blob: wrap(`{"iv":"${IV}","ciphertext":"${CT}"}`) + '=', expiry: 60 }, 'INVALID_ENCRYPTED_BLOB_ENCODING'],
    ['encrypted_blob standard alphabet', { encrypted_blob: 'ab+/', expiry: 60 }, 'INVALID_ENCRYPTED_BLOB_ENCODING'],
    ['encrypted_blob empty', { encrypted_blob: '', expiry: 60 }, 'INVALID_ENCRYPTED_BLOB_ENCODING'],
    ['encrypted_blob not JSON inside', { encrypted_blob: wrap('hello'), expiry: 60 }, 'INVALID_ENCRYPTED_BLOB_FORMAT'],
    ['encrypted_blob with an extra member', { encrypted_blob: wrap(`{"iv":"${IV}","ciphertext":"${CT}","tag":"x"}`), expiry: 60 }, 'INVALID_ENCRYPTED_BLOB_FORMAT'],
    ['encrypted_blob inner iv padded', { encrypted_blob: wrap(`{"iv":"${IV}==","ciphertext":"${CT}"}`), expiry: 60 }, 'INVALID_ENCRYPTED_BLOB_ENCODING'],
    ['iv of 11 bytes', { encrypted_blob: wrap(`{"iv":"${encodeBase64Url(new Uint8Array(11))}","ciphertext":"${CT}"}`), expiry: 60 }, 'INVALID_IV_LENGTH'],
    ['ciphertext of 16 bytes', { encrypted_blob: wrap(`{"iv":"${IV}","ciphertext":"${encodeBase64Url(new Uint8Array(16))}"}`), expiry: 60 }, 'INVALID_CIPHERTEXT_LENGTH'],
    ['expiry missing', { encrypted_blob: 'BLOB' }, 'MISSING_EXPIRY'],
    ['expiry not allowed', { encrypted_blob: 'BLOB', expiry: 61 }, 'INVALID_EXPIRY'],
    ['expiry as a string', { encrypted_blob: 'BLOB', expiry: '60' }, 'INVALID_EXPIRY'],
    ['expiry as a float', { encrypted_blob: 'BLOB', expiry: 60.5 }, 'INVALID_EXPIRY'],
    ['expiry_hours not allowed', { encrypted_blob: 'BLOB', expiry_hours: 2 }, 'INVALID_EXPIRY'],
    ['expiry and expiry_hours both', { encrypted_blob: 'BLOB', expiry: 60, expiry_hours: 1 }, 'INVALID_EXPIRY'],
    ['split_url_mode a string', { encrypted_blob: 'BLOB', expiry: 60, split_url_mode: 'true' }, 'INVALID_SPLIT_URL_MODE'],
    ['hint empty', { encrypted_blob: 'BLOB', expiry: 60, hint: '' }, 'INVALID_HINT'],
    ['hint 129 characters', { encrypted_blob: 'BLOB', expiry: 60, hint: 'a'.repeat(129) }, 'INVALID_HINT'],
    ['hint with a newline', { encrypted_blob: 'BLOB', expiry: 60, hint: 'a\nb' }, 'INVALID_HINT'],
    ['hint non-ASCII', { encrypted_blob: 'BLOB', expiry: 60, hint: 'café' }, 'INVALID_HINT'],
    ['hint a number', { encrypted_blob: 'BLOB', expiry: 60, hint: 7 }, 'INVALID_HINT'],
    ['callback_url a number', { encrypted_blob: 'BLOB', expiry: 60, callback_url: 1, callback_secret: 's' }, 'INVALID_CALLBACK_URL_TYPE', true],
    ['callback_url too long', { encrypted_blob: 'BLOB', expiry: 60, callback_url: 'https://e.com/' + 'a'.repeat(2040), callback_secret: 's' }, 'INVALID_CALLBACK_URL_LENGTH', true],
    ['callback_url not a URL', { encrypted_blob: 'BLOB', expiry: 60, callback_url: 'not a url', callback_secret: 's' }, 'INVALID_CALLBACK_URL_FORMAT', true],
    ['callback_url with credentials', { encrypted_blob: 'BLOB', expiry: 60, callback_url: 'https://u:p@e.com/x', callback_secret: 's' }, 'INVALID_CALLBACK_URL_FORMAT', true],
    ['callback_url http', { encrypted_blob: 'BLOB', expiry: 60, callback_url: 'http://e.com/x', callback_secret: 's' }, 'INVALID_CALLBACK_URL_PROTOCOL', true],
    ['callback_url without secret', { encrypted_blob: 'BLOB', expiry: 60, callback_url: 'https://e.com/x' }, 'MISSING_CALLBACK_SECRET', true],
    ['callback_secret without url', { encrypted_blob: 'BLOB', expiry: 60, callback_secret: 's' }, 'UNEXPECTED_CALLBACK_SECRET', true],
    ['callback_secret a number', { encrypted_blob: 'BLOB', expiry: 60, callback_url: 'https://e.com/x', callback_secret: 5 }, 'INVALID_CALLBACK_SECRET_TYPE', true],
    ['callback_secret empty', { encrypted_blob: 'BLOB', expiry: 60, callback_url: 'https://e.com/x', callback_secret: '' }, 'INVALID_CALLBACK_SECRET_LENGTH', true],
    ['callback_secret 257 characters', { encrypted_blob: 'BLOB', expiry: 60, callback_url: 'https://e.com/x', callback_secret: 'x'.repeat(257) }, 'INVALID_CALLBACK_SECRET_LENGTH', true],
  ];
  for (const [name, body, code, keyed] of cases) {
    it(`[A-CREATE-1]${name.includes('blob') || name.includes('iv') || name.includes('ciphertext') ? '[P-BLOB-6]' : ''} ${name} → 400 ${code}`, async () => {
      const valid = await blob();
      const rawBody = typeof body === 'string' ? body : JSON.stringify(body).replace('"BLOB"', JSON.stringify(valid));
      const r = await call(h.url, '/api/secrets', { rawBody, headers: { 'content-type': 'application/json' }, ...(keyed && { key }) });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.error?.code, code, r.text);
      assert.equal(typeof r.body.error?.message, 'string');
    });
  }

  it('[A-CREATE-1] another content type → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const r = await call(h.url, '/api/secrets', { rawBody: 'encrypted_blob=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(r.status, 415);
    assert.equal(r.body.error?.code, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('[A-CREATE-1] a body over the HTTP limit → 413 PAYLOAD_TOO_LARGE', async () => {
    const r = await call(h.url, '/api/secrets', { body: { encrypted_blob: 'A'.repeat(1_200_000), expiry: 60 } });
    assert.equal(r.status, 413);
    assert.equal(r.body.error?.code, 'PAYLOAD_TOO_LARGE');
  });

  it('[A-IDEM-1] a malformed Idempotency-Key → 400 INVALID_IDEMPOTENCY_KEY', async () => {
    for (const bad of ['has space', 'x'.repeat(65), 'ünï', 'a_b']) {
      const r = await create(h, {}, { headers: { 'idempotency-key': bad } });
      assert.equal(r.body.error?.code, 'INVALID_IDEMPOTENCY_KEY', bad);
      assert.equal(r.status, 400);
    }
  });

  it('[A-CREATE-2] null optional fields count as absent; unknown members are ignored', async () => {
    const r = await create(h, { hint: null, callback_url: null, callback_secret: null, split_url_mode: null, future_field: 1 });
    assert.equal(r.status, 201, r.text);
  });

  it('[A-CREATE-2] legacy expiry_hours is accepted and converted', async () => {
    const r = await call(h.url, '/api/secrets', { body: { encrypted_blob: await blob(), expiry_hours: 24 }, key });
    assert.equal(r.status, 201, r.text);
    assert.equal(Date.parse(r.body.expires_at as string) - h.now(), 24 * 3_600_000);
  });
});

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

  it('[A-TIER-2] blobs over the tier ceiling → 413 naming the limit; exactly at it → 201', async () => {
    const { maxPlaintextBytes } = await import('zephr');
    const atLimit = await blob('a'.repeat(maxPlaintextBytes(6144)));
    assert.equal(atLimit.length, 6144);
    assert.equal((await create(h, { encrypted_blob: atLimit })).status, 201);
    const over = await blob('a'.repeat(maxPlaintextBytes(6144) + 1));
    const r = await create(h, { encrypted_blob: over });
    assert.equal(r.status, 413);
    assert.equal(r.body.error?.code, 'PAYLOAD_TOO_LARGE');
    assert.match(r.body.error!.message, /allows 6144 \(a secret of at most 3409 bytes\)/);
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
