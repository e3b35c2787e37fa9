// The store contract suite (store.ts documents the contract). Written once; every engine runs it
// unchanged by passing a factory. Covers consume-once, expiry, purge, quotas, idempotency, keys,
// concurrency and persistence across reopening.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { generateSecretId } from 'zephr';
import type { CreateRequest, NewSecret, Store } from '../../src/store/store.js';

export interface StoreFixture {
  store: Store;
  /** Closes this store and opens a new one on the same data. */
  reopen(): Promise<Store>;
  cleanup(): Promise<void>;
}

const T = Date.UTC(2026, 0, 15, 10);
const ev = () => randomUUID();
const MIN = 60_000;

function secret(overrides: Partial<NewSecret> = {}): NewSecret {
  return {
    id: generateSecretId(), blob: 'eyJpdiI6ImJsb2IifQ', createdAt: T, expiresAt: T + 60 * MIN, purgeAt: T + 120 * MIN,
    hint: null, splitUrlMode: false, ownerKeyId: null, callbackUrl: null, callbackSecret: null, ...overrides,
  };
}

function request(s: NewSecret, overrides: Partial<CreateRequest> = {}): CreateRequest {
  return {
    secret: s,
    quota: { subject: 'anon:a', period: 'day:2026-01-15', limit: 1000, periodEndsAt: T + 2 * 86_400_000 },
    idempotency: null,
    response: { id: s.id, expires_at: new Date(s.expiresAt).toISOString() },
    now: T,
    ...overrides,
  };
}

