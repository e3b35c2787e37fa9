// The server key: how it is given or made, and that a store set up with one refuses another.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig, ConfigError } from '../src/config.js';
import { createServices } from '../src/services.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { loadServerKey, parseServerKey, SecretBox } from '../src/webhooks/server-key.js';

describe('the server key', () => {
  it('ZEPHR_SECRET_KEY is 32 bytes as hex or base64url; a bad value names the variable', () => {
    assert.equal(parseServerKey('ab'.repeat(32)).length, 32);
    assert.equal(parseServerKey(Buffer.alloc(32, 7).toString('base64url')).length, 32);
    assert.throws(() => loadConfig({ ZEPHR_SECRET_KEY: 'short' }), (e: unknown) => e instanceof ConfigError && /^ZEPHR_SECRET_KEY: must be 32 random bytes/.test((e as Error).message));
    assert.equal(loadConfig({ ZEPHR_SECRET_KEY: 'cd'.repeat(32) }).serverKey?.toString('hex'), 'cd'.repeat(32));
  });

  it('without it, a key is generated once into the data directory (0600) and reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zephr-key-'));
    try {
      const first = loadServerKey(undefined, dir);
      const second = loadServerKey('', dir);
      assert.equal(first.source, 'generated');
      assert.equal(second.source, 'file');
      assert.deepEqual(first.key, second.key);
      assert.equal(statSync(join(dir, 'server.key')).mode & 0o777, 0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a server started with a different key than the store was set up with refuses to start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zephr-keycheck-'));
    try {
      const config = (key: string) => ({ ...loadConfig({ ZEPHR_DATA_DIR: dir, ZEPHR_LOG_LEVEL: 'silent' }), serverKey: Buffer.from(key, 'hex') });
      const first = await createServices(config('a1'.repeat(32)), { store: new SqliteStore(join(dir, 'zephr.db')) });
      await first.close();
      const other = new SqliteStore(join(dir, 'zephr.db'));
      await assert.rejects(createServices(config('b2'.repeat(32)), { store: other }), /set up with a different server key: set ZEPHR_SECRET_KEY/);
      await other.close();
      const again = await createServices(config('a1'.repeat(32)), { store: new SqliteStore(join(dir, 'zephr.db')) });
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a sealed callback secret opens only for its own secret id and key', () => {
    const box = new SecretBox(Buffer.alloc(32, 1));
    const sealed = box.seal('id-one', 'signing');
    assert.equal(box.open('id-one', sealed), 'signing');
    assert.throws(() => box.open('id-two', sealed));
    assert.throws(() => new SecretBox(Buffer.alloc(32, 2)).open('id-one', sealed));
  });
});
