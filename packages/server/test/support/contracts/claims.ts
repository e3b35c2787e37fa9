// The contract suite of claims (secret-store.ts consume/peek/burn with proof of key, spec
// A-CLAIM-*): nothing changes without the matching hash, retries within the window, burn.
// Written once; every engine runs it unchanged (test/sqlite-store.test.ts, test/postgres-store.test.ts).
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe } from 'node:test';
import type { NewSecret, Store } from '../../../src/store/store.js';
import { ev, type OpenStore, request, secret, storeTest, T } from './fixtures.js';

const hashOf = (token: Buffer) => createHash('sha256').update(token).digest('base64url');

/** A claimed secret and its proof (the hash a request with the right token presents). */
function claimed(overrides: Partial<NewSecret> = {}) {
  const token = randomBytes(32);
  const hash = hashOf(token);
  return { s: secret({ claimHash: hash, hint: 'H', ...overrides }), hash };
}

const wrong = () => hashOf(randomBytes(32));

/** Everything a refused request could have changed. */
async function snapshot(store: Store, id: string, hash: string) {
  return store.secrets.peek(id, T + 10, hash);
}

export function claimsContract(engine: string, open: OpenStore): void {
  const withStore = storeTest(open);

  describe(`Claims contract: ${engine}`, () => {
    withStore('[A-CLAIM-2] a claimed record is not_found to a GET and to a wrong hash, and stays intact', async ({ store }) => {
      const { s, hash } = claimed();
      await store.secrets.create(request(s));
      assert.deepEqual(await store.secrets.consume(s.id, T + 1, ev(), null), { kind: 'not_found' });
      assert.deepEqual(await store.secrets.consume(s.id, T + 1, ev(), { hash: wrong(), idempotencyKey: 'k', retainUntil: T + 60_000 }), { kind: 'not_found' });
      assert.deepEqual(await store.secrets.peek(s.id, T + 1, wrong()), { kind: 'not_found' });
      assert.deepEqual(await store.secrets.burn(s.id, T + 1, wrong(), ev()), { kind: 'not_found' });
      assert.deepEqual(await snapshot(store, s.id, hash), { kind: 'live', createdAt: s.createdAt, expiresAt: s.expiresAt, hint: 'H' });
      assert.deepEqual(await store.secrets.consume(s.id, T + 2, ev(), { hash, idempotencyKey: null, retainUntil: T + 2 }),
        { kind: 'consumed', blob: s.blob, hint: 'H', purgeAt: s.purgeAt, webhookQueued: false, replayed: false });
    });

    withStore('[A-CLAIM-2] after consume, expiry or purge a wrong hash still sees not_found; the right one sees why', async ({ store }) => {
      const a = claimed();
      const b = claimed();
      for (const x of [a, b]) await store.secrets.create(request(x.s));
      await store.secrets.consume(a.s.id, T + 1, ev(), { hash: a.hash, idempotencyKey: null, retainUntil: T + 1 });
      assert.deepEqual(await store.secrets.consume(a.s.id, T + 2, ev(), { hash: wrong(), idempotencyKey: null, retainUntil: T + 2 }), { kind: 'not_found' });
      assert.deepEqual(await store.secrets.consume(a.s.id, T + 2, ev(), null), { kind: 'not_found' });
      assert.deepEqual(await store.secrets.consume(a.s.id, T + 2, ev(), { hash: a.hash, idempotencyKey: null, retainUntil: T + 2 }), { kind: 'already_consumed' });
      const late = b.s.expiresAt;
      assert.deepEqual(await store.secrets.consume(b.s.id, late, ev(), { hash: wrong(), idempotencyKey: null, retainUntil: late }), { kind: 'not_found' });
      assert.deepEqual(await store.secrets.peek(b.s.id, late, b.hash), { kind: 'expired' });
      assert.deepEqual(await store.secrets.consume(b.s.id, late, ev(), { hash: b.hash, idempotencyKey: null, retainUntil: late }), { kind: 'expired' });
      assert.deepEqual(await store.secrets.consume(b.s.id, b.s.purgeAt, ev(), { hash: b.hash, idempotencyKey: null, retainUntil: b.s.purgeAt }), { kind: 'not_found' });
    });

    withStore('[A-CLAIM-4] a retry with the same hash and Idempotency-Key within the window gets the blob again; no one else does', async ({ store }) => {
      const { s, hash } = claimed({ callbackUrl: 'https://hooks.example/z', callbackSecret: 'v1.sealed' });
      await store.secrets.create(request(s));
      const first = await store.secrets.consume(s.id, T + 1, ev(), { hash, idempotencyKey: 'idem-1', retainUntil: T + 60_001 });
      assert.deepEqual(first, { kind: 'consumed', blob: s.blob, hint: 'H', purgeAt: s.purgeAt, webhookQueued: true, replayed: false });
      const retry = await store.secrets.consume(s.id, T + 30_000, ev(), { hash, idempotencyKey: 'idem-1', retainUntil: T + 90_000 });
      assert.deepEqual(retry, { kind: 'consumed', blob: s.blob, hint: 'H', purgeAt: s.purgeAt, webhookQueued: false, replayed: true });
      assert.deepEqual(await store.secrets.consume(s.id, T + 30_000, ev(), { hash, idempotencyKey: 'idem-2', retainUntil: T + 90_000 }), { kind: 'already_consumed' });
      assert.deepEqual(await store.secrets.consume(s.id, T + 30_000, ev(), { hash, idempotencyKey: null, retainUntil: T + 90_000 }), { kind: 'already_consumed' });
      assert.deepEqual(await store.secrets.consume(s.id, T + 30_000, ev(), { hash: wrong(), idempotencyKey: 'idem-1', retainUntil: T + 90_000 }), { kind: 'not_found' });
      assert.deepEqual(await store.secrets.peek(s.id, T + 30_000, hash), { kind: 'already_consumed' });
      assert.equal((await store.outbox.claim(T + 30_000, T + 90_000, 10)).length, 1, 'one webhook event for the claim and its retry');
      // The window closes: the retry is refused even before a sweep, and the sweep destroys the blob.
      assert.deepEqual(await store.secrets.consume(s.id, T + 60_001, ev(), { hash, idempotencyKey: 'idem-1', retainUntil: T + 120_000 }), { kind: 'already_consumed' });
      assert.equal((await store.secrets.sweep(T + 60_000, 100, ev)).released, 0);
      assert.equal((await store.secrets.sweep(T + 60_001, 100, ev)).released, 1);
      assert.equal((await store.secrets.sweep(T + 60_002, 100, ev)).released, 0);
    });

    withStore('[A-CLAIM-4] without an Idempotency-Key, with a closed window, or for an unclaimed record, the blob goes at once', async ({ store }) => {
      const a = claimed();
      const b = claimed();
      const plain = secret();
      for (const s of [a.s, b.s, plain]) await store.secrets.create(request(s));
      await store.secrets.consume(a.s.id, T + 1, ev(), { hash: a.hash, idempotencyKey: null, retainUntil: T + 60_000 });
      await store.secrets.consume(b.s.id, T + 1, ev(), { hash: b.hash, idempotencyKey: 'k', retainUntil: T + 1 });
      await store.secrets.consume(plain.id, T + 1, ev(), { hash: wrong(), idempotencyKey: 'k', retainUntil: T + 60_000 });
      assert.deepEqual(await store.secrets.consume(b.s.id, T + 2, ev(), { hash: b.hash, idempotencyKey: 'k', retainUntil: T + 60_000 }), { kind: 'already_consumed' });
      assert.deepEqual(await store.secrets.consume(plain.id, T + 2, ev(), { hash: wrong(), idempotencyKey: 'k', retainUntil: T + 60_000 }), { kind: 'already_consumed' });
      assert.equal((await store.secrets.sweep(T + 60_000, 100, ev)).released, 0, 'nothing was retained');
    });

    withStore('[A-CLAIM-1] a record without a claim hash is consumed, previewed and burned by any proof, as by GET', async ({ store }) => {
      const a = secret({ hint: 'P' });
      const b = secret();
      for (const s of [a, b]) await store.secrets.create(request(s));
      assert.deepEqual(await store.secrets.peek(a.id, T + 1, wrong()), { kind: 'live', createdAt: a.createdAt, expiresAt: a.expiresAt, hint: 'P' });
      assert.equal((await store.secrets.consume(a.id, T + 1, ev(), { hash: wrong(), idempotencyKey: null, retainUntil: T + 1 })).kind, 'consumed');
      assert.deepEqual(await store.secrets.burn(b.id, T + 1, wrong(), ev()), { kind: 'burned', again: false, webhookQueued: false });
      assert.deepEqual(await store.secrets.consume(b.id, T + 2, ev(), null), { kind: 'burned' });
    });

    withStore('[A-BURN-1] burn destroys an unread secret once, queues secret.burned, and later claims see burned', async ({ store }) => {
      const { s, hash } = claimed({ callbackUrl: 'https://hooks.example/z', callbackSecret: 'v1.sealed' });
      await store.secrets.create(request(s));
      const id = ev();
      const results = await Promise.all([store.secrets.burn(s.id, T + 5, hash, id), store.secrets.burn(s.id, T + 5, hash, ev())]);
      assert.deepEqual(results.map((r) => r.kind === 'burned' && r.again).sort(), [false, true]);
      assert.deepEqual(await store.secrets.consume(s.id, T + 6, ev(), { hash, idempotencyKey: null, retainUntil: T + 6 }), { kind: 'burned' });
      assert.deepEqual(await store.secrets.peek(s.id, T + 6, hash), { kind: 'burned' });
      const events = await store.outbox.claim(T + 6, T + 60_000, 10);
      assert.deepEqual(events, [{ eventId: id, event: 'secret.burned', secretId: s.id, occurredAt: T + 5, hint: 'H', url: 'https://hooks.example/z', sealedSecret: 'v1.sealed', attempts: 1 }]);
      assert.equal((await store.secrets.sweep(s.expiresAt + 1, 100, ev)).events, 0, 'a burned secret never also expires');
    });

    withStore('[A-BURN-1] burn of a consumed or expired secret changes nothing and says why', async ({ store }) => {
      const a = claimed();
      const b = claimed();
      for (const x of [a, b]) await store.secrets.create(request(x.s));
      await store.secrets.consume(a.s.id, T + 1, ev(), { hash: a.hash, idempotencyKey: 'k', retainUntil: T + 60_000 });
      assert.deepEqual(await store.secrets.burn(a.s.id, T + 2, a.hash, ev()), { kind: 'already_consumed' });
      assert.equal((await store.secrets.consume(a.s.id, T + 3, ev(), { hash: a.hash, idempotencyKey: 'k', retainUntil: T + 60_000 })).kind, 'consumed', 'the retry still works');
      assert.deepEqual(await store.secrets.burn(b.s.id, b.s.expiresAt, b.hash, ev()), { kind: 'expired' });
    });

    withStore('[A-CLAIM-3] of concurrent valid claims exactly one consumes; retries of the winner get the same blob', async ({ store }) => {
      const { s, hash } = claimed();
      await store.secrets.create(request(s));
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
        store.secrets.consume(s.id, T + 1, ev(), { hash, idempotencyKey: `k${i}`, retainUntil: T + 60_000 })));
      const winners = results.flatMap((r, i) => (r.kind === 'consumed' ? [i] : []));
      assert.equal(winners.length, 1);
      assert.ok(results.every((r) => r.kind === 'consumed' || r.kind === 'already_consumed'));
      const again = await Promise.all(Array.from({ length: 5 }, () => store.secrets.consume(s.id, T + 2, ev(), { hash, idempotencyKey: `k${winners[0]}`, retainUntil: T + 60_000 })));
      assert.ok(again.every((r) => r.kind === 'consumed' && r.replayed && r.blob === s.blob));
    });

    withStore('[A-CLAIM-4] a retained blob survives a reopen, and only the retry gets it', async (f) => {
      const { s, hash } = claimed();
      await f.store.secrets.create(request(s));
      await f.store.secrets.consume(s.id, T + 1, ev(), { hash, idempotencyKey: 'k', retainUntil: T + 60_000 });
      const store = await f.reopen();
      assert.deepEqual(await store.secrets.consume(s.id, T + 2, ev(), { hash, idempotencyKey: 'other', retainUntil: T + 60_000 }), { kind: 'already_consumed' });
      assert.equal((await store.secrets.consume(s.id, T + 2, ev(), { hash, idempotencyKey: 'k', retainUntil: T + 60_000 })).kind, 'consumed');
    });
  });
}
