// The contract of RequestStore (src/store/request-store.ts), on every engine: registration counted
// against the quota, fulfilment exactly once under concurrency, cancel racing fulfil, the
// request.fulfilled event in the same step, and the sweep's purge and retention.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { generateSecretId } from 'zephr';
import type { NewRequest, Store } from '../../../src/store/store.js';
import { signUpOf } from './accounts.js';
import { ev, MIN, type OpenStore, secret, storeTest, T } from './fixtures.js';

const HASH = 'MZb2zqGnxN67SsGA4g2tLwt7b_YQvHClmcDNM9tk2RM';
const quota = (limit = 1000) => ({ subject: 'anon:r', period: 'day:2026-01-15', limit, periodEndsAt: T + 2 * 86_400_000 });

function newRequest(overrides: Partial<NewRequest> = {}): NewRequest {
  return {
    id: generateSecretId(), createdAt: T, expiresAt: T + 60 * MIN, purgeAt: T + 120 * MIN, expiryMinutes: 60, hint: 'prod db',
    claimHash: HASH, ownerKeyId: null, maxSecretBytes: 6144, callbackUrl: null, callbackSecret: null, ...overrides,
  };
}

/** Registers `r` as the domain does (its response is `{id, expires_at}`), with an optional Idempotency-Key. */
const register = (store: Store, r: NewRequest, limit = 1000, key: string | null = null) =>
  store.requests.createRequest(r, quota(limit), key === null ? null : { scope: 'request:anon:r', key, expiresAt: T + 86_400_000 }, { id: r.id, expires_at: new Date(r.expiresAt).toISOString() }, T);

/** The secret a fulfil deposits for `r`, as the domain builds it. */
const deposit = (r: NewRequest, at = T + MIN) => secret({ createdAt: at, expiresAt: at + 60 * MIN, purgeAt: at + 120 * MIN, claimHash: r.claimHash, ownerKeyId: r.ownerKeyId, hint: r.hint });

