// The SDK against a real zephr-server process over loopback: round trips, every error class and
// code, key validation before consume, idempotent retry, timeouts, oversize, bad answers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiError, createSecret, EncryptionError, EXPIRIES, getLimits, NetworkError, retrieveSecret, ValidationError } from '../src/index.js';
import { nodeSender } from '../src/cli/node-sender.js';
import { fetchSender, useSender } from '../src/sdk/transport.js';
import { fixedServer, type LiveServer, lossyProxy, silentServer, startZephrServer } from '@zephr/test-support';

const is = (cls: abstract new (...args: never[]) => Error, code: string, status?: number) => (e: unknown) => {
  assert.ok(e instanceof cls, `expected ${cls.name}, got ${String(e)}`);
  assert.equal((e as unknown as { code: string }).code, code, (e as Error).message);
  if (status !== undefined) assert.equal((e as ApiError).statusCode, status);
  return true;
};

describe('SDK against a real server', () => {
  let server: LiveServer;
  before(async () => { server = await startZephrServer(); });
  after(() => server.stop());

  it('standard mode round trip, with hint and purgeAt', async () => {
    const link = await createSecret('sk-live-abc123 🔑', { baseUrl: server.url, hint: 'STRIPE_KEY' });
    assert.equal(link.mode, 'standard');
    if (link.mode !== 'standard') return;
    assert.match(link.fullLink, new RegExp(`^${server.url}/secret/[A-Za-z0-9_-]{22}#v1\\.[A-Za-z0-9_-]{43}$`));
    assert.equal(link.fullLink.split('/secret/')[1]!.slice(0, 22), link.secretId);
    assert.match(link.expiresAt, /Z$/);
    const got = await retrieveSecret(link.fullLink);
    assert.deepEqual(got, { plaintext: 'sk-live-abc123 🔑', hint: 'STRIPE_KEY', purgeAt: got.purgeAt });
    assert.ok(Date.parse(got.purgeAt!) > Date.parse(link.expiresAt));
  });

  it('split mode round trip; the URL carries no key', async () => {
    const link = await createSecret('db-password', { baseUrl: server.url, split: true });
    assert.equal(link.mode, 'split');
    if (link.mode !== 'split') return;
    assert.ok(!link.url.includes('#'));
    assert.match(link.key, /^v1\.[A-Za-z0-9_-]{43}$/);
    const got = await retrieveSecret({ url: link.url, key: link.key });
    assert.equal(got.plaintext, 'db-password');
    assert.equal(got.hint, undefined);
  });

  it('a second retrieval is ApiError 410 SECRET_ALREADY_CONSUMED; unknown ids 404', async () => {
    const link = await createSecret('once', { baseUrl: server.url });
    const full = (link as { fullLink: string }).fullLink;
    await retrieveSecret(full);
    await assert.rejects(retrieveSecret(full), is(ApiError, 'SECRET_ALREADY_CONSUMED', 410));
    await assert.rejects(retrieveSecret(full.replace(/secret\/[^#]+/, 'secret/AAAAAAAAAAAAAAAAAAAAAA')), is(ApiError, 'SECRET_NOT_FOUND', 404));
  });

  it('[P-LINK-6] a mistyped key fails locally and the secret survives', async () => {
    const link = (await createSecret('survivor', { baseUrl: server.url })) as { fullLink: string };
    await assert.rejects(retrieveSecret(link.fullLink.slice(0, -1)), is(ValidationError, 'INVALID_KEY'));
    await assert.rejects(retrieveSecret(link.fullLink.split('#')[0]!), is(ValidationError, 'INVALID_LINK'));
    assert.equal((await retrieveSecret(`  ${link.fullLink}\n`)).plaintext, 'survivor', 'surrounding whitespace from a paste is fine');
  });

  it('a well-formed wrong key on a secret made without a claim is EncryptionError after it is consumed', async () => {
    const link = (await createSecret('secret', { baseUrl: server.url, claim: false })) as { fullLink: string };
    const wrong = link.fullLink.replace(/#v1\..{43}$/, `#v1.${'A'.repeat(43)}`);
    await assert.rejects(retrieveSecret(wrong), (e: unknown) => is(EncryptionError, 'DECRYPTION_FAILED')(e) && /already destroyed/.test((e as Error).message));
    await assert.rejects(retrieveSecret(link.fullLink), is(ApiError, 'SECRET_ALREADY_CONSUMED', 410));
  });

  it('the hour values of an earlier protocol are hours: { expiry: 1 } is one hour, 24 is a day', async () => {
    const key = server.key('free');
    for (const [expiry, minutes] of [[1, 60], [24, 1440], [168, 10080], [720, 43200]] as const) {
      const made = await createSecret('my-credential', { baseUrl: server.url, apiKey: key, expiry });
      const left = Date.parse(made.expiresAt) - Date.now();
      assert.ok(left > (minutes - 2) * 60_000 && left <= minutes * 60_000 + 5000, `${expiry} → ${left} ms`);
    }
  });

  it('[E-4] inputs are validated locally before any request (ValidationError INVALID_INPUT)', async () => {
    const nowhere = 'http://127.0.0.1:9'; // nothing listens: a request would be a NetworkError
    const bad: [string, Parameters<typeof createSecret>[1]][] = [
      ['', {}], ['x', { expiry: 61 as never }], ['x', { hint: '' }], ['x', { hint: 'é' }], ['x', { hint: 'a'.repeat(129) }],
      ['x', { callbackUrl: 'https://e.com/x' }], ['x', { callbackSecret: 's' }], ['x', { callbackUrl: 'nope', callbackSecret: 's' }],
      ['x', { idempotencyKey: 'has space' }], ['x', { timeoutMs: 0 }], ['x', { baseUrl: 'ftp://e.com' }], ['\ud800', {}],
    ];
    for (const [secret, options] of bad) await assert.rejects(createSecret(secret, { baseUrl: nowhere, ...options }), is(ValidationError, 'INVALID_INPUT'), JSON.stringify(options));
  });

  it('[E-3] server refusals keep status, code and message', async () => {
    await assert.rejects(createSecret('x', { baseUrl: server.url, expiry: 1440 }), is(ApiError, 'UPGRADE_REQUIRED', 403));
    await assert.rejects(createSecret('x', { baseUrl: server.url, apiKey: 'zeph_' + 'A'.repeat(43) }), is(ApiError, 'INVALID_API_KEY', 401));
    const free = server.key('free');
    const link = await createSecret('x', { baseUrl: server.url, apiKey: free, expiry: 10080 });
    assert.ok(Date.parse(link.expiresAt) - Date.now() > 6 * 86_400_000);
  });

  it('getLimits: the anonymous tier and a key\'s tier, typed by the limits schema; a bad key is 401', async () => {
    const anonymous = await getLimits({ baseUrl: server.url });
    assert.equal(anonymous.tier, 'anonymous');
    assert.deepEqual(anonymous.expiry.options.map((o) => o.minutes), [...EXPIRIES]);
    assert.deepEqual(anonymous.expiry.options.filter((o) => o.allowed).map((o) => o.minutes), [60]);
    assert.equal(anonymous.quota.period, 'day');
    const dev = await getLimits({ baseUrl: server.url, apiKey: server.key('dev') });
    assert.equal(dev.tier, 'dev');
    assert.equal(dev.quota.period, 'month');
    assert.ok(dev.max_plaintext_bytes > anonymous.max_plaintext_bytes);
    await assert.rejects(getLimits({ baseUrl: server.url, apiKey: 'zeph_' + 'A'.repeat(43) }), is(ApiError, 'INVALID_API_KEY', 401));
  });

  it('oversize: 413 becomes an ApiError whose message states the limit (no hard-coded cap)', async () => {
    await assert.rejects(createSecret('a'.repeat(6145), { baseUrl: server.url }), (e: unknown) => is(ApiError, 'PAYLOAD_TOO_LARGE', 413)(e) && /6,145 bytes.*6,144 bytes/.test((e as Error).message));
    const pro = server.key('pro');
    const big = 'b'.repeat(200_000);
    const link = (await createSecret(big, { baseUrl: server.url, apiKey: pro })) as { fullLink: string };
    assert.equal((await retrieveSecret(link.fullLink)).plaintext, big);
  });

  it('a retry after a lost response gets only what the first attempt left of the budget', async () => {
    // The first connection is cut after the request is read; the second never answers.
    const proxy = await lossyProxy(server.url, 1, { silentAfter: true, dropDelayMs: 300 });
    try {
      const started = Date.now();
      await assert.rejects(createSecret('budget', { baseUrl: proxy.url, timeoutMs: 700 }), is(NetworkError, 'TIMEOUT'));
      const took = Date.now() - started;
      assert.equal(proxy.seen().length, 2, 'retried once');
      assert.ok(took >= 650 && took < 1200, `both attempts fit one 0.7 s budget (took ${took} ms)`);
    } finally {
      await proxy.close();
    }
  });

  it('a lost response is retried once with the same Idempotency-Key and creates one secret', async () => {
    const proxy = await lossyProxy(server.url, 1);
    try {
      const link = (await createSecret('retry me', { baseUrl: proxy.url })) as { fullLink: string; secretId: string };
      const seen = proxy.seen();
      assert.equal(seen.length, 2);
      assert.match(seen[0]!.idempotencyKey!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(seen[1]!.idempotencyKey, seen[0]!.idempotencyKey);
      assert.equal((await retrieveSecret(link.fullLink, { baseUrl: server.url })).plaintext, 'retry me');
    } finally {
      await proxy.close();
    }
  });

  it('retrieval goes to the link origin, not ZEPHR_URL; baseUrl overrides it', async () => {
    const link = (await createSecret('origin', { baseUrl: server.url })) as { fullLink: string };
    const saved = process.env.ZEPHR_URL;
    process.env.ZEPHR_URL = 'http://127.0.0.1:9';
    try {
      assert.equal((await retrieveSecret(link.fullLink)).plaintext, 'origin');
      await assert.rejects(createSecret('x'), is(NetworkError, 'NETWORK_ERROR'), 'create uses ZEPHR_URL');
    } finally {
      if (saved === undefined) delete process.env.ZEPHR_URL;
      else process.env.ZEPHR_URL = saved;
    }
  });
});

for (const [senderName, sender] of [['fetch', fetchSender], ['node:http (CLI)', nodeSender]] as const) describe(`SDK failure paths over ${senderName}`, () => {
  before(() => useSender(sender));
  after(() => useSender(fetchSender));
  it('a server that never answers: NetworkError TIMEOUT once the whole budget is spent, retries included', async () => {
    const silent = await silentServer();
    try {
      let started = Date.now();
      await assert.rejects(createSecret('x', { baseUrl: silent.url, timeoutMs: 600 }), (e: unknown) => is(NetworkError, 'TIMEOUT')(e) && /within 0\.6 s/.test((e as Error).message));
      let took = Date.now() - started;
      assert.ok(took >= 550 && took < 1100, `timeoutMs is the budget of the call, not of each request (took ${took} ms)`);
      assert.equal(silent.requests('POST /api/secrets'), 1, 'no retry after the budget is spent');
      started = Date.now();
      await assert.rejects(retrieveSecret(`${silent.url}/secret/AAAAAAAAAAAAAAAAAAAAAA#v1.${'A'.repeat(43)}`, { timeoutMs: 600 }), is(NetworkError, 'TIMEOUT'));
      took = Date.now() - started;
      assert.ok(took >= 550 && took < 1100, `retrieve took ${took} ms`);
      assert.equal(silent.requests('POST /api/secrets/AAAAAAAAAAAAAAAAAAAAAA/claim'), 1);
      assert.equal(silent.requests('GET /api/secrets/'), 0, 'no unproven GET');
    } finally {
      await silent.close();
    }
  });

  it('connection refused is NetworkError NETWORK_ERROR', async () => {
    await assert.rejects(createSecret('x', { baseUrl: 'http://127.0.0.1:9' }), is(NetworkError, 'NETWORK_ERROR'));
  });

  it('[E-3] a body without the envelope: "Request failed (HTTP <status>)"', async () => {
    const html = await fixedServer(502, '<html>bad gateway</html>', { 'content-type': 'text/html' });
    const teapot = await fixedServer(418, '{"nope":1}', { 'content-type': 'application/json' });
    try {
      await assert.rejects(createSecret('x', { baseUrl: html.url }), (e: unknown) => is(ApiError, 'INTERNAL_ERROR', 502)(e) && (e as Error).message === 'Request failed (HTTP 502)');
      await assert.rejects(createSecret('x', { baseUrl: teapot.url }), (e: unknown) => is(ApiError, 'INVALID_RESPONSE', 418)(e) && (e as Error).message === 'Request failed (HTTP 418)');
    } finally {
      await html.close();
      await teapot.close();
    }
  });

  it('only exactly 201 counts as created; malformed 201 bodies are refused', async () => {
    const ok200 = await fixedServer(200, '{"id":"AAAAAAAAAAAAAAAAAAAAAA","expires_at":"2026-01-01T00:00:00.000Z"}', { 'content-type': 'application/json' });
    const bad201 = await fixedServer(201, '{"id":"short","expires_at":"soon"}', { 'content-type': 'application/json' });
    try {
      await assert.rejects(createSecret('x', { baseUrl: ok200.url }), is(ApiError, 'INVALID_RESPONSE', 200));
      await assert.rejects(createSecret('x', { baseUrl: bad201.url }), is(ApiError, 'INVALID_RESPONSE', 201));
    } finally {
      await ok200.close();
      await bad201.close();
    }
  });

  it('[E-3] a redirect is not followed: ApiError INVALID_RESPONSE with the 3xx status', async () => {
    const target = await fixedServer(200, '{"encrypted_blob":"x"}', { 'content-type': 'application/json' });
    const redirect = await fixedServer(302, '', { location: `${target.url}/api/secrets/AAAAAAAAAAAAAAAAAAAAAA` });
    try {
      await assert.rejects(retrieveSecret(`${redirect.url}/secret/AAAAAAAAAAAAAAAAAAAAAA#v1.${'A'.repeat(43)}`),
        (e: unknown) => is(ApiError, 'INVALID_RESPONSE', 302)(e) && (e as Error).message === 'Request failed (HTTP 302)');
    } finally {
      await target.close();
      await redirect.close();
    }
  });

  it('responses over 1,000,000 bytes are refused', async () => {
    const huge = await fixedServer(200, Buffer.alloc(1_200_000, 'a'), { 'content-type': 'application/json' });
    try {
      await assert.rejects(retrieveSecret(`${huge.url}/secret/AAAAAAAAAAAAAAAAAAAAAA#v1.${'A'.repeat(43)}`), is(ApiError, 'INVALID_RESPONSE'));
    } finally {
      await huge.close();
    }
  });

});

describe('package metadata', () => {
  it('VERSION matches package.json', async () => {
    const { VERSION } = await import('../src/index.js');
    const { readFileSync } = await import('node:fs');
    assert.equal(VERSION, JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
  });
});
