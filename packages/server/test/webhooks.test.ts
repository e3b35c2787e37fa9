// Webhooks end to end over real loopback HTTP(S): signed secret.consumed and secret.expired
// deliveries, retries and their limit, no redirect following, the callback secret sealed at rest
// and destroyed after delivery, and nothing secret in the logs. The SSRF guard and the server key
// have their own files (webhook-guard.test.ts, server-key.test.ts).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { eventBody, signBody } from '../src/webhooks/event-body.js';
import { type Lookup, systemLookup } from '../src/webhooks/outbound-guard.js';
import { blob, call, create, type Harness, newKey, startServer, until } from '@zephr/test-support';
import { pending, receiver, rescheduled, SIGNING, UUID } from './support/webhook-receiver.js';

describe('webhook signature and body', () => {
  it('[A-HOOK-1] the reference vector: exact body bytes and lowercase hex HMAC-SHA256', () => {
    const body = eventBody({ event: 'secret.consumed', eventId: '550e8400-e29b-41d4-a716-446655440000', secretId: 'Ht7kR2mNqP3wXvYz8aB4cD', occurredAt: Date.parse('2026-03-22T14:32:00.000Z'), hint: 'DB_PASSWORD_PROD' });
    assert.equal(body, '{"event":"secret.consumed","event_id":"550e8400-e29b-41d4-a716-446655440000","secret_id":"Ht7kR2mNqP3wXvYz8aB4cD","occurred_at":"2026-03-22T14:32:00.000Z","hint":"DB_PASSWORD_PROD"}');
    assert.equal(signBody(body, SIGNING), '7d8e95d2feaca97b547e8359d1156c1b75f9e56827a98c2d735c4aeb4be7003c');
    assert.doesNotMatch(eventBody({ event: 'secret.expired', eventId: 'e', secretId: 's', occurredAt: 0, hint: null }), /hint/);
  });
});