export function storeContract(engine: string, open: () => Promise<StoreFixture>): void {
  const withStore = (name: string, fn: (f: StoreFixture) => Promise<void>) =>
    it(name, async () => {
      const f = await open();
      try {
        await fn(f);
      } finally {
        await f.cleanup();
      }
    });

  describe(`store contract: ${engine}`, () => {
    withStore('[A-GET-1] consume returns the blob and hint once, then already_consumed', async ({ store }) => {
      const s = secret({ hint: 'DB' });
      assert.deepEqual(await store.createSecret(request(s)), { kind: 'created' });
      assert.deepEqual(await store.consumeSecret(s.id, T + 1, ev()), { kind: 'consumed', blob: s.blob, hint: 'DB', purgeAt: s.purgeAt, webhookQueued: false });
      assert.deepEqual(await store.consumeSecret(s.id, T + 2, ev()), { kind: 'already_consumed' });
    });

    withStore('[A-GET-5] unknown ids are not_found', async ({ store }) => {
      assert.deepEqual(await store.consumeSecret(generateSecretId(), T, ev()), { kind: 'not_found' });
    });

    withStore('[A-GET-4] expires exactly at expires_at, whether or not a sweep ran', async ({ store }) => {
      const a = secret();
      const b = secret();
      await store.createSecret(request(a));
      await store.createSecret(request(b));
      assert.equal((await store.consumeSecret(a.id, a.expiresAt - 1, ev())).kind, 'consumed');
      assert.deepEqual(await store.consumeSecret(b.id, b.expiresAt, ev()), { kind: 'expired' });
      assert.deepEqual(await store.consumeSecret(b.id, b.expiresAt - 1, ev()), { kind: 'expired' }, 'the blob was destroyed on the expired read');
    });

    withStore('[A-GET-5] past purge_at a record is not_found, and the sweep deletes it', async ({ store }) => {
      const consumed = secret();
      const unread = secret();
      await store.createSecret(request(consumed));
      await store.createSecret(request(unread));
      await store.consumeSecret(consumed.id, T + 1, ev());
      assert.deepEqual(await store.consumeSecret(unread.id, unread.purgeAt, ev()), { kind: 'not_found' });
      const swept = await store.sweep(unread.purgeAt, 100, ev);
      assert.equal(swept.purged, 2);
      assert.deepEqual(await store.consumeSecret(consumed.id, T + 2, ev()), { kind: 'not_found' }, 'the tombstone is gone after purge');
    });

    withStore('sweep destroys expired ciphertext in batches and purges in batches', async ({ store }) => {
      const many = Array.from({ length: 25 }, () => secret());
      for (const s of many) await store.createSecret(request(s));
      const at = many[0]!.expiresAt;
      assert.deepEqual(await store.sweep(at - 1, 10, ev), { events: 0, expired: 0, purged: 0, housekeeping: 0 });
      const counts = [];
      for (let i = 0; i < 4; i++) counts.push((await store.sweep(at, 10, ev)).expired);
      assert.deepEqual(counts, [10, 10, 5, 0]);
      assert.deepEqual(await store.consumeSecret(many[3]!.id, at - 1, ev()), { kind: 'expired' }, 'swept ciphertext is never served');
      let purged = 0;
      for (let i = 0; i < 4; i++) purged += (await store.sweep(many[0]!.purgeAt, 10, ev)).purged;
      assert.equal(purged, 25);
    });

    withStore('[A-TIER-5] quotas are exact per subject and period', async ({ store }) => {
      const q = { subject: 'key:k1', period: 'month:2026-01', limit: 3, periodEndsAt: T + 40 * 86_400_000 };
      const results = [];
      for (let i = 0; i < 5; i++) results.push((await store.createSecret(request(secret(), { quota: q }))).kind);
      assert.deepEqual(results, ['created', 'created', 'created', 'quota_exceeded', 'quota_exceeded']);
      assert.equal(await store.quotaUsage('key:k1', 'month:2026-01'), 3);
      assert.equal((await store.createSecret(request(secret(), { quota: { ...q, subject: 'key:k2' } }))).kind, 'created');
      assert.equal((await store.createSecret(request(secret(), { quota: { ...q, period: 'month:2026-02' } }))).kind, 'created');
      assert.equal(await store.quotaUsage('key:nobody', 'month:2026-01'), 0);
    });

    withStore('[A-TIER-5] concurrent creates never exceed the quota', async ({ store }) => {
      const q = { subject: 'anon:race', period: 'day:2026-01-15', limit: 7, periodEndsAt: T + 2 * 86_400_000 };
      const results = await Promise.all(Array.from({ length: 40 }, () => store.createSecret(request(secret(), { quota: q }))));
      assert.equal(results.filter((r) => r.kind === 'created').length, 7);
      assert.equal(await store.quotaUsage('anon:race', 'day:2026-01-15'), 7);
    });

    withStore('[A-IDEM-2] a replay returns the first response, creates nothing and uses no quota', async ({ store }) => {
      const first = secret();
      const idem = { scope: 'anon:a', key: 'k-1', expiresAt: T + 86_400_000 };
      const q = { subject: 'anon:a', period: 'day:2026-01-15', limit: 1, periodEndsAt: T + 2 * 86_400_000 };
      assert.deepEqual(await store.createSecret(request(first, { idempotency: idem, quota: q })), { kind: 'created' });
      const second = secret();
      assert.deepEqual(await store.createSecret(request(second, { idempotency: idem, quota: q })), { kind: 'replayed', response: { id: first.id, expires_at: new Date(first.expiresAt).toISOString() } });
      assert.deepEqual(await store.consumeSecret(second.id, T, ev()), { kind: 'not_found' });
      assert.equal(await store.quotaUsage('anon:a', 'day:2026-01-15'), 1);
    });

    withStore('[A-IDEM-3] idempotency keys are scoped per caller and expire', async ({ store }) => {
      const idem = { scope: 'key:one', key: 'shared', expiresAt: T + 1000 };
      await store.createSecret(request(secret(), { idempotency: idem }));
      assert.equal((await store.createSecret(request(secret(), { idempotency: { ...idem, scope: 'key:two' } }))).kind, 'created');
      assert.equal((await store.createSecret(request(secret(), { idempotency: idem, now: T + 1000 }))).kind, 'created', 'an expired claim no longer replays');
    });

    withStore('[A-IDEM-2] concurrent creates with one idempotency key create exactly one secret', async ({ store }) => {
      const idem = { scope: 'anon:c', key: 'same', expiresAt: T + 86_400_000 };
      const results = await Promise.all(Array.from({ length: 30 }, () => store.createSecret(request(secret(), { idempotency: idem }))));
      assert.equal(results.filter((r) => r.kind === 'created').length, 1);
      const ids = new Set(results.map((r) => (r.kind === 'replayed' ? r.response.id : 'created')));
      assert.equal(ids.size, 2, 'every replay names the one created id');
    });

    withStore('[A-GET-2] of concurrent consumes exactly one gets the blob', async ({ store }) => {
      const s = secret();
      await store.createSecret(request(s));
      const results = await Promise.all(Array.from({ length: 50 }, () => store.consumeSecret(s.id, T + 1, ev())));
      assert.equal(results.filter((r) => r.kind === 'consumed').length, 1);
      assert.equal(results.filter((r) => r.kind === 'already_consumed').length, 49);
    });

    withStore('[A-CREATE-3] secrets, consumption and keys survive reopening', async (f) => {
      const kept = secret();
      const used = secret();
      await f.store.createSecret(request(kept));
      await f.store.createSecret(request(used));
      await f.store.consumeSecret(used.id, T + 1, ev());
      const installation = await f.store.installationSecret();
      await f.store.insertApiKey({ id: 'key_a', hash: 'ab'.repeat(32), prefix: 'zeph_abcdefg', tier: 'free', label: null, createdAt: T, revokedAt: null });
      const store = await f.reopen();
      assert.deepEqual(await store.installationSecret(), installation);
      assert.equal(installation.length, 32);
      assert.deepEqual(await store.consumeSecret(used.id, T + 2, ev()), { kind: 'already_consumed' });
      assert.equal((await store.consumeSecret(kept.id, T + 2, ev())).kind, 'consumed');
      assert.equal((await store.findApiKeyByHash('ab'.repeat(32)))?.id, 'key_a');
    });

    withStore('[A-AUTH-3] API keys: insert, find by hash, list, revoke, re-tier', async ({ store }) => {
      await store.insertApiKey({ id: 'key_1', hash: '01'.repeat(32), prefix: 'zeph_1111111', tier: 'free', label: 'ci', createdAt: T, revokedAt: null });
      await store.insertApiKey({ id: 'key_2', hash: '02'.repeat(32), prefix: 'zeph_2222222', tier: 'dev', label: null, createdAt: T + 1, revokedAt: null });
      assert.equal(await store.findApiKeyByHash('03'.repeat(32)), null);
      assert.deepEqual((await store.listApiKeys()).map((k) => k.id), ['key_1', 'key_2']);
      assert.equal(await store.setApiKeyTier('key_1', 'pro'), true);
      assert.equal(await store.revokeApiKey('key_2', T + 5), true);
      assert.equal(await store.revokeApiKey('key_missing', T), false);
      assert.equal(await store.setApiKeyTier('key_missing', 'pro'), false);
      assert.equal((await store.findApiKeyByHash('01'.repeat(32)))?.tier, 'pro');
      assert.equal((await store.findApiKeyByHash('02'.repeat(32)))?.revokedAt, T + 5);
    });

    withStore('housekeeping removes stale idempotency claims and quota rows', async ({ store }) => {
      await store.createSecret(request(secret(), { idempotency: { scope: 's', key: 'k', expiresAt: T + 10 }, quota: { subject: 'anon:h', period: 'day:x', limit: 5, periodEndsAt: T + 10 } }));
      const swept = await store.sweep(T + 10, 100, ev);
      assert.equal(swept.housekeeping, 2);
      assert.equal(await store.quotaUsage('anon:h', 'day:x'), 0);
    });

    const hooked = (overrides: Partial<NewSecret> = {}) => secret({ callbackUrl: 'https://hooks.example/z', callbackSecret: 'v1.sealed', hint: 'H', ...overrides });

    withStore('[A-HOOK-2] a consume with a callback queues one secret.consumed event in the same step', async ({ store }) => {
      const s = hooked();
      await store.createSecret(request(s));
      const id = ev();
      const results = await Promise.all([store.consumeSecret(s.id, T + 5, id), store.consumeSecret(s.id, T + 5, ev()), store.consumeSecret(s.id, T + 5, ev())]);
      assert.equal(results.filter((r) => r.kind === 'consumed' && r.webhookQueued).length, 1);
      const claimed = await store.claimWebhookEvents(T + 5, T + 60_000, 10);
      assert.deepEqual(claimed, [{ eventId: id, event: 'secret.consumed', secretId: s.id, occurredAt: T + 5, hint: 'H', url: 'https://hooks.example/z', sealedSecret: 'v1.sealed', attempts: 1 }]);
      assert.equal((await store.sweep(s.expiresAt + 1, 100, ev)).events, 0, 'a consumed secret never also expires');
    });

    withStore('[A-HOOK-3] each expired unread secret with a callback gets exactly one secret.expired event, even with concurrent sweeps', async ({ store }) => {
      const owed = Array.from({ length: 30 }, () => hooked());
      const plain = secret();
      const read = hooked();
      for (const s of [...owed, plain, read]) await store.createSecret(request(s));
      await store.consumeSecret(read.id, T + 1, ev());
      await store.completeWebhookEvent((await store.claimWebhookEvents(T + 1, T + 2, 10))[0]!.eventId);
      const at = owed[0]!.expiresAt;
      assert.equal((await store.sweep(at - 1, 100, ev)).events, 0);
      const sweeps = await Promise.all(Array.from({ length: 6 }, () => store.sweep(at, 7, ev)));
      let total = sweeps.reduce((n, r) => n + r.events, 0);
      for (let r; (r = await store.sweep(at, 7, ev)).events > 0;) total += r.events;
      assert.equal(total, 30);
      const events = await store.claimWebhookEvents(at, at + 60_000, 100);
      assert.equal(events.length, 30);
      assert.deepEqual(new Set(events.map((e) => e.secretId)), new Set(owed.map((s) => s.id)));
      assert.ok(events.every((e) => e.event === 'secret.expired' && e.occurredAt === at && e.sealedSecret === 'v1.sealed'));
      assert.equal(new Set(events.map((e) => e.eventId)).size, 30);
      assert.equal((await store.sweep(owed[0]!.purgeAt, 100, ev)).events, 0, 'never a second time, and the purge leaves queued events alone');
      assert.equal((await store.claimWebhookEvents(at + 60_001, at + 120_000, 100)).length, 30, 'leases ran out: the events are claimable again');
    });

    withStore('[A-HOOK-3] with no purge grace, a record owed its expiry event is not purged before the event is queued', async ({ store }) => {
      // Later records expire earlier, so the order events are owed in differs from insertion order.
      const owed = Array.from({ length: 12 }, (_, i) => hooked({ expiresAt: T + 60 * MIN - i * 1000, purgeAt: T + 60 * MIN }));
      for (const s of owed) await store.createSecret(request(s));
      let events = 0;
      for (let r; (r = await store.sweep(T + 60 * MIN, 5, ev)).events + r.purged > 0;) events += r.events;
      assert.equal(events, 12);
      assert.equal((await store.claimWebhookEvents(T + 60 * MIN, T + 61 * MIN, 100)).length, 12);
      assert.deepEqual(await store.consumeSecret(owed[0]!.id, T + 60 * MIN, ev()), { kind: 'not_found' }, 'purged once its event was queued');
    });

    withStore('[A-HOOK-4] claims lease events; retries wait until due; complete deletes; queued events survive reopening', async (f) => {
      const s = hooked();
      await f.store.createSecret(request(s));
      await f.store.consumeSecret(s.id, T + 1, 'evt-1');
      const [a, b] = await Promise.all([f.store.claimWebhookEvents(T + 1, T + 100, 10), f.store.claimWebhookEvents(T + 1, T + 100, 10)]);
      assert.equal(a!.length + b!.length, 1, 'one claimant only');
      assert.equal((await f.store.claimWebhookEvents(T + 50, T + 100, 10)).length, 0, 'leased');
      await f.store.retryWebhookEvent('evt-1', T + 1000);
      assert.equal((await f.store.claimWebhookEvents(T + 999, T + 2000, 10)).length, 0, 'not due yet');
      const store = await f.reopen();
      const again = await store.claimWebhookEvents(T + 1000, T + 2000, 10);
      assert.deepEqual(again.map((e) => [e.eventId, e.attempts]), [['evt-1', 2]]);
      await store.completeWebhookEvent('evt-1');
      assert.equal((await store.claimWebhookEvents(T + 10_000_000, T + 20_000_000, 10)).length, 0);
    });

    withStore('claimSetting: the first value stays, whoever writes later', async (f) => {
      const first = await Promise.all(['a', 'b', 'c'].map((v) => f.store.claimSetting('setting', v)));
      assert.equal(new Set(first).size, 1);
      const store = await f.reopen();
      assert.equal(await store.claimSetting('setting', 'z'), first[0]);
    });

    withStore('ping answers, close is idempotent', async (f) => {
      await f.store.ping();
      await f.store.close();
      await f.store.close();
      await assert.rejects(f.store.ping());
    });
  });
}
