// The contract suite of StoreTransfer (transfer.ts): what zephr-server copy-to moves between
// engines. Only unread, unexpired secrets leave; pages by id cover each exactly once; imports
// skip what is there and keep every field, claim hash included; queued events arrive claimable.
// Written once; every engine runs it unchanged (test/sqlite-store.test.ts, test/postgres-store.test.ts).
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { ev, MIN, type OpenStore, request, secret, T } from './fixtures.js';

export function transferContract(engine: string, open: OpenStore): void {
  describe(`StoreTransfer contract: ${engine}`, () => {
    it('exports only unread, unexpired, unburned secrets, page by page in id order, each once', async () => {
      const f = await open();
      try {
        const live = Array.from({ length: 7 }, (_, i) => secret({ hint: `live ${i}` }));
        const read = secret();
        const burnedHash = createHash('sha256').update(randomBytes(32)).digest('base64url');
        const burned = secret({ claimHash: burnedHash });
        const expiring = secret({ expiresAt: T + 5 * MIN });
        for (const s of [...live, read, burned, expiring]) await f.store.secrets.create(request(s));
        await f.store.secrets.consume(read.id, T + 1, ev(), null);
        await f.store.secrets.burn(burned.id, T + 1, burnedHash, ev());
        const now = T + 10 * MIN; // `expiring` has expired by now, unswept
        const seen: string[] = [];
        for (let after = '', page; (page = await f.store.transfer.liveSecrets(now, after, 3)).length > 0; after = page.at(-1)!.id) {
          assert.ok(page.length <= 3);
          seen.push(...page.map((s) => s.id));
        }
        assert.deepEqual(seen, live.map((s) => s.id).sort((a, b) => (a < b ? -1 : 1)));
        assert.deepEqual(await f.store.transfer.liveSecrets(now, '', 100), [...live].sort((a, b) => (a.id < b.id ? -1 : 1)), 'every field as created');
      } finally {
        await f.cleanup();
      }
    });

    it('imports keep every field and skip ids already present; imported secrets consume exactly once; events arrive claimable', async () => {
      const from = await open();
      const to = await open();
      try {
        const token = randomBytes(32);
        const claimHash = createHash('sha256').update(token).digest('base64url');
        const claimedSecret = secret({ claimHash, hint: 'claimed', splitUrlMode: true, ownerKeyId: 'key_1', callbackUrl: 'https://hooks.example/z', callbackSecret: 'v1.sealed' });
        const plain = secret({ hint: 'plain' });
        const hooked = secret({ callbackUrl: 'https://hooks.example/z', callbackSecret: 'v1.sealed-2' });
        for (const s of [claimedSecret, plain, hooked]) await from.store.secrets.create(request(s));
        const eventId = ev();
        await from.store.secrets.consume(hooked.id, T + 1, eventId, null); // queues secret.consumed

        const clash = secret({ id: plain.id, blob: 'eyJvdGhlciI6MX0' });
        await to.store.secrets.create(request(clash));
        const page = await from.store.transfer.liveSecrets(T + 2, '', 100);
        assert.equal(await to.store.transfer.importSecrets(page), 1, 'the id already there is skipped');
        assert.equal(await to.store.transfer.importSecrets(page), 0, 'a second run inserts nothing');
        assert.deepEqual(await to.store.secrets.consume(plain.id, T + 3, ev(), null), { kind: 'consumed', blob: clash.blob, hint: null, purgeAt: clash.purgeAt, webhookQueued: false, replayed: false }, 'never overwritten');

        assert.deepEqual(await to.store.secrets.consume(claimedSecret.id, T + 3, ev(), null), { kind: 'not_found' }, 'still bound to its claim hash');
        const got = await to.store.secrets.consume(claimedSecret.id, T + 3, ev(), { hash: claimHash, idempotencyKey: null, retainUntil: 0 });
        assert.equal(got.kind, 'consumed');
        assert.equal(got.kind === 'consumed' && got.blob, claimedSecret.blob);
        assert.equal(got.kind === 'consumed' && got.webhookQueued, true, 'its callback came along');
        assert.equal((await to.store.secrets.consume(claimedSecret.id, T + 4, ev(), { hash: claimHash, idempotencyKey: null, retainUntil: 0 })).kind, 'already_consumed');

        const queued = await from.store.transfer.queuedEvents();
        assert.deepEqual(queued.map((e) => [e.eventId, e.event, e.secretId, e.sealedSecret]), [[eventId, 'secret.consumed', hooked.id, 'v1.sealed-2']]);
        assert.equal(await to.store.transfer.importEvents(queued), 1);
        assert.equal(await to.store.transfer.importEvents(queued), 0);
        const claimedEvents = await to.store.outbox.claim(T + 10, T + 60_000, 10);
        assert.ok(claimedEvents.some((e) => e.eventId === eventId && e.url === 'https://hooks.example/z' && e.occurredAt === T + 1));
      } finally {
        await from.cleanup();
        await to.cleanup();
      }
    });
  });
}
