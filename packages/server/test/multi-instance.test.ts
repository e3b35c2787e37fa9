// Three real zephr-server processes on one PostgreSQL database, as behind a load balancer:
// consume-once under heavy contention, idempotent replays, exact quotas, shared API keys, and
// exactly one secret.expired per secret while every instance sweeps and delivers.
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { claimForKey, createSecret, decryptSecret, parseLink } from 'zephr';
import { SecretBox } from '../src/webhooks/server-key.js';
import { freshDatabase, type LiveServer, startZephrServer } from '@zephr/test-support';

const SECRETS = 200;
const CLIENTS = 30;
const SIGNING = 'multi-instance-signing';

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: { id?: string; error?: { code: string } } }> {
  const r = await fetch(`${url}/api/secrets`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as { id?: string; error?: { code: string } } };
}

describe('three instances on one PostgreSQL database', () => {
  let db: { url: string; drop(): Promise<void> };
  let nodes: LiveServer[];
  let serverKey: string;
  let blob: string;
  before(async () => {
    db = await freshDatabase();
    serverKey = randomBytes(32).toString('hex');
    const env = {
      ZEPHR_DATABASE_URL: db.url, ZEPHR_SECRET_KEY: serverKey, ZEPHR_ANON_DAILY_CREATES: '25', ZEPHR_TIERS: '{"free":{"creates":40}}',
      ZEPHR_SWEEP_INTERVAL_SECONDS: '1', ZEPHR_WEBHOOK_ALLOW_PRIVATE: '1', ZEPHR_WEBHOOK_ALLOW_HTTP: '1',
    };
    nodes = await Promise.all([0, 1, 2].map(() => startZephrServer(env)));
    blob = ((await import('zephr')).encodeBlob)({ iv: new Uint8Array(12), ciphertext: new Uint8Array(17) });
  });
  after(async () => {
    await Promise.all((nodes ?? []).map((n) => n.stop()));
    await db?.drop();
  });

  it(`[A-GET-2][A-CLAIM-3] ${SECRETS} claimed secrets, each raced by ${CLIENTS} valid claims across the instances: exactly one 200 per secret`, async () => {
    const apiKey = nodes[0]!.key('pro');
    const links = await Promise.all(Array.from({ length: SECRETS }, async (_, i) =>
      (await createSecret(`secret number ${i}`, { baseUrl: nodes[i % 3]!.url, apiKey })) as { fullLink: string; secretId: string }));
    let wins = 0;
    for (let start = 0; start < SECRETS; start += 20) {
      await Promise.all(links.slice(start, start + 20).map(async (link, offset) => {
        const { key } = parseLink(link.fullLink);
        const { token } = await claimForKey(key);
        const answers = await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
          const r = await fetch(`${nodes[c % 3]!.url}/api/secrets/${link.secretId}/claim`, {
            method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `client-${c}` }, body: JSON.stringify({ claim: token }),
          });
          return { status: r.status, body: (await r.json()) as { encrypted_blob?: string; error?: { code: string } } };
        }));
        const ok = answers.filter((a) => a.status === 200);
        assert.equal(ok.length, 1, `secret ${start + offset}: ${ok.length} clients got it`);
        assert.ok(answers.filter((a) => a.status !== 200).every((a) => a.status === 410 && a.body.error?.code === 'SECRET_ALREADY_CONSUMED'));
        assert.equal(await decryptSecret(ok[0]!.body.encrypted_blob!, key), `secret number ${start + offset}`);
        wins += 1;
      }));
    }
    assert.equal(wins, SECRETS);
  });

  it('a burst of 50 readers on each of 50 secrets at once (2,500 requests, pools of 10) queues for connections: no 503', async () => {
    const apiKey = nodes[0]!.key('pro');
    const made = await Promise.all(Array.from({ length: 50 }, async (_, i) =>
      (await createSecret(`burst ${i}`, { baseUrl: nodes[i % 3]!.url, apiKey, claim: false })) as { secretId: string }));
    const statuses = await Promise.all(made.flatMap((m) => Array.from({ length: 50 }, async (_, c) => {
      const r = await fetch(`${nodes[c % 3]!.url}/api/secrets/${m.secretId}`);
      await r.arrayBuffer();
      return { id: m.secretId, status: r.status };
    })));
    const count = (status: number) => statuses.filter((s) => s.status === status).length;
    assert.equal(count(503), 0, 'no request shed');
    assert.equal(count(200), 50, 'exactly one reader per secret got it');
    assert.equal(count(410), 2450);
    assert.equal(new Set(statuses.filter((s) => s.status === 200).map((s) => s.id)).size, 50);
  });

  it('[A-IDEM-2] an idempotent create replays the same secret whichever instance answers', async () => {
    const apiKey = nodes[1]!.key('dev');
    for (let k = 0; k < 10; k++) {
      const idem = `retry-${k}-${randomBytes(4).toString('hex')}`;
      const answers = await Promise.all(Array.from({ length: 9 }, (_, i) =>
        post(nodes[i % 3]!.url, { encrypted_blob: blob, expiry: 60 }, { authorization: `Bearer ${apiKey}`, 'idempotency-key': idem })));
      assert.ok(answers.every((a) => a.status === 201), JSON.stringify(answers.map((a) => a.status)));
      assert.equal(new Set(answers.map((a) => a.body.id)).size, 1, 'one secret for one key');
    }
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const owner = (await client.query<{ n: string }>("SELECT count(*) AS n FROM secrets WHERE owner_key_id IS NOT NULL AND created_at > $1 AND blob = $2", [Date.now() - 600_000, blob])).rows[0]!;
      assert.equal(Number(owner.n), 10, 'exactly ten secrets were stored');
    } finally {
      await client.end();
    }
  });

  it('[A-TIER-5] anonymous daily and keyed monthly quotas are exact under concurrency across instances', async () => {
    const anon = await Promise.all(Array.from({ length: 90 }, (_, i) => post(nodes[i % 3]!.url, { encrypted_blob: blob, expiry: 60 })));
    assert.equal(anon.filter((a) => a.status === 201).length, 25);
    assert.ok(anon.filter((a) => a.status !== 201).every((a) => a.status === 429 && a.body.error?.code === 'ANON_RATE_LIMIT_EXCEEDED'));
    const freeKey = nodes[2]!.key('free');
    const keyed = await Promise.all(Array.from({ length: 120 }, (_, i) => post(nodes[i % 3]!.url, { encrypted_blob: blob, expiry: 60 }, { authorization: `Bearer ${freeKey}` })));
    assert.equal(keyed.filter((a) => a.status === 201).length, 40);
    assert.ok(keyed.filter((a) => a.status !== 201).every((a) => a.status === 429 && a.body.error?.code === 'MONTHLY_LIMIT_EXCEEDED'));
  });

  it('[A-AUTH-1] a key made by the admin command works on every instance, and every instance is ready', async () => {
    const key = nodes[0]!.key('dev');
    for (const n of nodes) assert.equal((await post(n.url, { encrypted_blob: blob, expiry: 5 }, { authorization: `Bearer ${key}` })).status, 201);
    for (const n of nodes) assert.equal((await fetch(`${n.url}/readyz`)).status, 200);
  });

  it('[A-HOOK-3] with every instance sweeping and delivering, each expired secret gets exactly one secret.expired', async () => {
    const hits: { body: string; signature: string }[] = [];
    const rx = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c; });
      req.on('end', () => { hits.push({ body, signature: String(req.headers['x-zephr-signature']) }); res.end('ok'); });
    });
    await new Promise<void>((r) => rx.listen(0, '127.0.0.1', r));
    const hook = `http://127.0.0.1:${(rx.address() as { port: number }).port}/expired`;
    try {
      // Secrets created six minutes ago with a five-minute expiry, written as the server writes them.
      const box = new SecretBox(Buffer.from(serverKey, 'hex'));
      const ids = Array.from({ length: 60 }, () => randomBytes(16).toString('base64url'));
      const now = Date.now();
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        for (const id of ids) {
          await client.query(
            `INSERT INTO secrets (id, blob, created_at, expires_at, purge_at, hint, split_url_mode, owner_key_id, callback_url, callback_secret)
             VALUES ($1, $2, $3, $4, $5, 'OLD', false, 'key_x', $6, $7)`,
            [id, blob, now - 360_000, now - 60_000, now + 3_600_000, hook, box.seal(id, SIGNING)]);
        }
      } finally {
        await client.end();
      }
      const deadline = Date.now() + 20_000;
      while (new Set(hits.map((h) => JSON.parse(h.body).secret_id as string)).size < ids.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 2500)); // more sweeps on every instance: nothing more may come
      const events = hits.map((h) => JSON.parse(h.body) as { event: string; secret_id: string; event_id: string });
      assert.equal(events.length, ids.length, `${events.length} deliveries for ${ids.length} secrets`);
      assert.deepEqual(new Set(events.map((e) => e.secret_id)), new Set(ids));
      assert.ok(events.every((e) => e.event === 'secret.expired'));
      assert.ok(hits.every((h) => h.signature === createHmac('sha256', SIGNING).update(h.body).digest('hex')));
    } finally {
      await new Promise((r) => rx.close(r));
    }
  });
});
