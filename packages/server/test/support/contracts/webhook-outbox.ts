// The contract suite of the webhook outbox (webhook-outbox.ts): events queued by consume and sweep exactly once, leases, retries, persistence.
// Written once; every engine runs it unchanged (test/sqlite-store.test.ts, test/postgres-store.test.ts).
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { NewSecret } from '../../../src/store/store.js';
import { ev, MIN, type OpenStore, request, secret, storeTest, T } from './fixtures.js';

export function webhookOutboxContract(engine: string, open: OpenStore): void {
  const withStore = storeTest(open);

  describe(`WebhookOutbox contract: ${engine}`, () => {
    const hooked = (overrides: Partial<NewSecret> = {}) => secret({ callbackUrl: 'https://hooks.example/z', callbackSecret: 'v1.sealed', hint: 'H', ...overrides });

    withStore('[A-HOOK-2] a consume with a callback queues one secret.consumed event in the same step', async ({ store }) => {
      const s = hooked();
      await store.secrets.create(request(s));
      const id = ev();
      const results = await Promise.all([store.secrets.consume(s.id, T + 5, id, null), store.secrets.consume(s.id, T + 5, ev(), null), store.secrets.consume(s.id, T + 5, ev(), null)]);
      assert.equal(results.filter((r) => r.kind === 'consumed' && r.webhookQueued).length, 1);
      const claimed = await store.outbox.claim(T + 5, T + 60_000, 10);
      assert.deepEqual(claimed, [{ eventId: id, event: 'secret.consumed', secretId: s.id, occurredAt: T + 5, hint: 'H', url: 'https://hooks.example/z', sealedSecret: 'v1.sealed', attempts: 1 }]);
      assert.equal((await store.secrets.sweep(s.expiresAt + 1, 100, ev)).events, 0, 'a consumed secret never also expires');
    });

    withStore('[A-HOOK-3] each expired unread secret with a callback gets exactly one secret.expired event, even with concurrent sweeps', async ({ store }) => {
      const owed = Array.from({ length: 30 }, () => hooked());
      const plain = secret();
      const read = hooked();
      for (const s of [...owed, plain, read]) await store.secrets.create(request(s));
      await store.secrets.consume(read.id, T + 1, ev(), null);
      await store.outbox.complete((await store.outbox.claim(T + 1, T + 2, 10))[0]!.eventId, 'delivered');
      const at = owed[0]!.expiresAt;
      assert.equal((await store.secrets.sweep(at - 1, 100, ev)).events, 0);
      const sweeps = await Promise.all(Array.from({ length: 6 }, () => store.secrets.sweep(at, 7, ev)));
      let total = sweeps.reduce((n, r) => n + r.events, 0);
      for (let r; (r = await store.secrets.sweep(at, 7, ev)).events > 0;) total += r.events;
      assert.equal(total, 30);
      const events = await store.outbox.claim(at, at + 60_000, 100);
      assert.equal(events.length, 30);
      assert.deepEqual(new Set(events.map((e) => e.secretId)), new Set(owed.map((s) => s.id)));
      assert.ok(events.every((e) => e.event === 'secret.expired' && e.occurredAt === at && e.sealedSecret === 'v1.sealed'));
      assert.equal(new Set(events.map((e) => e.eventId)).size, 30);
      assert.equal((await store.secrets.sweep(owed[0]!.purgeAt, 100, ev)).events, 0, 'never a second time, and the purge leaves queued events alone');
      assert.equal((await store.outbox.claim(at + 60_001, at + 120_000, 100)).length, 30, 'leases ran out: the events are claimable again');
    });

    withStore('[A-HOOK-3] with no purge grace, a record owed its expiry event is not purged before the event is queued', async ({ store }) => {
      // Later records expire earlier, so the order events are owed in differs from insertion order.
      const owed = Array.from({ length: 12 }, (_, i) => hooked({ expiresAt: T + 60 * MIN - i * 1000, purgeAt: T + 60 * MIN }));
      for (const s of owed) await store.secrets.create(request(s));
      let events = 0;
      for (let r; (r = await store.secrets.sweep(T + 60 * MIN, 5, ev)).events + r.purged > 0;) events += r.events;
      assert.equal(events, 12);
      assert.equal((await store.outbox.claim(T + 60 * MIN, T + 61 * MIN, 100)).length, 12);
      assert.deepEqual(await store.secrets.consume(owed[0]!.id, T + 60 * MIN, ev(), null), { kind: 'not_found' }, 'purged once its event was queued');
    });

    withStore('[A-HOOK-4] claims lease events; retries wait until due; complete deletes; queued events survive reopening', async (f) => {
      const s = hooked();
      await f.store.secrets.create(request(s));
      await f.store.secrets.consume(s.id, T + 1, 'evt-1', null);
      const [a, b] = await Promise.all([f.store.outbox.claim(T + 1, T + 100, 10), f.store.outbox.claim(T + 1, T + 100, 10)]);
      assert.equal(a!.length + b!.length, 1, 'one claimant only');
      assert.equal((await f.store.outbox.claim(T + 50, T + 100, 10)).length, 0, 'leased');
      await f.store.outbox.retry('evt-1', T + 1000);
      assert.equal((await f.store.outbox.claim(T + 999, T + 2000, 10)).length, 0, 'not due yet');
      const store = await f.reopen();
      const again = await store.outbox.claim(T + 1000, T + 2000, 10);
      assert.deepEqual(again.map((e) => [e.eventId, e.attempts]), [['evt-1', 2]]);
      await store.outbox.complete('evt-1', 'failed');
      assert.equal((await store.outbox.claim(T + 10_000_000, T + 20_000_000, 10)).length, 0);
    });
  });
}