export function requestsContract(engine: string, open: OpenStore): void {
  const withStore = storeTest(open);

  describe(`RequestStore contract: ${engine}`, () => {
    withStore('a registration is stored as given, durable across a reopen, and counts one create', async (f) => {
      const r = newRequest();
      assert.deepEqual(await register(f.store, r), { kind: 'created' });
      const store = await f.reopen();
      const { id, createdAt, expiresAt, purgeAt, expiryMinutes, hint, claimHash, ownerKeyId, maxSecretBytes } = r;
      assert.deepEqual(await store.requests.findRequest(r.id, T), {
        id, createdAt, expiresAt, purgeAt, expiryMinutes, hint, claimHash, ownerKeyId, maxSecretBytes, fulfilledAt: null, cancelledAt: null, secretId: null,
      });
      assert.equal(await store.secrets.quotaUsage('anon:r', 'day:2026-01-15'), 1);
      assert.equal(await store.requests.findRequest(generateSecretId(), T), null);
    });

    withStore('[A-REQ-1] registrations share the quota with creates: of 10 concurrent with 3 left, exactly 3 are created', async ({ store }) => {
      const results = await Promise.all(Array.from({ length: 10 }, () => register(store, newRequest(), 3)));
      assert.equal(results.filter((x) => x.kind === 'created').length, 3);
      assert.equal(await store.secrets.quotaUsage('anon:r', 'day:2026-01-15'), 3);
    });

    withStore('[A-REQ-1] an Idempotency-Key replays the first registration: concurrent duplicates register one request and count one create', async ({ store }) => {
      const first = newRequest();
      const tries = [first, ...Array.from({ length: 7 }, () => newRequest())];
      const results = await Promise.all(tries.map((r) => register(store, r, 1000, 'retry-1')));
      const created = results.filter((x) => x.kind === 'created');
      assert.equal(created.length, 1, JSON.stringify(results.map((x) => x.kind)));
      const winner = tries[results.findIndex((x) => x.kind === 'created')]!;
      for (const x of results) if (x.kind === 'replayed') assert.deepEqual(x.response, { id: winner.id, expires_at: new Date(winner.expiresAt).toISOString() });
      assert.equal(await store.secrets.quotaUsage('anon:r', 'day:2026-01-15'), 1);
      assert.equal(tries.filter((r) => r.id !== winner.id).length, 7);
      for (const r of tries) assert.equal((await store.requests.findRequest(r.id, T)) !== null, r.id === winner.id, 'only the winner is stored');
      // A replay is answered even with the quota spent; another key is a new registration.
      assert.equal((await register(store, newRequest(), 1, 'retry-1')).kind, 'replayed');
      assert.equal((await register(store, newRequest(), 1, 'retry-2')).kind, 'quota_exceeded');
    });

    withStore('[A-REQ-3] of 20 concurrent fulfils exactly one deposits its secret; the others find it fulfilled', async ({ store }) => {
      const r = newRequest();
      await register(store, r);
      const secrets = Array.from({ length: 20 }, () => deposit(r));
      const results = await Promise.all(secrets.map((s) => store.requests.fulfil(r.id, T + MIN, s, ev())));
      const won = results.flatMap((x, i) => (x.kind === 'fulfilled' ? [i] : []));
      assert.equal(won.length, 1);
      assert.ok(results.every((x) => x.kind === 'fulfilled' || x.kind === 'already_fulfilled'));
      const found = await store.requests.findRequest(r.id, T + MIN);
      assert.equal(found?.secretId, secrets[won[0]!]!.id);
      assert.equal(found?.fulfilledAt, T + MIN);
      // The deposited secret opens with the request's claim hash, once; the losers' were never stored.
      const consumed = await store.secrets.consume(found!.secretId!, T + 2 * MIN, ev(), { hash: HASH, idempotencyKey: null, retainUntil: T });
      assert.equal(consumed.kind, 'consumed');
      const loser = secrets.find((s) => s.id !== found!.secretId)!;
      assert.equal((await store.secrets.consume(loser.id, T + 2 * MIN, ev(), { hash: HASH, idempotencyKey: null, retainUntil: T })).kind, 'not_found');
    });

    withStore('a fulfil refuses a cancelled, an expired and an unknown request, and stores nothing', async ({ store }) => {
      const cancelled = newRequest();
      const expired = newRequest();
      await register(store, cancelled);
      await register(store, expired);
      assert.equal(await store.requests.cancelOpen(cancelled.id, T + MIN), true);
      assert.equal(await store.requests.cancelOpen(cancelled.id, T + MIN), false);
      const s = deposit(cancelled);
      assert.deepEqual(await store.requests.fulfil(cancelled.id, T + MIN, s, ev()), { kind: 'cancelled' });
      assert.deepEqual(await store.requests.fulfil(expired.id, T + 60 * MIN, deposit(expired), ev()), { kind: 'expired' });
      assert.deepEqual(await store.requests.fulfil(generateSecretId(), T, deposit(expired), ev()), { kind: 'not_found' });
      assert.equal((await store.secrets.consume(s.id, T + MIN, ev(), { hash: HASH, idempotencyKey: null, retainUntil: T })).kind, 'not_found');
    });

    withStore('[A-REQ-5] cancel racing fulfil: exactly one of them takes the open request', async ({ store }) => {
      for (let round = 0; round < 10; round++) {
        const r = newRequest();
        await register(store, r);
        const [cancelled, fulfilled] = await Promise.all([store.requests.cancelOpen(r.id, T + MIN), store.requests.fulfil(r.id, T + MIN, deposit(r), ev())]);
        assert.notEqual(cancelled, fulfilled.kind === 'fulfilled', `round ${round}: cancel ${cancelled}, fulfil ${fulfilled.kind}`);
        const found = await store.requests.findRequest(r.id, T + MIN);
        assert.equal(found?.cancelledAt !== null, cancelled);
        assert.equal(found?.secretId !== null, fulfilled.kind === 'fulfilled');
      }
    });

    withStore('[A-REQ-3] a request with a callback queues request.fulfilled (its id as secret_id) in the fulfil, once, and forgets the callback', async ({ store }) => {
      const r = newRequest({ callbackUrl: 'https://hooks.example/zephr', callbackSecret: 'sealed-callback-secret' });
      await register(store, r);
      const id = ev();
      assert.deepEqual(await store.requests.fulfil(r.id, T + MIN, deposit(r), id), { kind: 'fulfilled', webhookQueued: true });
      const events = await store.outbox.claim(T + MIN, T + 2 * MIN, 10);
      assert.deepEqual(events.map((e) => [e.eventId, e.event, e.secretId, e.url, e.sealedSecret, e.hint, e.occurredAt]),
        [[id, 'request.fulfilled', r.id, 'https://hooks.example/zephr', 'sealed-callback-secret', 'prod db', T + MIN]]);
      const plain = newRequest();
      await register(store, plain);
      assert.deepEqual(await store.requests.fulfil(plain.id, T + MIN, deposit(plain), ev()), { kind: 'fulfilled', webhookQueued: false });
    });

    withStore('the sweep deletes requests past purge_at; one made with a key stays for the retention after it ended', async ({ store }) => {
      const unowned = newRequest();
      const owned = newRequest({ ownerKeyId: 'key_a' });
      await register(store, unowned);
      await register(store, owned);
      assert.equal(await store.requests.sweepRequests(T + 119 * MIN, 100, 0), 0);
      assert.equal(await store.requests.findRequest(unowned.id, T + 119 * MIN) !== null, true);
      const retention = 24 * 60 * MIN;
      assert.equal(await store.requests.sweepRequests(T + 120 * MIN, 100, retention), 1);
      assert.equal(await store.requests.findRequest(unowned.id, T), null, 'deleted, not only hidden');
      assert.notEqual(await store.requests.findRequest(owned.id, T), null);
      assert.equal(await store.requests.sweepRequests(T + 60 * MIN + retention, 100, retention), 1);
      assert.equal(await store.requests.findRequest(owned.id, T), null);
    });

    withStore('[A-REQ-6] a user\'s requests are in their audit trail, each with its fulfilment\'s state; the fulfilling secret is not listed twice', async ({ store }) => {
      await store.users.signUp(signUpOf('usr_r'));
      const open = newRequest({ ownerKeyId: 'web_usr_r', createdAt: T });
      const sent = newRequest({ ownerKeyId: 'web_usr_r', createdAt: T + 1, hint: 'sent' });
      const received = newRequest({ ownerKeyId: 'web_usr_r', createdAt: T + 2 });
      const cancelled = newRequest({ ownerKeyId: 'web_usr_r', createdAt: T + 3 });
      const strangers = newRequest({ createdAt: T + 4 });
      for (const r of [open, sent, received, cancelled, strangers]) await register(store, r);
      const sentSecret = deposit(sent);
      await store.requests.fulfil(sent.id, T + MIN, sentSecret, ev());
      const receivedSecret = deposit(received);
      await store.requests.fulfil(received.id, T + MIN, receivedSecret, ev());
      await store.secrets.consume(receivedSecret.id, T + 2 * MIN, ev(), { hash: HASH, idempotencyKey: null, retainUntil: T });
      await store.requests.cancelOpen(cancelled.id, T + 3 * MIN);
      const trail = await store.audit.list('usr_r', Number.MAX_SAFE_INTEGER, 10);
      assert.deepEqual(trail.map((e) => [e.kind, e.id]), [['request', cancelled.id], ['request', received.id], ['request', sent.id], ['request', open.id]]);
      const [c, r, s, o] = trail;
      assert.deepEqual({ burned: c!.burnedAt, blob: c!.hasBlob }, { burned: T + 3 * MIN, blob: false }, 'cancelled while open: nothing waits');
      assert.deepEqual({ consumed: r!.consumedAt, fulfilled: r!.fulfilledAt, blob: r!.hasBlob }, { consumed: T + 2 * MIN, fulfilled: T + MIN, blob: false });
      assert.deepEqual({ fulfilled: s!.fulfilledAt, blob: s!.hasBlob, expires: s!.expiresAt, hint: s!.hint }, { fulfilled: T + MIN, blob: true, expires: sentSecret.expiresAt, hint: 'sent' });
      assert.deepEqual({ fulfilled: o!.fulfilledAt, blob: o!.hasBlob, consumed: o!.consumedAt, burned: o!.burnedAt }, { fulfilled: null, blob: true, consumed: null, burned: null });
    });
  });
}
