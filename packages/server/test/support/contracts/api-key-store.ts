// The contract suite of the API key store (api-key-store.ts).
// Written once; every engine runs it unchanged (test/sqlite-store.test.ts, test/postgres-store.test.ts).
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { type OpenStore, storeTest, T } from './fixtures.js';

export function apiKeyStoreContract(engine: string, open: OpenStore): void {
  const withStore = storeTest(open);

  describe(`ApiKeyStore contract: ${engine}`, () => {
    withStore('[A-AUTH-3] API keys: insert, find by hash, list, revoke, re-tier', async ({ store }) => {
      await store.apiKeys.insert({ id: 'key_1', hash: '01'.repeat(32), prefix: 'zeph_1111111', tier: 'free', label: 'ci', createdAt: T, revokedAt: null });
      await store.apiKeys.insert({ id: 'key_2', hash: '02'.repeat(32), prefix: 'zeph_2222222', tier: 'dev', label: null, createdAt: T + 1, revokedAt: null });
      assert.equal(await store.apiKeys.findByHash('03'.repeat(32)), null);
      assert.deepEqual((await store.apiKeys.list()).map((k) => k.id), ['key_1', 'key_2']);
      assert.equal(await store.apiKeys.setTier('key_1', 'pro'), true);
      assert.equal(await store.apiKeys.revoke('key_2', T + 5), true);
      assert.equal(await store.apiKeys.revoke('key_missing', T), false);
      assert.equal(await store.apiKeys.setTier('key_missing', 'pro'), false);
      assert.equal((await store.apiKeys.findByHash('01'.repeat(32)))?.tier, 'pro');
      assert.equal((await store.apiKeys.findByHash('02'.repeat(32)))?.revokedAt, T + 5);
    });
  });
}
