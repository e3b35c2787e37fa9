// What an outside audit found (issue 14), each with the test that keeps it found: proxy hops,
// the rate limit before authentication, headers on every answer, wrong methods, malformed
// requests answered in the envelope, and more.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { call, create, type Harness, startServer } from '@zephr/test-support';

describe('client addresses behind a proxy', () => {
  it('ZEPHR_TRUST_PROXY: a number is always a hop count; true/false and lists as before', () => {
    const read = (v: string) => loadConfig({ ZEPHR_TRUST_PROXY: v }).trustProxy;
    assert.equal(read('1'), 1);
    assert.equal(read('2'), 2);
    assert.equal(read('0'), false);
    assert.equal(read('true'), true);
    assert.equal(read('off'), false);
    assert.deepEqual(read('10.0.0.1, 10.0.0.0/8'), ['10.0.0.1', '10.0.0.0/8']);
  });

  it('[A-IP-1] one trusted hop: a client choosing its own X-Forwarded-For still counts as the address the proxy appended', async () => {
    const p = await startServer({ ZEPHR_ANON_DAILY_CREATES: '3', ZEPHR_TRUST_PROXY: '1' });
    try {
      // What a proxy that appends sends on: whatever the client claimed, then the real client.
      const codes = [];
      for (let i = 0; i < 8; i++) codes.push((await create(p, {}, { headers: { 'x-forwarded-for': `203.0.113.${i}, 198.51.100.7` } })).status);
      assert.deepEqual(codes, [201, 201, 201, 429, 429, 429, 429, 429]);
    } finally {
      await p.close();
    }
  });

  it('[A-IP-1] a forwarded value that is not an IP address counts as the socket address, not a fresh bucket', async () => {
    const p = await startServer({ ZEPHR_ANON_DAILY_CREATES: '3', ZEPHR_TRUST_PROXY: 'true' });
    try {
      const codes = [];
      for (let i = 0; i < 6; i++) codes.push((await create(p, {}, { headers: { 'x-forwarded-for': `not-an-ip-${i}` } })).status);
      assert.deepEqual(codes, [201, 201, 201, 429, 429, 429]);
    } finally {
      await p.close();
    }
  });
});

describe('the per-IP rate limit comes before authentication', () => {
  let h: Harness;
  before(async () => { h = await startServer({ ZEPHR_RATE_LIMIT_PER_MINUTE: '5' }); });
  after(() => h.close());

  it('[A-IP-1] a flood of bad API keys is throttled: 401 until the limit, then 429', async () => {
    const codes = [];
    for (let i = 0; i < 8; i++) codes.push((await call(h.url, '/api/limits', { key: `zeph_${'B'.repeat(43)}` })).body.error?.code);
    assert.deepEqual(codes, [...Array(5).fill('INVALID_API_KEY'), ...Array(3).fill('RATE_LIMIT_EXCEEDED')]);
  });
});

describe('headers on every answer', () => {
  let h: Harness;
  before(async () => { h = await startServer(); });
  after(() => h.close());

  it('[A-GEN-6] a restrictive Permissions-Policy on pages, API answers and errors', async () => {
    for (const path of ['/', '/api/limits', '/api/secrets/AAAAAAAAAAAAAAAAAAAAAA', '/healthz', '/nowhere']) {
      const policy = (await call(h.url, path)).headers.get('permissions-policy') ?? '';
      assert.match(policy, /camera=\(\)/, path);
      assert.match(policy, /geolocation=\(\)/, path);
      assert.match(policy, /microphone=\(\)/, path);
    }
  });
});