describe('webhook delivery (allow flags on, loopback receivers)', () => {
  let h: Harness;
  let key: string;
  const lookups: string[] = [];
  const lookup: Lookup = async (name) => {
    lookups.push(name);
    return name === 'hooks.test' ? [{ address: '127.0.0.1', family: 4 }] : systemLookup(name);
  };
  before(async () => {
    h = await startServer({ ZEPHR_WEBHOOK_ALLOW_PRIVATE: '1', ZEPHR_WEBHOOK_ALLOW_HTTP: '1', ZEPHR_METRICS: '1' }, {
      config: { webhooks: { allowPrivate: true, allowHttp: true, timeoutMs: 1000, retryDelaysMs: [1000, 5000], pollMs: 20 } },
      deps: { webhookLookup: lookup },
    });
    h.services.webhooks.start();
    key = await newKey(h.store, 'dev');
  });
  after(async () => { await h?.close(); });

  async function hooked(url: string, fields: Record<string, unknown> = {}): Promise<string> {
    const r = await create(h, { callback_url: url, callback_secret: SIGNING, hint: 'DB_PROD', ...fields }, { key });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return (r.body as { id: string }).id;
  }

  it('says loudly at start that the allow flags are on', () => {
    const warnings = h.logs.filter((l) => l.includes('"level":40')).join('\n');
    assert.match(warnings, /ZEPHR_WEBHOOK_ALLOW_PRIVATE is on/);
    assert.match(warnings, /ZEPHR_WEBHOOK_ALLOW_HTTP is on/);
  });

  it('[A-HOOK-2] on consume: one signed POST with the documented body and headers; the read never waits for it', async () => {
    let release: () => void = () => undefined;
    const rx = await receiver([200], { gate: new Promise<void>((r) => { release = r; }) });
    try {
      const id = await hooked(`${rx.url}/zephr-events?team=ops`);
      // The receiver holds its reply until released, after the retrieve has answered: if the
      // retrieve waited for the delivery, this would never complete.
      const got = await call(h.url, `/api/secrets/${id}`);
      assert.equal(got.status, 200);
      await until(() => rx.hits.length === 1, 'the delivery');
      release();
      const hit = rx.hits[0]!;
      assert.equal(hit.method, 'POST');
      assert.equal(hit.url, '/zephr-events?team=ops');
      assert.equal(hit.headers['content-type'], 'application/json');
      assert.equal(hit.headers.host, `127.0.0.1:${rx.port}`);
      assert.equal(hit.headers['x-zephr-signature'], createHmac('sha256', SIGNING).update(hit.body).digest('hex'));
      const event = JSON.parse(hit.body) as Record<string, string>;
      assert.deepEqual(Object.keys(event), ['event', 'event_id', 'secret_id', 'occurred_at', 'hint']);
      assert.equal(event.event, 'secret.consumed');
      assert.match(event.event_id!, UUID);
      assert.equal(event.secret_id, id);
      assert.equal(event.occurred_at, new Date(h.now()).toISOString());
      assert.equal(event.hint, 'DB_PROD');
      await until(() => pending(h).n === 0, 'the delivered event to be deleted');
    } finally {
      await rx.close();
    }
  });

  it('[A-HOOK-3] on expiry unread: exactly one secret.expired, fired by the sweeper; consumed secrets get none', async () => {
    const rx = await receiver();
    try {
      const unread = await hooked(`${rx.url}/e`, { expiry: 5 });
      const read = await hooked(`${rx.url}/e`, { expiry: 5 });
      assert.equal((await call(h.url, `/api/secrets/${read}`)).status, 200);
      await until(() => rx.hits.length === 1, 'the consumed event');
      h.advance(5 * 60_000);
      await Promise.all([h.services.service.sweepBatch(100), h.services.service.sweepBatch(100)]);
      await h.services.service.sweepBatch(100);
      await until(() => rx.hits.length === 2, 'the expired event');
      await h.services.webhooks.runOnce();
      const expired = JSON.parse(rx.hits[1]!.body) as Record<string, string>;
      assert.equal(expired.event, 'secret.expired');
      assert.equal(expired.secret_id, unread);
      assert.equal(expired.hint, 'DB_PROD');
      assert.equal(rx.hits[1]!.headers['x-zephr-signature'], signBody(rx.hits[1]!.body, SIGNING));
      assert.equal(rx.hits.length, 2, 'no duplicate from the concurrent sweeps');
    } finally {
      await rx.close();
    }
  });

  it('[A-HOOK-4] network errors and 5xx are retried with backoff under the same event_id and bytes; at most 3 attempts', async () => {
    const flaky = await receiver([503, 502, 200]);
    const dead = await receiver([500]);
    try {
      const a = await hooked(`${flaky.url}/f`);
      const b = await hooked(`${dead.url}/d`);
      await call(h.url, `/api/secrets/${a}`);
      await call(h.url, `/api/secrets/${b}`);
      await until(() => flaky.hits.length === 1 && dead.hits.length === 1, 'first attempts');
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(flaky.hits.length, 1, 'no retry before its time');
      // The clock moves only once both retries are scheduled: a retry is due `delay` after the
      // moment its failure is recorded, which can come just after the receiver saw the request.
      await until(() => rescheduled(h, 1) === 2, 'both first failures rescheduled');
      h.advance(1000);
      await until(() => flaky.hits.length === 2 && dead.hits.length === 2, 'second attempts');
      await until(() => rescheduled(h, 2) === 2, 'both second failures rescheduled');
      h.advance(5000);
      await until(() => flaky.hits.length === 3 && dead.hits.length === 3, 'third attempts');
      h.advance(60_000);
      await h.services.webhooks.runOnce();
      assert.equal(dead.hits.length, 3, 'gives up after 3 attempts');
      assert.equal(new Set(flaky.hits.map((x) => x.body)).size, 1, 'the same bytes every time');
      assert.equal(new Set(flaky.hits.map((x) => x.headers['x-zephr-signature'])).size, 1);
      assert.equal(new Set(dead.hits.map((x) => JSON.parse(x.body).event_id as string)).size, 1);
      assert.equal(pending(h).n, 0, 'given-up and delivered events are both gone, sealed secrets with them');
      const log = h.logs.join('\n');
      assert.match(log, /"outcome":"retry"/);
      assert.match(log, /"outcome":"failed"/);
      const metrics = await (await fetch(`${h.url}/metrics`)).text();
      assert.match(metrics, /zephr_webhook_deliveries_total\{outcome="retry"\} [1-9]/);
      assert.match(metrics, /zephr_webhook_deliveries_total\{outcome="delivered"\} [1-9]/);
    } finally {
      await flaky.close();
      await dead.close();
    }
  });

  it('a refused connection is retried; a 4xx is final', async () => {
    const gone = await receiver();
    const goneUrl = gone.url;
    await gone.close();
    const picky = await receiver([400]);
    try {
      const a = await hooked(`${goneUrl}/x`);
      const b = await hooked(`${picky.url}/x`);
      await call(h.url, `/api/secrets/${a}`);
      await call(h.url, `/api/secrets/${b}`);
      await until(() => picky.hits.length === 1 && h.logs.some((l) => l.includes('ECONNREFUSED')), 'attempts');
      h.advance(1000);
      await h.services.webhooks.runOnce();
      assert.equal(picky.hits.length, 1);
      assert.equal(h.logs.filter((l) => l.includes('ECONNREFUSED')).length, 2, 'the refused one was tried again');
      h.advance(5000);
      await h.services.webhooks.runOnce();
    } finally {
      await picky.close();
    }
  });

  it('redirects are not followed', async () => {
    const target = await receiver();
    const redirector = await receiver([302], { location: `${target.url}/stolen` });
    try {
      await call(h.url, `/api/secrets/${await hooked(`${redirector.url}/r`)}`);
      await until(() => redirector.hits.length === 1, 'the attempt');
      h.advance(60_000);
      await h.services.webhooks.runOnce();
      assert.equal(target.hits.length, 0);
      assert.equal(redirector.hits.length, 1, 'a 3xx is final, not retried');
    } finally {
      await target.close();
      await redirector.close();
    }
  });

  it('resolves once per attempt and connects to the checked address, keeping the name in Host', async () => {
    const rx = await receiver();
    try {
      lookups.length = 0;
      await call(h.url, `/api/secrets/${await hooked(`http://hooks.test:${rx.port}/n`)}`);
      await until(() => rx.hits.length === 1, 'delivery by name');
      assert.equal(rx.hits[0]!.headers.host, `hooks.test:${rx.port}`);
      assert.deepEqual(lookups, ['hooks.test']);
    } finally {
      await rx.close();
    }
  });

  it('https: the host name goes to TLS (SNI and certificate check) while the connection goes to the checked address', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zephr-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=hooks.test', '-addext', 'subjectAltName=DNS:hooks.test',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
      const tls = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
      const secure = await startServer({}, {
        config: { webhooks: { allowPrivate: true, allowHttp: false, timeoutMs: 1000, retryDelaysMs: [1000, 5000], pollMs: 20 } },
        deps: { webhookLookup: lookup, webhookCa: tls.cert },
      });
      const rx = await receiver([200], { tls });
      try {
        secure.services.webhooks.start();
        const k = await newKey(secure.store, 'dev');
        const ok = await create(secure, { callback_url: `https://hooks.test:${rx.port}/tls`, callback_secret: SIGNING }, { key: k });
        const wrongName = await create(secure, { callback_url: `https://127.0.0.1:${rx.port}/tls`, callback_secret: SIGNING }, { key: k });
        await call(secure.url, `/api/secrets/${(ok.body as { id: string }).id}`);
        await call(secure.url, `/api/secrets/${(wrongName.body as { id: string }).id}`);
        await until(() => rx.hits.length === 1 && secure.logs.some((l) => /ERR_TLS_CERT_ALTNAME_INVALID|altnames/.test(l)), 'one delivery and one certificate refusal');
        assert.equal(rx.hits[0]!.servername, 'hooks.test');
        assert.equal(rx.hits[0]!.headers.host, `hooks.test:${rx.port}`);
        const http = await create(secure, { callback_url: `http://hooks.test:${rx.port}/plain`, callback_secret: SIGNING }, { key: k });
        assert.equal(http.status, 400);
        assert.equal((http.body as { error: { code: string } }).error.code, 'INVALID_CALLBACK_URL_PROTOCOL');
      } finally {
        await rx.close();
        await secure.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('[A-HOOK-6] the callback secret is sealed at rest, destroyed after delivery, and never logged; the key file is 0600', async () => {
    const rx = await receiver([200], { holdMs: 300 });
    try {
      const marker = 'callback-secret-MARKER-7f3a';
      const body = await blob('blob for the at-rest check');
      const r = await create(h, { callback_url: `${rx.url}/s`, callback_secret: marker, encrypted_blob: body }, { key });
      const id = (r.body as { id: string }).id;
      const db = new Database(join(h.dir, 'zephr.db'), { readonly: true });
      const stored = db.prepare('SELECT callback_secret FROM secrets WHERE id = ?').get(id) as { callback_secret: string };
      assert.match(stored.callback_secret, /^v1\./);
      assert.ok(!stored.callback_secret.includes(marker));
      const file = readFileSync(join(h.dir, 'zephr.db')).toString('latin1') + readFileSync(join(h.dir, 'zephr.db-wal')).toString('latin1');
      assert.ok(!file.includes(marker), 'the plaintext callback secret is nowhere in the database files');
      assert.equal(statSync(join(h.dir, 'server.key')).mode & 0o777, 0o600);
      await call(h.url, `/api/secrets/${id}`);
      await until(() => rx.hits.length === 1, 'delivery');
      assert.equal(rx.hits[0]!.headers['x-zephr-signature'], signBody(rx.hits[0]!.body, marker));
      await until(() => pending(h, id).n === 0, 'the event row to go');
      assert.equal((db.prepare('SELECT callback_secret FROM secrets WHERE id = ?').get(id) as { callback_secret: string | null }).callback_secret, null);
      db.close();
      const logs = h.logs.join('\n');
      assert.ok(!logs.includes(marker) && !logs.includes(SIGNING), 'no callback secret in the logs');
      assert.ok(!logs.includes(body), 'no blob in the logs');
    } finally {
      await rx.close();
    }
  });
});
