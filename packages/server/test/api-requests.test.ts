// Requests over real HTTP on SQLite and on PostgreSQL (spec api.md §3.7, A-REQ-1..5): register,
// describe, fulfil once (a race of 20), receive by long-poll with proof of key, cancel, expiry,
// the request.fulfilled webhook, and that the server never sees the request's keys.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createRequestKeys, encryptSecret, openRequestBlob, requestClaim, sealForRequest } from 'zephr';
import { systemLookup } from '../src/webhooks/outbound-guard.js';
import { call, type Harness, newKey, startServer, startServerOn, until } from '@zephr/test-support';
import { receiver, SIGNING } from './support/webhook-receiver.js';

const MIN = 60_000;

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`requests on ${engine}`, () => {
    let h: Harness;
    let apiKey: string;
    before(async () => {
      const env = { ZEPHR_ANON_DAILY_CREATES: '100000', ZEPHR_WEBHOOK_ALLOW_PRIVATE: '1', ZEPHR_WEBHOOK_ALLOW_HTTP: '1' };
      const options = {
        config: { webhooks: { allowPrivate: true, allowHttp: true, timeoutMs: 1000, retryDelaysMs: [200, 200], pollMs: 20 } },
        deps: { webhookLookup: systemLookup },
      };
      h = await startServerOn(engine, env, options);
      h.services.webhooks.start();
      apiKey = await newKey(h.store, 'pro');
    });
    after(async () => {
      await h?.close();
    });

    /** A registered request: its id, the requester's keys and claim. */
    async function registered(fields: Record<string, unknown> = {}, init: { key?: string } = {}) {
      const keys = await createRequestKeys();
      const claim = await requestClaim(keys.privateKey);
      const r = await call(h.url, '/api/requests', { body: { expiry: 60, claim_hash: claim.hash, ...fields }, ...init });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return { id: r.body.id as string, expiresAt: r.body.expires_at as string, keys, ...claim };
    }
    const fulfil = async (id: string, blob: string) => call(h.url, `/api/requests/${id}/fulfil`, { body: { encrypted_blob: blob } });
    const receive = async (id: string, claim: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
      call(h.url, `/api/requests/${id}/receive`, { body: { claim, ...extra }, headers });
    const cancel = async (id: string, claim: string) => call(h.url, `/api/requests/${id}`, { method: 'DELETE', body: { claim } });

    it('[A-REQ-1] register: 201 {id, expires_at}; the claim hash is required and checked; the tier decides expiry and callbacks', async () => {
      const before = h.now();
      const r = await registered({ hint: 'prod db' });
      assert.match(r.id, /^[A-Za-z0-9_-]{22}$/);
      assert.equal(r.expiresAt, new Date(before + 60 * MIN).toISOString());
      assert.equal((await call(h.url, '/api/requests', { body: { expiry: 60 } })).body.error?.code, 'MISSING_CLAIM_HASH');
      assert.equal((await call(h.url, '/api/requests', { body: { expiry: 60, claim_hash: 'short' } })).body.error?.code, 'INVALID_CLAIM_HASH');
      assert.equal((await call(h.url, '/api/requests', { body: { claim_hash: r.hash } })).body.error?.code, 'MISSING_EXPIRY');
      assert.equal((await call(h.url, '/api/requests', { body: [] })).body.error?.code, 'INVALID_REQUEST_BODY');
      const long = await call(h.url, '/api/requests', { body: { expiry: 1440, claim_hash: r.hash } });
      assert.equal(long.status, 403);
      assert.equal(long.body.error?.code, 'UPGRADE_REQUIRED');
      assert.equal((await call(h.url, '/api/requests', { body: { expiry: 1440, claim_hash: r.hash }, key: apiKey })).status, 201);
      const hook = await call(h.url, '/api/requests', { body: { expiry: 60, claim_hash: r.hash, callback_url: 'https://hooks.example/x', callback_secret: SIGNING } });
      assert.equal(hook.body.error?.code, 'UPGRADE_REQUIRED', 'callbacks need an API key, as for secrets');
      const once = await call(h.url, '/api/requests', { body: { expiry: 60, claim_hash: r.hash }, headers: { 'idempotency-key': 'register-1' } });
      const again = await call(h.url, '/api/requests', { body: { expiry: 60, claim_hash: r.hash }, headers: { 'idempotency-key': 'register-1' } });
      assert.equal(again.status, 201);
      assert.deepEqual(again.body, once.body, 'a retry replays the first registration');
      assert.equal((await call(h.url, '/api/requests', { body: { expiry: 60, claim_hash: r.hash }, headers: { 'idempotency-key': 'bad key!' } })).body.error?.code, 'INVALID_IDEMPOTENCY_KEY');
    });

    it('[A-REQ-2] describe: hint, expiry and the size the requester\'s tier takes; 404 for an unknown id', async () => {
      const r = await registered({ hint: 'prod db' });
      const d = await call(h.url, `/api/requests/${r.id}`);
      assert.equal(d.status, 200);
      assert.deepEqual(d.body, { expires_at: r.expiresAt, max_secret_bytes: 6144, hint: 'prod db' });
      const keyed = await registered({}, { key: apiKey });
      assert.deepEqual((await call(h.url, `/api/requests/${keyed.id}`)).body, { expires_at: keyed.expiresAt, max_secret_bytes: 1_048_576 });
      const unknown = await call(h.url, '/api/requests/AAAAAAAAAAAAAAAAAAAAAA');
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.body, { error: { code: 'REQUEST_NOT_FOUND', message: 'Request not found' } });
      assert.equal((await call(h.url, '/api/requests/not-an-id')).body.error?.code, 'REQUEST_NOT_FOUND');
    });

    it('[A-REQ-3][A-REQ-4] fulfil, then receive: the requester opens what the sender sealed; the blob goes once', async () => {
      const r = await registered({ hint: 'prod db' });
      const f = await fulfil(r.id, await sealForRequest('s3cr3t ✓', r.keys.publicKey));
      assert.equal(f.status, 201, JSON.stringify(f.body));
      assert.equal(f.body.fulfilled_at, new Date(h.now()).toISOString());
      assert.equal(f.body.expires_at, new Date(h.now() + 60 * MIN).toISOString());
      assert.equal((await call(h.url, `/api/requests/${r.id}`)).body.error?.code, 'REQUEST_FULFILLED');
      const got = await receive(r.id, r.token);
      assert.equal(got.status, 200);
      assert.deepEqual(Object.keys(got.body).sort(), ['encrypted_blob', 'fulfilled_at', 'hint']);
      assert.equal(await openRequestBlob(got.body.encrypted_blob as string, r.keys.privateKey), 's3cr3t ✓');
      const again = await receive(r.id, r.token);
      assert.equal(again.status, 410);
      assert.equal(again.body.error?.code, 'SECRET_ALREADY_CONSUMED');
    });

    it('[A-REQ-3] of 20 concurrent fulfils exactly one gets 201; the rest 410 REQUEST_FULFILLED, and the requester gets the winner\'s', async () => {
      const r = await registered();
      const blobs = await Promise.all(Array.from({ length: 20 }, (_, i) => sealForRequest(`sender ${i}`, r.keys.publicKey)));
      const answers = await Promise.all(blobs.map((b) => fulfil(r.id, b)));
      const winners = answers.flatMap((a, i) => (a.status === 201 ? [i] : []));
      assert.equal(winners.length, 1, answers.map((a) => a.status).join(','));
      assert.ok(answers.every((a) => a.status === 201 || a.body.error?.code === 'REQUEST_FULFILLED'));
      const got = await receive(r.id, r.token);
      assert.equal(await openRequestBlob(got.body.encrypted_blob as string, r.keys.privateKey), `sender ${winners[0]}`);
    });

    it('[A-REQ-3] fulfil checks the request blob before anything, and the size against the requester\'s tier', async () => {
      const r = await registered();
      const secretBlob = (await encryptSecret('not for a request')).blob;
      const wrong = await fulfil(r.id, secretBlob);
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.error?.code, 'INVALID_ENCRYPTED_BLOB_FORMAT');
      assert.equal((await call(h.url, `/api/requests/${r.id}/fulfil`, { body: {} })).body.error?.code, 'MISSING_ENCRYPTED_BLOB');
      assert.equal((await fulfil(r.id, 'not base64url!')).body.error?.code, 'INVALID_ENCRYPTED_BLOB_ENCODING');
      const big = await fulfil(r.id, await sealForRequest('x'.repeat(6145), r.keys.publicKey));
      assert.equal(big.status, 413);
      assert.match(big.body.error?.message as string, /6,145 bytes|6\.0 KB/);
      assert.equal((await fulfil(r.id, await sealForRequest('x'.repeat(6144), r.keys.publicKey))).status, 201, 'exactly the limit fits');
      assert.equal((await fulfil('AAAAAAAAAAAAAAAAAAAAAA', await sealForRequest('x', r.keys.publicKey))).body.error?.code, 'REQUEST_NOT_FOUND');
    });

    it('[A-REQ-4] a wrong token is exactly an unknown id and consumes nothing; malformed claims and waits are 400', async () => {
      const r = await registered();
      await fulfil(r.id, await sealForRequest('kept', r.keys.publicKey));
      const stranger = await requestClaim((await createRequestKeys()).privateKey);
      const wrong = await receive(r.id, stranger.token);
      const unknown = await receive('AAAAAAAAAAAAAAAAAAAAAA', stranger.token);
      assert.equal(wrong.status, 404);
      assert.equal(wrong.text, unknown.text);
      assert.equal((await cancel(r.id, stranger.token)).status, 404);
      assert.equal((await receive(r.id, 'short')).body.error?.code, 'INVALID_CLAIM');
      assert.equal((await call(h.url, `/api/requests/${r.id}/receive`, { body: {} })).body.error?.code, 'MISSING_CLAIM');
      for (const wait of [31, -1, 1.5, '5']) assert.equal((await receive(r.id, r.token, { wait })).body.error?.code, 'INVALID_WAIT', `wait ${wait}`);
      assert.equal(await openRequestBlob((await receive(r.id, r.token)).body.encrypted_blob as string, r.keys.privateKey), 'kept', 'still there for its requester');
    });

    it('[A-REQ-4] long-poll: an open request answers 202 pending after the wait, and a waiting receive gets the secret as soon as it is sent', async () => {
      const r = await registered();
      const quick = await receive(r.id, r.token);
      assert.equal(quick.status, 202);
      assert.deepEqual(quick.body, { status: 'pending', expires_at: r.expiresAt });
      const started = Date.now();
      const waited = await receive(r.id, r.token, { wait: 1 });
      assert.equal(waited.status, 202);
      assert.ok(Date.now() - started >= 900, 'it held the call for the wait');
      const waiting = receive(r.id, r.token, { wait: 20 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal((await fulfil(r.id, await sealForRequest('arrived', r.keys.publicKey))).status, 201);
      const got = await waiting;
      assert.equal(got.status, 200, 'the waiting call, not a 202 after the full wait');
      assert.equal(await openRequestBlob(got.body.encrypted_blob as string, r.keys.privateKey), 'arrived');
    });

    it('[A-REQ-4] a receive retried with the same Idempotency-Key gets the same 200; anyone else 410', async () => {
      const r = await registered();
      await fulfil(r.id, await sealForRequest('retry me', r.keys.publicKey));
      const first = await receive(r.id, r.token, {}, { 'idempotency-key': 'receive-1' });
      const retry = await receive(r.id, r.token, {}, { 'idempotency-key': 'receive-1' });
      assert.equal(first.status, 200);
      assert.equal(retry.text, first.text);
      assert.equal((await receive(r.id, r.token, {}, { 'idempotency-key': 'receive-2' })).body.error?.code, 'SECRET_ALREADY_CONSUMED');
    });

    it('[A-REQ-2][A-REQ-4] expiry: an unfulfilled request is REQUEST_EXPIRED to everyone; a fulfilled one unreceived in time is SECRET_EXPIRED', async () => {
      const never = await registered();
      const late = await registered();
      await fulfil(late.id, await sealForRequest('too late', late.keys.publicKey));
      h.advance(60 * MIN);
      try {
        assert.equal((await call(h.url, `/api/requests/${never.id}`)).body.error?.code, 'REQUEST_EXPIRED');
        assert.equal((await fulfil(never.id, await sealForRequest('x', never.keys.publicKey))).body.error?.code, 'REQUEST_EXPIRED');
        assert.equal((await receive(never.id, never.token)).body.error?.code, 'REQUEST_EXPIRED');
        assert.equal((await receive(late.id, late.token)).body.error?.code, 'SECRET_EXPIRED');
      } finally {
        h.advance(-60 * MIN);
      }
    });

    it('[A-REQ-5] cancel: 204 (again 204); fulfils and receives then get REQUEST_CANCELLED; a waiting receive ends with it', async () => {
      const r = await registered();
      const waiting = receive(r.id, r.token, { wait: 20 });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const c = await cancel(r.id, r.token);
      assert.equal(c.status, 204);
      assert.equal(c.text, '');
      assert.equal((await waiting).body.error?.code, 'REQUEST_CANCELLED');
      assert.equal((await cancel(r.id, r.token)).status, 204);
      assert.equal((await fulfil(r.id, await sealForRequest('x', r.keys.publicKey))).body.error?.code, 'REQUEST_CANCELLED');
      assert.equal((await call(h.url, `/api/requests/${r.id}`)).body.error?.code, 'REQUEST_CANCELLED');
      assert.equal((await receive(r.id, r.token)).body.error?.code, 'REQUEST_CANCELLED');
    });

    it('[A-REQ-5] cancel after a fulfil destroys the secret unread; after a receive it is 410 SECRET_ALREADY_CONSUMED', async () => {
      const sent = await registered();
      await fulfil(sent.id, await sealForRequest('withdrawn', sent.keys.publicKey));
      assert.equal((await cancel(sent.id, sent.token)).status, 204);
      assert.equal((await receive(sent.id, sent.token)).body.error?.code, 'REQUEST_CANCELLED');
      const read = await registered();
      await fulfil(read.id, await sealForRequest('read', read.keys.publicKey));
      assert.equal((await receive(read.id, read.token)).status, 200);
      const late = await cancel(read.id, read.token);
      assert.equal(late.status, 410);
      assert.equal(late.body.error?.code, 'SECRET_ALREADY_CONSUMED');
    });

    it('[A-REQ-3] a request with a callback gets one signed request.fulfilled webhook, secret_id the request id', async () => {
      const rx = await receiver();
      try {
        const r = await registered({ hint: 'DB_PASSWORD', callback_url: `${rx.url}/hook`, callback_secret: SIGNING }, { key: apiKey });
        await fulfil(r.id, await sealForRequest('hooked', r.keys.publicKey));
        await until(() => rx.hits.length >= 1, 'the request.fulfilled event');
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.equal(rx.hits.length, 1);
        const hit = rx.hits[0]!;
        assert.equal(hit.headers['x-zephr-event'], 'request.fulfilled');
        assert.equal(hit.headers['x-zephr-signature'], createHmac('sha256', SIGNING).update(hit.body).digest('hex'));
        const event = JSON.parse(hit.body) as Record<string, string>;
        assert.deepEqual(Object.keys(event), ['event', 'event_id', 'secret_id', 'occurred_at', 'hint']);
        assert.equal(event.event, 'request.fulfilled');
        assert.equal(event.secret_id, r.id);
        assert.equal(event.hint, 'DB_PASSWORD');
        assert.equal((await receive(r.id, r.token)).status, 200, 'the secret itself has no callback of its own: no second event');
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.equal(rx.hits.length, 1);
      } finally {
        await rx.close();
      }
    });

    it('the server sees neither key: no public key, private key, claim token or plaintext in its logs or answers', async () => {
      const r = await registered({ hint: 'LOG_CHECK' });
      await call(h.url, `/api/requests/${r.id}`);
      await fulfil(r.id, await sealForRequest('plaintext-that-must-not-appear', r.keys.publicKey));
      await receive(r.id, r.token);
      const logs = h.logs.join('\n');
      for (const secret of [r.keys.publicKey.slice(3), r.keys.privateKey.slice(4), r.token, 'plaintext-that-must-not-appear']) {
        assert.ok(!logs.includes(secret), `a log line holds ${secret.slice(0, 8)}…`);
      }
      assert.ok(logs.includes('/api/requests/'), 'the requests were logged (redacted)');
    });
  });
}

describe('requests and shutdown', () => {
  it('a receive waiting when the server closes answers 202 pending at once', async () => {
    const h = await startServer();
    const keys = await createRequestKeys();
    const claim = await requestClaim(keys.privateKey);
    const r = await call(h.url, '/api/requests', { body: { expiry: 60, claim_hash: claim.hash } });
    const waiting = call(h.url, `/api/requests/${r.body.id as string}/receive`, { body: { claim: claim.token, wait: 30 } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    const closing = h.close();
    const answer = await waiting;
    await closing;
    assert.equal(answer.status, 202);
    assert.ok(Date.now() - started < 10_000, 'the drain did not wait out the 30 s');
  });
});
