// Claims over real HTTP on SQLite and on PostgreSQL (spec A-CLAIM-*, A-BURN-1, A-GET-7): a
// secret created with claim_hash is consumed, previewed or burned only by a request carrying its
// token; everything else is the 404 of an unknown id and changes nothing. Tokens are derived here
// with node:crypto, independently of the SDK.
import assert from 'node:assert/strict';
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decodeBase64Url, encryptSecret } from 'zephr';
import { systemLookup } from '../src/webhooks/outbound-guard.js';
import { call, type Harness, newKey, type Reply, startServer, startServerOn, until } from '@zephr/test-support';
import { receiver, SIGNING } from './support/webhook-receiver.js';

const b64 = (b: Buffer) => b.toString('base64url');
function claimOf(keyString: string): { token: string; hash: string } {
  const token = Buffer.from(hkdfSync('sha256', decodeBase64Url(keyString.slice(3)), Buffer.alloc(0), Buffer.from('zephr/v1/claim'), 32));
  return { token: b64(token), hash: b64(createHash('sha256').update(token).digest()) };
}
const randomToken = () => b64(randomBytes(32));

/** Everything of an answer a client could tell apart, minus what varies per request. */
function shape(r: Reply): unknown {
  const headers = [...r.headers.entries()].filter(([n]) => !['date', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'content-length'].includes(n));
  return { status: r.status, text: r.text, headers };
}

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`claims on ${engine}`, () => {
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

    async function claimed(fields: Record<string, unknown> = {}, init: { key?: string } = {}) {
      const sealed = await encryptSecret('the db password');
      const claim = claimOf(sealed.key);
      const r = await call(h.url, '/api/secrets', { body: { encrypted_blob: sealed.blob, expiry: 60, claim_hash: claim.hash, ...fields }, ...init });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return { id: r.body.id as string, blob: sealed.blob, ...claim };
    }
    const claimReq = (id: string, token: unknown, headers: Record<string, string> = {}) => call(h.url, `/api/secrets/${id}/claim`, { body: { claim: token }, headers });
    const peekReq = (id: string, token: unknown) => call(h.url, `/api/secrets/${id}/peek`, { body: { claim: token } });
    const burnReq = (id: string, token: unknown) => call(h.url, `/api/secrets/${id}`, { method: 'DELETE', body: { claim: token } });

    it('[A-GET-7] a plain GET of a claimed secret is 404 and consumes nothing, like curl of the id', async () => {
      const s = await claimed();
      for (let i = 0; i < 3; i++) {
        const r = await call(h.url, `/api/secrets/${s.id}`);
        assert.equal(r.status, 404);
        assert.equal(r.body.error?.code, 'SECRET_NOT_FOUND');
      }
      const unknown = await call(h.url, `/api/secrets/${randomToken().slice(0, 22)}`);
      assert.deepEqual(shape(await call(h.url, `/api/secrets/${s.id}`)), shape(unknown), 'a claimed id reads exactly like an unknown one');
      const got = await claimReq(s.id, s.token);
      assert.equal(got.status, 200);
      assert.equal(got.body.encrypted_blob, s.blob);
    });

    it('[A-CLAIM-2] a wrong token, or the token of another secret, is the 404 of an unknown id and consumes nothing', async () => {
      const s = await claimed({ hint: 'DB' });
      const other = await claimed();
      const unknownId = b64(randomBytes(16));
      const baseline = shape(await claimReq(unknownId, randomToken()));
      for (const token of [randomToken(), other.token, s.hash]) {
        const r = await claimReq(s.id, token);
        assert.equal(r.status, 404);
        assert.deepEqual(r.body, { error: { code: 'SECRET_NOT_FOUND', message: 'Secret not found' } });
        assert.deepEqual(shape(r), baseline, 'status, body and headers match an unknown id');
        assert.deepEqual(shape(await peekReq(s.id, token)), shape(await peekReq(unknownId, token)));
        assert.deepEqual(shape(await burnReq(s.id, token)), shape(await burnReq(unknownId, token)));
      }
      // Still there, and still unread, for the real recipient.
      const peek = await peekReq(s.id, s.token);
      assert.equal(peek.status, 200);
      assert.equal(peek.body.hint, 'DB');
      assert.equal((await claimReq(s.id, s.token)).status, 200);
      // Once consumed, a wrong token still learns nothing; the right one learns it was read.
      assert.deepEqual(shape(await claimReq(s.id, randomToken())), baseline);
      assert.equal((await claimReq(s.id, s.token)).body.error?.code, 'SECRET_ALREADY_CONSUMED');
    });

    it('[A-CLAIM-1] malformed claims and claim hashes get their own 400s, whatever the id', async () => {
      const s = await claimed();
      const cases: [unknown, number, string][] = [
        [undefined, 400, 'MISSING_CLAIM'], [null, 400, 'MISSING_CLAIM'], [42, 400, 'INVALID_CLAIM'], [s.token.slice(0, -1), 400, 'INVALID_CLAIM'],
        [s.token + 'A', 400, 'INVALID_CLAIM'], [s.token.slice(0, -1) + 'B', 400, 'INVALID_CLAIM'], ['v1.' + s.token.slice(3), 400, 'INVALID_CLAIM'],
      ];
      for (const [token, status, code] of cases) {
        for (const id of [s.id, 'AAAAAAAAAAAAAAAAAAAAAA']) {
          const r = await call(h.url, `/api/secrets/${id}/claim`, { body: token === undefined ? {} : { claim: token } });
          assert.equal(r.status, status, `${String(token)}`);
          assert.equal(r.body.error?.code, code);
        }
      }
      for (const body of ['[]', '"x"', 'null']) assert.equal((await call(h.url, `/api/secrets/${s.id}/claim`, { rawBody: body, headers: { 'content-type': 'application/json' } })).body.error?.code, 'INVALID_REQUEST_BODY');
      assert.equal((await call(h.url, `/api/secrets/${s.id}`, { method: 'DELETE' })).body.error?.code, 'INVALID_REQUEST_BODY');
      assert.equal((await claimReq(s.id, s.token, { 'idempotency-key': 'not valid!' })).body.error?.code, 'INVALID_IDEMPOTENCY_KEY');
      for (const bad of [42, '', 'x'.repeat(43), s.hash + 'A', s.hash.slice(0, -1) + 'B']) {
        const r = await call(h.url, '/api/secrets', { body: { encrypted_blob: s.blob, expiry: 60, claim_hash: bad } });
        assert.equal(r.status, 400);
        assert.equal(r.body.error?.code, 'INVALID_CLAIM_HASH', String(bad));
      }
      assert.equal((await call(h.url, '/api/secrets', { body: { encrypted_blob: s.blob, expiry: 60, claim_hash: null } })).status, 201, 'null is absent');
      assert.equal((await claimReq(s.id, s.token)).status, 200, 'none of that consumed it');
    });

    it('[A-CLAIM-4] a retry with the same token and Idempotency-Key gets the same 200; others get 410; the window closes', async () => {
      const s = await claimed({ hint: 'H' });
      const first = await claimReq(s.id, s.token, { 'idempotency-key': 'retry-1' });
      assert.equal(first.status, 200);
      h.advance(30_000);
      const retry = await claimReq(s.id, s.token, { 'idempotency-key': 'retry-1' });
      assert.equal(retry.status, 200);
      assert.equal(retry.text, first.text, 'byte for byte the same answer');
      assert.equal((await claimReq(s.id, s.token, { 'idempotency-key': 'retry-2' })).body.error?.code, 'SECRET_ALREADY_CONSUMED');
      assert.equal((await claimReq(s.id, s.token)).body.error?.code, 'SECRET_ALREADY_CONSUMED');
      assert.equal((await claimReq(s.id, randomToken(), { 'idempotency-key': 'retry-1' })).body.error?.code, 'SECRET_NOT_FOUND');
      h.advance(30_000);
      assert.equal((await claimReq(s.id, s.token, { 'idempotency-key': 'retry-1' })).body.error?.code, 'SECRET_ALREADY_CONSUMED', 'not after the window');
      const swept = await h.services.service.sweepBatch(1000);
      assert.ok(swept.released >= 1, 'the sweep destroys the retained blob');
    });

    it('[A-CLAIM-3] 20 secrets × 20 concurrent valid claims: exactly one 200 each; retries with the winner\'s key get the same body', async () => {
      const secrets = await Promise.all(Array.from({ length: 20 }, () => claimed()));
      await Promise.all(secrets.map(async (s) => {
        const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => claimReq(s.id, s.token, { 'idempotency-key': `race-${i}` })));
        const winners = answers.flatMap((a, i) => (a.status === 200 ? [i] : []));
        assert.equal(winners.length, 1, JSON.stringify(answers.map((a) => a.status)));
        assert.ok(answers.every((a) => a.status === 200 || a.body.error?.code === 'SECRET_ALREADY_CONSUMED'));
        const again = await Promise.all(Array.from({ length: 3 }, () => claimReq(s.id, s.token, { 'idempotency-key': `race-${winners[0]}` })));
        for (const a of again) assert.equal(a.text, answers[winners[0]!]!.text);
      }));
    });

    it('[A-PEEK-1] peek shows hint, created_at and expires_at without consuming; after a read or expiry it says why', async () => {
      const s = await claimed({ hint: 'PROD_DB' });
      const created = h.now();
      for (let i = 0; i < 2; i++) {
        const r = await peekReq(s.id, s.token);
        assert.equal(r.status, 200);
        assert.deepEqual(r.body, { created_at: new Date(created).toISOString(), expires_at: new Date(created + 3_600_000).toISOString(), hint: 'PROD_DB' });
        assert.equal(r.headers.get('cache-control'), 'no-store');
      }
      assert.equal((await claimReq(s.id, s.token)).status, 200);
      assert.equal((await peekReq(s.id, s.token)).body.error?.code, 'SECRET_ALREADY_CONSUMED');
      const later = await claimed();
      h.advance(3_600_000);
      assert.equal((await peekReq(later.id, later.token)).body.error?.code, 'SECRET_EXPIRED');
      assert.equal((await peekReq(later.id, randomToken())).body.error?.code, 'SECRET_NOT_FOUND');
      assert.equal((await claimReq(later.id, later.token)).body.error?.code, 'SECRET_EXPIRED');
    });

    it('[A-BURN-1] burn: 204, later claims 410 SECRET_BURNED, a signed secret.burned webhook, burning again 204', async () => {
      const rx = await receiver();
      try {
        const s = await claimed({ hint: 'TO_BURN', callback_url: `${rx.url}/hook`, callback_secret: SIGNING }, { key: apiKey });
        const burned = await burnReq(s.id, s.token);
        assert.equal(burned.status, 204);
        assert.equal(burned.text, '');
        assert.equal((await claimReq(s.id, s.token)).body.error?.code, 'SECRET_BURNED');
        assert.equal((await claimReq(s.id, s.token)).status, 410);
        assert.equal((await peekReq(s.id, s.token)).body.error?.code, 'SECRET_BURNED');
        assert.equal((await claimReq(s.id, randomToken())).body.error?.code, 'SECRET_NOT_FOUND', 'a stranger still learns nothing');
        assert.equal((await burnReq(s.id, s.token)).status, 204, 'burning again is fine');
        await until(() => rx.hits.length >= 1, 'the burned event');
        await new Promise((r) => setTimeout(r, 200));
        assert.equal(rx.hits.length, 1, 'one event');
        const hit = rx.hits[0]!;
        assert.equal(hit.headers['x-zephr-event'], 'secret.burned');
        assert.equal(hit.headers['x-zephr-signature'], createHmac('sha256', SIGNING).update(hit.body).digest('hex'));
        const event = JSON.parse(hit.body) as Record<string, string>;
        assert.deepEqual(Object.keys(event), ['event', 'event_id', 'secret_id', 'occurred_at', 'hint']);
        assert.equal(event.event, 'secret.burned');
        assert.equal(event.secret_id, s.id);
        assert.equal(event.hint, 'TO_BURN');
        const read = await claimed();
        assert.equal((await claimReq(read.id, read.token)).status, 200);
        assert.equal((await burnReq(read.id, read.token)).body.error?.code, 'SECRET_ALREADY_CONSUMED', 'the sender learns it was read');
      } finally {
        await rx.close();
      }
    });

    it('[A-CLAIM-1] published-client compatibility: a secret without claim_hash opens by GET as before, and by any claim', async () => {
      const plain = await call(h.url, '/api/secrets', { body: { encrypted_blob: (await encryptSecret('x')).blob, expiry: 60, split_url_mode: false } });
      assert.equal((await call(h.url, `/api/secrets/${plain.body.id as string}`)).status, 200);
      assert.equal((await call(h.url, `/api/secrets/${plain.body.id as string}`)).body.error?.code, 'SECRET_ALREADY_CONSUMED');
      const viaClaim = await call(h.url, '/api/secrets', { body: { encrypted_blob: (await encryptSecret('y')).blob, expiry: 60 } });
      assert.equal((await claimReq(viaClaim.body.id as string, randomToken())).status, 200);
    });

    it('never logs a claim token or claim hash', async () => {
      const s = await claimed();
      await claimReq(s.id, s.token, { 'idempotency-key': 'log-check' });
      await peekReq(s.id, s.token);
      await burnReq(s.id, s.token);
      const logs = h.logs.join('\n');
      assert.ok(!logs.includes(s.token), 'token logged');
      assert.ok(!logs.includes(s.hash), 'hash logged');
      assert.ok(!logs.includes(s.id), 'whole id logged');
    });
  });
}

describe('claim retry window 0', () => {
  let h: Harness;
  before(async () => { h = await startServer({ ZEPHR_CLAIM_RETRY_WINDOW_SECONDS: '0' }); });
  after(() => h.close());

  it('[A-CLAIM-4] turns retries off: the blob goes with the first 200', async () => {
    const sealed = await encryptSecret('s');
    const c = claimOf(sealed.key);
    const made = await call(h.url, '/api/secrets', { body: { encrypted_blob: sealed.blob, expiry: 60, claim_hash: c.hash } });
    const path = `/api/secrets/${made.body.id as string}/claim`;
    assert.equal((await call(h.url, path, { body: { claim: c.token }, headers: { 'idempotency-key': 'k' } })).status, 200);
    assert.equal((await call(h.url, path, { body: { claim: c.token }, headers: { 'idempotency-key': 'k' } })).body.error?.code, 'SECRET_ALREADY_CONSUMED');
  });

  it('CORS preflight allows DELETE for burn', async () => {
    const r = await fetch(`${h.url}/api/secrets/AAAAAAAAAAAAAAAAAAAAAA`, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'DELETE' } });
    assert.match(r.headers.get('access-control-allow-methods') ?? '', /DELETE/);
  });
});
