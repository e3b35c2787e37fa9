// The wire contract pinned in one place: security headers, CORS, envelopes for 404/405, the
// OpenAPI document against protocol/errors.json, limits, health, metrics and rate limits.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { WIRE_ERRORS } from 'zephr';
import { call, create, type Harness, newKey, startServer } from '@zephr/test-support';

const repoRoot = join(import.meta.dirname, '..', '..', '..');

function assertSecurityHeaders(headers: Headers, where: string): void {
  const csp = headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'self'/, where);
  assert.match(csp, /frame-ancestors 'none'/, where);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:|\*/, where);
  assert.match(headers.get('strict-transport-security') ?? '', /max-age=\d{7,}/, where);
  assert.equal(headers.get('referrer-policy'), 'no-referrer', where);
  assert.equal(headers.get('x-content-type-options'), 'nosniff', where);
  assert.equal(headers.get('x-frame-options'), 'DENY', where);
}

describe('wire contract', () => {
  let h: Harness;
  before(async () => { h = await startServer({ ZEPHR_METRICS: 'true' }); });
  after(() => h.close());

  it('[A-GEN-6][A-GEN-4] security headers and no-store on every kind of response', async () => {
    const created = await create(h);
    const responses = {
      create: created,
      consume: await call(h.url, `/api/secrets/${created.body.id}`),
      gone: await call(h.url, `/api/secrets/${created.body.id}`),
      limits: await call(h.url, '/api/limits'),
      notFound: await call(h.url, '/no/such/page'),
      healthz: await call(h.url, '/healthz'),
      openapi: await call(h.url, '/openapi.json'),
    };
    for (const [where, r] of Object.entries(responses)) {
      assertSecurityHeaders(r.headers, where);
      assert.equal(r.headers.get('cache-control'), 'no-store', where);
    }
  });

  it('[A-GEN-2][E-1] unknown routes and wrong methods use the envelope (404 NOT_FOUND, 405 METHOD_NOT_ALLOWED)', async () => {
    const nf = await call(h.url, '/api/nothing');
    assert.equal(nf.status, 404);
    assert.deepEqual(nf.body, { error: { code: 'NOT_FOUND', message: 'Not found' } });
    for (const [method, path] of [['GET', '/api/secrets'], ['PUT', '/api/secrets/AAAAAAAAAAAAAAAAAAAAAA'], ['GET', '/api/secrets/AAAAAAAAAAAAAAAAAAAAAA/claim'], ['DELETE', '/api/secrets/AAAAAAAAAAAAAAAAAAAAAA/peek'], ['PUT', '/api/secrets'], ['POST', '/api/limits'], ['HEAD', '/api/secrets/AAAAAAAAAAAAAAAAAAAAAA']]) {
      const res = await fetch(h.url + path!, { method });
      assert.equal(res.status, 405, `${method} ${path}`);
      if (method !== 'HEAD') assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'METHOD_NOT_ALLOWED');
      assert.ok(res.headers.get('allow'));
    }
  });

  it('[A-GEN-4] no redirects and no compression on /api', async () => {
    const trailing = await fetch(`${h.url}/api/limits/`, { redirect: 'manual' });
    assert.ok(trailing.status < 300 || trailing.status >= 400, 'no 3xx');
    const gz = await fetch(`${h.url}/api/limits`, { headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(gz.headers.get('content-encoding'), null);
  });

  it('[A-GEN-5] CORS: any origin, no credentials, preflight allows the SDK headers', async () => {
    const pre = await fetch(`${h.url}/api/secrets`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, idempotency-key' },
    });
    assert.ok(pre.status === 204 || pre.status === 200);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    assert.match(pre.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match((pre.headers.get('access-control-allow-headers') ?? '').toLowerCase(), /idempotency-key/);
    assert.equal(pre.headers.get('access-control-allow-credentials'), null);
    const r = await call(h.url, '/api/limits', { headers: { origin: 'https://app.example' } });
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    assert.match(r.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
  });

  it('CORS allows exactly the methods the /api routes answer (read from the routes, not a second list)', async () => {
    const pre = await fetch(`${h.url}/api/limits`, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' } });
    assert.equal(pre.headers.get('access-control-allow-methods'), 'DELETE, GET, POST');
  });

  it('[A-LIMITS-1] /api/limits describes the caller', async () => {
    const anon = await call(h.url, '/api/limits');
    assert.equal(anon.body.tier, 'anonymous');
    assert.equal(anon.body.max_secret_bytes, 6144);
    assert.equal(anon.body.max_plaintext_bytes, 6144);
    assert.equal(anon.body.max_blob_length, 11007);
    assert.equal(anon.body.callbacks, false);
    const options = (anon.body.expiry as { options: { minutes: number; allowed: boolean; min_tier: string }[] }).options;
    assert.deepEqual(options.map((o) => o.minutes), [5, 15, 30, 60, 1440, 10080, 43200]);
    assert.deepEqual(options.filter((o) => o.allowed).map((o) => o.minutes), [60]);
    assert.equal(options.find((o) => o.minutes === 5)?.min_tier, 'dev');
    const dev = await call(h.url, '/api/limits', { key: await newKey(h.store, 'dev') });
    assert.equal(dev.body.tier, 'dev');
    assert.equal((dev.body.quota as { period: string; limit: number; resets_at: string }).period, 'month');
    assert.equal((dev.body.quota as { resets_at: string }).resets_at, '2026-12-01T00:00:00.000Z');
  });

  it('[A-META-2] healthz and readyz', async () => {
    assert.deepEqual((await call(h.url, '/healthz')).body, { status: 'ok' });
    assert.deepEqual((await call(h.url, '/readyz')).body, { status: 'ready' });
  });

  it('[A-META-3] metrics count secrets and latency by route pattern (never by id)', async () => {
    const c = await create(h);
    await call(h.url, `/api/secrets/${c.body.id}`);
    const text = (await call(h.url, '/metrics')).text;
    assert.match(text, /zephr_secrets_created_total [1-9]/);
    assert.match(text, /zephr_secrets_consumed_total [1-9]/);
    assert.match(text, /zephr_http_request_duration_seconds_bucket\{[^}]*route="\/api\/secrets\/:id"/);
    assert.ok(!text.includes(c.body.id as string));
  });

  it('[A-META-1] /openapi.json is valid OpenAPI 3.1 and documents exactly the codes of errors.json', async () => {
    const doc = (await call(h.url, '/openapi.json')).body as Record<string, unknown> & { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    assert.equal(doc.openapi, '3.1.0');
    const validator = new Validator();
    const result = await validator.validate(doc);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 1)?.slice(0, 2000));
    for (const path of ['/api/secrets', '/api/secrets/{id}', '/api/limits', '/healthz', '/readyz']) assert.ok(doc.paths[path], path);
    assert.ok(doc.paths['/api/secrets']!.post!.responses['201']);
    assert.ok(doc.paths['/api/secrets/{id}']!.get!.responses['200']);
    const documented = new Map<string, Set<string>>();
    JSON.stringify(doc, (key, value) => {
      if (value && typeof value === 'object' && value.properties?.error?.properties?.code?.enum) {
        for (const code of value.properties.error.properties.code.enum as string[]) documented.set(code, new Set());
      }
      return value;
    });
    const table = JSON.parse(readFileSync(join(repoRoot, 'protocol', 'errors.json'), 'utf8')) as { wire: Record<string, { surface?: string }> };
    // [E-6] the web pages' own codes are not the API's.
    const expected = Object.keys(table.wire).filter((c) => !['NOT_FOUND', 'METHOD_NOT_ALLOWED'].includes(c) && table.wire[c]!.surface !== 'pages').sort();
    assert.deepEqual([...documented.keys()].sort(), expected, 'codes in /openapi.json vs protocol/errors.json (route-less 404/405 and the pages\' codes aside)');
    assert.ok(Object.values(table.wire).some((e) => e.surface === 'pages'));
    assert.deepEqual(Object.keys(WIRE_ERRORS).sort(), Object.keys(table.wire).sort(), 'the SDK table matches errors.json');
  });
});

describe('rate limit', () => {
  it('[A-RATE-1] over the per-IP limit → 429 RATE_LIMIT_EXCEEDED with Retry-After', async () => {
    const h = await startServer({ ZEPHR_RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push(await call(h.url, '/api/limits'));
      assert.deepEqual(statuses.map((r) => r.status), [200, 200, 200, 200, 200, 429, 429]);
      const limited = statuses[5]!;
      assert.equal(limited.body.error?.code, 'RATE_LIMIT_EXCEEDED');
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
      assert.equal((await call(h.url, '/healthz')).status, 200, 'only /api is limited');
    } finally {
      await h.close();
    }
  });
});

describe('readiness', () => {
  it('[A-META-2] readyz is 503 SERVICE_UNAVAILABLE when the store is gone', async () => {
    const h = await startServer();
    try {
      await h.store.close();
      const r = await call(h.url, '/readyz');
      assert.equal(r.status, 503);
      assert.equal(r.body.error?.code, 'SERVICE_UNAVAILABLE');
    } finally {
      await h.close();
    }
  });

  it('[A-GEN-2][E-2] an unexpected failure is 500 INTERNAL_ERROR without internals', async () => {
    const h = await startServer();
    try {
      await h.store.close();
      const r = await create(h);
      assert.equal(r.status, 500);
      assert.deepEqual(r.body, { error: { code: 'INTERNAL_ERROR', message: WIRE_ERRORS.INTERNAL_ERROR.message } });
    } finally {
      await h.close();
    }
  });
});
