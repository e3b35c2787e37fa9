// The contract suite of the settings store (settings-store.ts): first writer wins, kept across reopening.
// Written once; every engine runs it unchanged (test/sqlite-store.test.ts, test/postgres-store.test.ts).
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { type OpenStore, storeTest } from './fixtures.js';

export function settingsStoreContract(engine: string, open: OpenStore): void {
  const withStore = storeTest(open);

  describe(`SettingsStore contract: ${engine}`, () => {
    withStore('claimSetting: the first value stays, whoever writes later', async (f) => {
      const first = await Promise.all(['a', 'b', 'c'].map((v) => f.store.settings.claim('setting', v)));
      assert.equal(new Set(first).size, 1);
      const store = await f.reopen();
      assert.equal(await store.settings.claim('setting', 'z'), first[0]);
    });
  });
}
