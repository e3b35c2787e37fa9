// The facts of shared/reference/published-clients.md, as the published npm 1.3.x and PyPI 0.5.x
// clients put them on the wire: Python's spacing and header casing, legacy expiry_hours, exact
// statuses and shapes.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { claimForKey, encryptSecret } from 'zephr';
import { type Harness, startServer } from '@zephr/test-support';

const REFERENCE_BLOB = 'eyJpdiI6Im9LR2lvNlNscHFlb3FhcXIiLCJjaXBoZXJ0ZXh0Ijoiam4wUVFTcnJlTm9TRGZYcDN1WTFCOVpFdXpoOElHQkdaTU9KIn0';

/** A request shaped like Python's urllib: re-cased header names, Connection: close, spaced JSON. */
function urllibStyle(url: string, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; raw: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = httpRequest({ host: u.hostname, port: u.port, path, method, agent: false, headers: { 'Accept-encoding': 'identity', Connection: 'close', 'User-agent': 'zephr-python/0.5.0', ...headers, ...(body && { 'Content-type': 'application/json', 'Content-length': String(Buffer.byteLength(body)) }) } }, (res) => {
      let raw = '';
      res.on('data', (c) => { raw += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, raw }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('published clients', () => {
  let h: Harness;
  before(async () => { h = await startServer({ ZEPHR_ANON_DAILY_CREATES: '100' }); });
  after(() => h.close());

  it('[A-GEN-1][A-CREATE-2][A-IDEM-2] Python 0.5.0: spaced JSON, re-cased Idempotency-key, replay answers exactly 201 with the same body', async () => {
    const body = JSON.stringify({ encrypted_blob: REFERENCE_BLOB, expiry: 60, split_url_mode: false }).replaceAll('":', '": ').replaceAll(',"', ', "');
    assert.match(body, /"expiry": 60, "split_url_mode": false/);
    const headers = { 'Idempotency-key': '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f' };
    const first = await urllibStyle(h.url, 'POST', '/api/secrets', body, headers);
    const replay = await urllibStyle(h.url, 'POST', '/api/secrets', body, headers);
    assert.equal(first.status, 201);
    assert.equal(replay.status, 201);
    assert.equal(replay.raw, first.raw);
    const parsed = JSON.parse(first.raw) as { id: string; expires_at: string };
    assert.deepEqual(Object.keys(parsed), ['id', 'expires_at']);
    assert.match(parsed.id, /^[A-Za-z0-9_-]{22}$/);
    assert.match(parsed.expires_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.ok(!first.raw.endsWith('\n') && !parsed.id.includes('='));

    const got = await urllibStyle(h.url, 'GET', `/api/secrets/${parsed.id}`);
    assert.equal(got.status, 200);
    assert.equal((JSON.parse(got.raw) as { encrypted_blob: string }).encrypted_blob, REFERENCE_BLOB, 'the reference blob comes back byte for byte');
    const again = await urllibStyle(h.url, 'GET', `/api/secrets/${parsed.id}`);
    assert.equal(again.status, 410);
    assert.deepEqual(JSON.parse(again.raw), { error: { code: 'SECRET_ALREADY_CONSUMED', message: 'Secret has already been consumed' } });
  });

  it('[A-CREATE-2] npm 1.2.0 / PyPI 0.3.0: legacy expiry_hours: 1 is 60 minutes', async () => {
    const r = await urllibStyle(h.url, 'POST', '/api/secrets', JSON.stringify({ encrypted_blob: REFERENCE_BLOB, expiry_hours: 1, split_url_mode: true }), { 'User-agent': 'zephr-js/undefined' });
    assert.equal(r.status, 201, r.raw);
    assert.equal(Date.parse((JSON.parse(r.raw) as { expires_at: string }).expires_at) - h.now(), 3_600_000);
  });

  it('[A-GEN-2] every error the clients can see is an envelope with code and message', async () => {
    const r = await urllibStyle(h.url, 'POST', '/api/secrets', '{"encrypted_blob": 5}');
    assert.equal(r.status, 400);
    const e = JSON.parse(r.raw) as { error: { code: string; message: string } };
    assert.deepEqual(Object.keys(e), ['error']);
    assert.deepEqual(Object.keys(e.error), ['code', 'message']);
    assert.equal(e.error.code, 'INVALID_ENCRYPTED_BLOB_TYPE');
  });

  it('[A-GET-7] a published client opening a claimed link gets 404 SECRET_NOT_FOUND, saying where it opens; the secret stays', async () => {
    const sealed = await encryptSecret('made by a current client');
    const claim = await claimForKey(sealed.key);
    const made = await urllibStyle(h.url, 'POST', '/api/secrets', JSON.stringify({ encrypted_blob: sealed.blob, expiry: 60, split_url_mode: false, claim_hash: claim.hash }));
    const id = (JSON.parse(made.raw) as { id: string }).id;
    for (let i = 0; i < 2; i++) {
      const got = await urllibStyle(h.url, 'GET', `/api/secrets/${id}`);
      assert.equal(got.status, 404);
      const e = JSON.parse(got.raw) as { error: { code: string; message: string } };
      assert.equal(e.error.code, 'SECRET_NOT_FOUND');
      assert.match(e.error.message, /^Secret not found\. Links made by current Zephr clients open only with their key/);
    }
    const opened = await urllibStyle(h.url, 'POST', `/api/secrets/${id}/claim`, JSON.stringify({ claim: claim.token }));
    assert.equal(opened.status, 200);
    assert.equal((JSON.parse(opened.raw) as { encrypted_blob: string }).encrypted_blob, sealed.blob);
  });
});
