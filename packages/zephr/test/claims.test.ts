// Claims through the SDK against a real zephr-server process (spec P-CLAIM-4, A-CLAIM-*): create
// binds the secret to its key by default; a wrong key consumes nothing; peek and burn; a lost
// claim answer is retried with the same Idempotency-Key; a server from before claims is read
// with the plain GET.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { ApiError, burnSecret, claimForKey, createSecret, peekSecret, retrieveSecret } from '../src/index.js';
import { type LiveServer, lossyProxy, startZephrServer } from '@zephr/test-support';

const wrongKey = (link: string) => link.replace(/#v1\..{43}$/, `#v1.${'A'.repeat(43)}`);
const rejectsWith = (code: string, status: number) => (e: unknown) => e instanceof ApiError && e.code === code && e.statusCode === status;

describe('claims through the SDK', () => {
  let server: LiveServer;
  before(async () => { server = await startZephrServer(); });
  after(() => server.stop());

  it('[P-CLAIM-4] create sends the claim hash by default: a plain GET of the id is 404 and burns nothing', async () => {
    const link = (await createSecret('bound to its key', { baseUrl: server.url })) as { fullLink: string; secretId: string };
    const get = await fetch(`${server.url}/api/secrets/${link.secretId}`);
    assert.equal(get.status, 404);
    assert.equal((await retrieveSecret(link.fullLink)).plaintext, 'bound to its key');
  });

  it('[A-CLAIM-2] a wrong key is SECRET_NOT_FOUND and leaves the secret for the right key, standard and split', async () => {
    const link = (await createSecret('still here', { baseUrl: server.url })) as { fullLink: string };
    for (let i = 0; i < 3; i++) await assert.rejects(retrieveSecret(wrongKey(link.fullLink)), rejectsWith('SECRET_NOT_FOUND', 404));
    assert.equal((await retrieveSecret(link.fullLink)).plaintext, 'still here');
    const split = (await createSecret('split, still here', { baseUrl: server.url, split: true })) as { url: string; key: string };
    await assert.rejects(retrieveSecret({ url: split.url, key: `v1.${'B'.repeat(42)}A` }), rejectsWith('SECRET_NOT_FOUND', 404));
    assert.equal((await retrieveSecret(split)).plaintext, 'split, still here');
  });

  it('[A-PEEK-1] peekSecret shows hint and times without consuming; [A-BURN-1] burnSecret destroys it', async () => {
    const link = (await createSecret('peek then burn', { baseUrl: server.url, hint: 'DB', expiry: 60 })) as { fullLink: string; expiresAt: string };
    const info = await peekSecret(link.fullLink);
    assert.deepEqual(info, { hint: 'DB', createdAt: info.createdAt, expiresAt: link.expiresAt });
    assert.ok(Date.parse(info.createdAt) <= Date.now());
    assert.deepEqual(await peekSecret(link.fullLink), info, 'peeking again changes nothing');
    await assert.rejects(peekSecret(wrongKey(link.fullLink)), rejectsWith('SECRET_NOT_FOUND', 404));
    await assert.rejects(burnSecret(wrongKey(link.fullLink)), rejectsWith('SECRET_NOT_FOUND', 404));
    await burnSecret(link.fullLink);
    await burnSecret(link.fullLink);
    await assert.rejects(retrieveSecret(link.fullLink), rejectsWith('SECRET_BURNED', 410));
    await assert.rejects(peekSecret(link.fullLink), rejectsWith('SECRET_BURNED', 410));
    const read = (await createSecret('read', { baseUrl: server.url })) as { fullLink: string };
    await retrieveSecret(read.fullLink);
    await assert.rejects(burnSecret(read.fullLink), rejectsWith('SECRET_ALREADY_CONSUMED', 410));
  });

  it('[A-CLAIM-4] a claim whose answer is lost is retried with the same Idempotency-Key and still opens', async () => {
    const link = (await createSecret('lost answer', { baseUrl: server.url })) as { fullLink: string };
    const proxy = await lossyProxy(server.url, 1);
    try {
      assert.equal((await retrieveSecret(link.fullLink, { baseUrl: proxy.url })).plaintext, 'lost answer');
      const seen = proxy.seen();
      assert.equal(seen.length, 2);
      assert.ok(seen[0]!.idempotencyKey);
      assert.equal(seen[1]!.idempotencyKey, seen[0]!.idempotencyKey);
    } finally {
      await proxy.close();
    }
    await assert.rejects(retrieveSecret(link.fullLink), rejectsWith('SECRET_ALREADY_CONSUMED', 410), 'a fresh claim is not a retry');
  });

  it('[P-CLAIM-4] claim: false makes a secret the published clients can open with GET', async () => {
    const link = (await createSecret('for an old client', { baseUrl: server.url, claim: false })) as { fullLink: string; secretId: string };
    const get = await fetch(`${server.url}/api/secrets/${link.secretId}`);
    assert.equal(get.status, 200);
  });

  it('[P-CLAIM-4] against a server from before claims (no claim route), retrieve falls back to the plain GET', async () => {
    // An older server: the API as it was, with no claim or peek route (a proxy that refuses them).
    const old = createServer(async (req, res) => {
      if (/\/(claim|peek)$/.test(req.url ?? '') || req.method === 'DELETE') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NOT_FOUND","message":"Not found"}}');
        return;
      }
      const upstream = await fetch(server.url + req.url, { method: req.method });
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
    });
    await new Promise<void>((r) => old.listen(0, '127.0.0.1', r));
    const oldUrl = `http://127.0.0.1:${(old.address() as { port: number }).port}`;
    try {
      const link = (await createSecret('on an old server', { baseUrl: server.url, claim: false })) as { fullLink: string };
      assert.equal((await retrieveSecret(link.fullLink, { baseUrl: oldUrl })).plaintext, 'on an old server');
      await assert.rejects(peekSecret(link.fullLink, { baseUrl: oldUrl }), rejectsWith('NOT_FOUND', 404));
    } finally {
      old.closeAllConnections();
      await new Promise((r) => old.close(r));
    }
  });

  it('[P-CLAIM-1] the SDK derives the published vector', async () => {
    const c = await claimForKey('v1.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8');
    assert.deepEqual(c, { token: 'Q6hOym2g5x0S1bH5dhmjUiWMuH4yZf1Np2iJVKv0MAc', hash: 'tVkU4QKOObnPOoyas3D90rpSR9KYx-AHzXAqnrkuRp8' });
  });
});
