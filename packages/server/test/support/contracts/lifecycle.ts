// The contract suite of the store as a whole (store.ts): everything survives reopening; ping and close.
// Written once; every engine runs it unchanged (test/sqlite-store.test.ts, test/postgres-store.test.ts).
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { installationSecret } from '../../../src/store/store.js';
import { ev, type OpenStore, request, secret, storeTest, T } from './fixtures.js';

export function lifecycleContract(engine: string, open: OpenStore): void {
  const withStore = storeTest(open);

  describe(`Store contract: ${engine}`, () => {
    withStore('[A-CREATE-3] secrets, consumption and keys survive reopening', async (f) => {
      const kept = secret();
      const used = secret();
      await f.store.secrets.create(request(kept));
      await f.store.secrets.create(request(used));
      await f.store.secrets.consume(used.id, T + 1, ev(), null);
      const installation = await installationSecret(f.store.settings);
      await f.store.apiKeys.insert({ id: 'key_a', hash: 'ab'.repeat(32), prefix: 'zeph_abcdefg', tier: 'free', label: null, createdAt: T, revokedAt: null });
      const store = await f.reopen();
      assert.deepEqual(await installationSecret(store.settings), installation);
      assert.equal(installation.length, 32);
      assert.deepEqual(await store.secrets.consume(used.id, T + 2, ev(), null), { kind: 'already_consumed' });
      assert.equal((await store.secrets.consume(kept.id, T + 2, ev(), null)).kind, 'consumed');
      assert.equal((await store.apiKeys.findByHash('ab'.repeat(32)))?.id, 'key_a');
    });

    withStore('ping answers, close is idempotent', async (f) => {
      await f.store.ping();
      await f.store.close();
      await f.store.close();
      await assert.rejects(f.store.ping());
    });
  });
}
