// The contract suite of the secret store (secret-store.ts): consume-once, expiry, purge, quotas, idempotency, concurrency.
// Written once; every engine runs it unchanged (test/sqlite-store.test.ts, test/postgres-store.test.ts).
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { generateSecretId } from 'zephr';
import { ev, type OpenStore, request, secret, storeTest, T } from './fixtures.js';

export function secretStoreContract(engine: string, open: OpenStore): void {
  const withStore = storeTest(open);

  describe(`SecretStore contract: ${engine}`, () => {
    withStore('[A-GET-1] consume returns the blob and hint once, then already_consumed', async ({ store }) => {
      const s = secret({ hint: 'DB' });
      assert.deepEqual(await store.secrets.create(request(s)), { kind: 'created' });
      assert.deepEqual(await store.secrets.consume(s.id, T + 1, ev(), null), { kind: 'consumed', blob: s.blob, hint: 'DB', purgeAt: s.purgeAt, webhookQueued: false, replayed: false });
      assert.deepEqual(await store.secrets.consume(s.id, T + 2, ev(), null), { kind: 'already_consumed' });
    });

    withStore('[A-GET-5] unknown ids are not_found', async ({ store }) => {
      assert.deepEqual(await store.secrets.consume(generateSecretId(), T, ev(), null), { kind: 'not_found' });
    });

    withStore('[A-GET-4] expires exactly at expires_at, whether or not a sweep ran', async ({ store }) => {
      const a = secret();
      const b = secret();
      await store.secrets.create(request(a));
      await store.secrets.create(request(b));
      assert.equal((await store.secrets.consume(a.id, a.expiresAt - 1, ev(), null)).kind, 'consumed');
      assert.deepEqual(await store.secrets.consume(b.id, b.expiresAt, ev(), null), { kind: 'expired' });
      assert.deepEqual(await store.secrets.consume(b.id, b.expiresAt - 1, ev(), null), { kind: 'expired' }, 'the blob was destroyed on the expired read');
    });

    withStore('[A-GET-5] past purge_at a record is not_found, and the sweep deletes it', async ({ store }) => {
      const consumed = secret();
      const unread = secret();
      await store.secrets.create(request(consumed));
      await store.secrets.create(request(unread));
      await store.secrets.consume(consumed.id, T + 1, ev(), null);
      assert.deepEqual(await store.secrets.consume(unread.id, unread.purgeAt, ev(), null), { kind: 'not_found' });
      const swept = await store.secrets.sweep(unread.purgeAt, 100, ev);
      assert.equal(swept.purged, 2);
      assert.deepEqual(await store.secrets.consume(consumed.id, T + 2, ev(), null), { kind: 'not_found' }, 'the tombstone is gone after purge');
    });

    withStore('sweep destroys expired ciphertext in batches and purges in batches', async ({ store }) => {
      const many = Array.from({ length: 25 }, () => secret());
      for (const s of many) await store.secrets.create(request(s));
      const at = many[0]!.expiresAt;
      assert.deepEqual(await store.secrets.sweep(at - 1, 10, ev), { events: 0, expired: 0, released: 0, purged: 0, housekeeping: 0 });
      const counts = [];
      for (let i = 0; i < 4; i++) counts.push((await store.secrets.sweep(at, 10, ev)).expired);
      assert.deepEqual(counts, [10, 10, 5, 0]);
      assert.deepEqual(await store.secrets.consume(many[3]!.id, at - 1, ev(), null), { kind: 'expired' }, 'swept ciphertext is never served');
      let purged = 0;
      for (let i = 0; i < 4; i++) purged += (await store.secrets.sweep(many[0]!.purgeAt, 10, ev)).purged;
      assert.equal(purged, 25);
    });

    withStore('[A-TIER-5] quotas are exact per subject and period', async ({ store }) => {
      const q = { subject: 'key:k1', period: 'month:2026-01', limit: 3, periodEndsAt: T + 40 * 86_400_000 };
      const results = [];
      for (let i = 0; i < 5; i++) results.push((await store.secrets.create(request(secret(), { quota: q }))).kind);
      assert.deepEqual(results, ['created', 'created', 'created', 'quota_exceeded', 'quota_exceeded']);
      assert.equal(await store.secrets.quotaUsage('key:k1', 'month:2026-01'), 3);
      assert.equal((await store.secrets.create(request(secret(), { quota: { ...q, subject: 'key:k2' } }))).kind, 'created');
      assert.equal((await store.secrets.create(request(secret(), { quota: { ...q, period: 'month:2026-02' } }))).kind, 'created');
      assert.equal(await store.secrets.quotaUsage('key:nobody', 'month:2026-01'), 0);
    });

    withStore('[A-TIER-5] concurrent creates never exceed the quota', async ({ store }) => {
      const q = { subject: 'anon:race', period: 'day:2026-01-15', limit: 7, periodEndsAt: T + 2 * 86_400_000 };
      const results = await Promise.all(Array.from({ length: 40 }, () => store.secrets.create(request(secret(), { quota: q }))));
      assert.equal(results.filter((r) => r.kind === 'created').length, 7);
      assert.equal(await store.secrets.quotaUsage('anon:race', 'day:2026-01-15'), 7);
    });

    withStore('[A-IDEM-2] a replay returns the first response, creates nothing and uses no quota', async ({ store }) => {
      const first = secret();
      const idem = { scope: 'anon:a', key: 'k-1', expiresAt: T + 86_400_000 };
      const q = { subject: 'anon:a', period: 'day:2026-01-15', limit: 1, periodEndsAt: T + 2 * 86_400_000 };
      assert.deepEqual(await store.secrets.create(request(first, { idempotency: idem, quota: q })), { kind: 'created' });
      const second = secret();
      assert.deepEqual(await store.secrets.create(request(second, { idempotency: idem, quota: q })), { kind: 'replayed', response: { id: first.id, expires_at: new Date(first.expiresAt).toISOString() } });
      assert.deepEqual(await store.secrets.consume(second.id, T, ev(), null), { kind: 'not_found' });
      assert.equal(await store.secrets.quotaUsage('anon:a', 'day:2026-01-15'), 1);
    });

    withStore('[A-TIER-5][A-IDEM-2] retries of a committed create hold no count that concurrent creates need', async ({ store }) => {
      const first = secret();
      const idem = { scope: 'anon:r', key: 'retry-1', expiresAt: T + 86_400_000 };
      const q = { subject: 'anon:r', period: 'day:2026-01-15', limit: 3, periodEndsAt: T + 2 * 86_400_000 };
      assert.equal((await store.secrets.create(request(first, { idempotency: idem, quota: q }))).kind, 'created');
      const results = await Promise.all([
        ...Array.from({ length: 4 }, () => store.secrets.create(request(secret(), { idempotency: idem, quota: q }))),
        store.secrets.create(request(secret(), { quota: q })),
        store.secrets.create(request(secret(), { quota: q })),
      ]);
      assert.deepEqual(results.slice(0, 4).map((r) => (r.kind === 'replayed' ? r.response.id : r.kind)), [first.id, first.id, first.id, first.id]);
      assert.deepEqual(results.slice(4).map((r) => r.kind), ['created', 'created'], 'the two creates left are not taken by the retries');
      assert.equal(await store.secrets.quotaUsage('anon:r', 'day:2026-01-15'), 3);
    });

    withStore('[A-IDEM-3] idempotency keys are scoped per caller and expire', async ({ store }) => {
      const idem = { scope: 'key:one', key: 'shared', expiresAt: T + 1000 };
      await store.secrets.create(request(secret(), { idempotency: idem }));
      assert.equal((await store.secrets.create(request(secret(), { idempotency: { ...idem, scope: 'key:two' } }))).kind, 'created');
      assert.equal((await store.secrets.create(request(secret(), { idempotency: idem, now: T + 1000 }))).kind, 'created', 'an expired claim no longer replays');
    });

    withStore('[A-IDEM-2] concurrent creates with one idempotency key create exactly one secret', async ({ store }) => {
      const idem = { scope: 'anon:c', key: 'same', expiresAt: T + 86_400_000 };
      const results = await Promise.all(Array.from({ length: 30 }, () => store.secrets.create(request(secret(), { idempotency: idem }))));
      assert.equal(results.filter((r) => r.kind === 'created').length, 1);
      const ids = new Set(results.map((r) => (r.kind === 'replayed' ? r.response.id : 'created')));
      assert.equal(ids.size, 2, 'every replay names the one created id');
    });

    withStore('[A-GET-2] of concurrent consumes exactly one gets the blob', async ({ store }) => {
      const s = secret();
      await store.secrets.create(request(s));
      const results = await Promise.all(Array.from({ length: 50 }, () => store.secrets.consume(s.id, T + 1, ev(), null)));
      assert.equal(results.filter((r) => r.kind === 'consumed').length, 1);
      assert.equal(results.filter((r) => r.kind === 'already_consumed').length, 49);
    });

    withStore('housekeeping removes stale idempotency claims and quota rows', async ({ store }) => {
      await store.secrets.create(request(secret(), { idempotency: { scope: 's', key: 'k', expiresAt: T + 10 }, quota: { subject: 'anon:h', period: 'day:x', limit: 5, periodEndsAt: T + 10 } }));
      const swept = await store.secrets.sweep(T + 10, 100, ev);
      assert.equal(swept.housekeeping, 2);
      assert.equal(await store.secrets.quotaUsage('anon:h', 'day:x'), 0);
    });
  });
}