/** One raw HTTP/1.1 exchange, so requests fetch() would refuse to send can be sent. */
function raw(url: string, request: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1', () => socket.write(request));
    let out = '';
    socket.on('data', (c) => { out += c.toString('latin1'); });
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = out.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

describe('every answer is the envelope, even for requests the router or the HTTP parser refuses', () => {
  let h: Harness;
  before(async () => { h = await startServer(); });
  after(() => h.close());

  const cases: [string, string, number, string][] = [
    ['a bare % in the path', 'GET /api/secrets/% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400, 'INVALID_URL'],
    ['percent-encoding that is not UTF-8', 'GET /api/secrets/%FF%FE HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400, 'INVALID_URL'],
    ['a 10,000-character id', `GET /api/secrets/${'a'.repeat(10_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 414, 'URI_TOO_LONG'],
    ['a raw non-ASCII path', 'GET /api/secrets/\u00e9\u00e9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400, 'INVALID_URL'],
    ['headers over 16 KB', `GET /api/limits HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(17_000)}\r\nConnection: close\r\n\r\n`, 431, 'HEADERS_TOO_LARGE'],
    ['a request line that is not HTTP', 'HELLO\r\n\r\n', 400, 'INVALID_HTTP_REQUEST'],
    ['a path-traversal probe on /assets/', 'GET /assets/%2e%2e/index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 404, 'NOT_FOUND'],
  ];
  for (const [what, request, status, code] of cases) {
    it(`[A-GEN-2] ${what} → ${status} ${code}, JSON, no-store and the security headers`, async () => {
      const r = await raw(h.url, request);
      assert.equal(r.status, status);
      assert.match(r.headers['content-type'] ?? '', /^application\/json/);
      assert.equal((JSON.parse(r.body) as { error: { code: string } }).error.code, code);
      assert.equal(r.headers['cache-control'], 'no-store');
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.match(r.headers['permissions-policy'] ?? '', /camera=\(\)/);
      assert.ok(r.headers['content-security-policy']);
    });
  }

  it('none of them logs at error level (they are the client\'s fault)', () => {
    assert.deepEqual(h.logs.filter((l) => /"level":(50|60)/.test(l)), []);
  });

  it('OPTIONS without an Origin is answered without a text/plain 400', async () => {
    const r = await raw(h.url, 'OPTIONS /api/secrets HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.ok(r.status === 204 || r.status === 200, String(r.status));
    assert.doesNotMatch(r.headers['content-type'] ?? '', /text\/plain/);
  });
});

describe('wrong methods', () => {
  let h: Harness;
  before(async () => { h = await startServer(); });
  after(() => h.close());

  const cases: [string, string, string][] = [
    ['POST', '/healthz', 'GET'], ['TRACE', '/api/limits', 'GET'], ['QUERY', '/api/secrets/AAAAAAAAAAAAAAAAAAAAAA', 'DELETE, GET'], ['GET', '/api/secrets/AAAAAAAAAAAAAAAAAAAAAA/claim', 'POST'],
    ['DELETE', '/api/secrets', 'POST'], ['PUT', '/', 'GET'], ['PROPFIND', '/readyz', 'GET'], ['PATCH', '/openapi.json', 'GET'], ['POST', '/secret/AAAAAAAAAAAAAAAAAAAAAA', 'GET'],
  ];
  for (const [method, path, allow] of cases) {
    it(`[A-GEN-2] ${method} ${path} → 405 METHOD_NOT_ALLOWED with Allow: ${allow}`, async () => {
      const r = await raw(h.url, `${method} ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{}`);
      assert.equal(r.status, 405);
      assert.equal(r.headers.allow, allow);
      assert.equal((JSON.parse(r.body) as { error: { code: string } }).error.code, 'METHOD_NOT_ALLOWED');
    });
  }

  it('unknown paths stay 404, and a wrong method never consumes', async () => {
    assert.equal((await raw(h.url, 'POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')).status, 404);
    const made = await create(h);
    const id = (made.body as { id: string }).id;
    assert.equal((await raw(h.url, `QUERY /api/secrets/${id} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`)).status, 405);
    assert.equal((await call(h.url, `/api/secrets/${id}`)).status, 200);
  });
});
