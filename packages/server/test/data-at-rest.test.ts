// What the database files hold at rest: no consumed, expired or purged ciphertext (secure
// deletion, WAL truncation), private file modes whatever the umask, and clear start-up errors.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { encodeBase64Url } from 'zephr';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { SERVER_BIN, tempDir } from '@zephr/test-support';

const T = Date.UTC(2026, 0, 15, 10);
const MIN = 60_000;

/** A blob-shaped value that is easy to find in raw bytes; `size` characters of base64url. */
const marker = (size: number) => encodeBase64Url(randomBytes(Math.ceil((size * 3) / 4))).slice(0, size);

function filesContain(dir: string, needle: string): string[] {
  return readdirSync(dir).filter((name) => readFileSync(join(dir, name)).includes(Buffer.from(needle, 'latin1')));
}

describe('data at rest (SQLite)', () => {
  it('after consume, expiry and purge no blob is left in the database file or its WAL; an unread one still is', async () => {
    const dir = tempDir();
    const path = join(dir, 'zephr.db');
    const store = new SqliteStore(path, { checkpoint: 'worker' });
    const blobs = { consumed: marker(200), consumedLarge: marker(9000), expired: marker(300), purged: marker(5000), unread: marker(250) };
    const ids: Record<string, string> = {};
    for (const [name, blob] of Object.entries(blobs)) {
      const id = encodeBase64Url(randomBytes(16));
      ids[name] = id;
      const expiresAt = name === 'expired' || name === 'purged' ? T + 5 * MIN : T + 60 * MIN;
      const purgeAt = name === 'purged' ? T + 6 * MIN : T + 120 * MIN;
      await store.secrets.create({
        secret: { id, blob, createdAt: T, expiresAt, purgeAt, hint: null, splitUrlMode: false, ownerKeyId: null, callbackUrl: null, callbackSecret: null, claimHash: null },
        quota: { subject: 's', period: 'p', limit: 100, periodEndsAt: T + 86_400_000 }, idempotency: null, response: { id, expires_at: '' }, now: T,
      });
    }
    assert.equal((await store.secrets.consume(ids.consumed!, T + 1, 'e1', null)).kind, 'consumed');
    assert.equal((await store.secrets.consume(ids.consumedLarge!, T + 1, 'e2', null)).kind, 'consumed');
    assert.equal((await store.secrets.sweep(T + 5 * MIN + 1, 100, () => 'e3')).expired, 2, 'the expired and the to-be-purged secret lose their ciphertext');
    assert.equal((await store.secrets.sweep(T + 6 * MIN, 100, () => 'e4')).purged, 1);
    await store.close();
    try {
      for (const name of ['consumed', 'consumedLarge', 'expired', 'purged'] as const) {
        assert.deepEqual(filesContain(dir, blobs[name]), [], `the ${name} blob is nowhere in ${readdirSync(dir).join(', ')}`);
      }
      assert.deepEqual(filesContain(dir, blobs.unread), ['zephr.db'], 'the scan finds what is there: the unread secret');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the data directory is 0700 and every file in it 0600, even with umask 000 and a looser directory', () => {
    const dir = tempDir();
    try {
      spawnSync('chmod', ['755', dir]);
      const r = spawnSync('bash', ['-c', `umask 000; exec "${process.execPath}" "${SERVER_BIN}" migrate`], { env: { ...process.env, ZEPHR_DATA_DIR: dir }, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      for (const name of readdirSync(dir)) assert.equal(statSync(join(dir, name)).mode & 0o777, 0o600, name);
      assert.ok(readdirSync(dir).includes('zephr.db'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('start-up problems with the database are one clear line naming the file, and exit 1', () => {
    const damaged = tempDir();
    const parentIsAFile = tempDir();
    try {
      writeFileSync(join(damaged, 'zephr.db'), 'this is not a database, only some text that is long enough\n'.repeat(20));
      writeFileSync(join(parentIsAFile, 'file'), 'x');
      const cases: [string, RegExp][] = [
        [damaged, /zephr\.db is not a Zephr database or is damaged .*restore it from a backup/],
        [join(parentIsAFile, 'file', 'data'), /cannot create the database .*zephr\.db \(ENOTDIR\)/],
      ];
      for (const [dataDir, said] of cases) {
        const r = spawnSync(process.execPath, [SERVER_BIN, 'serve'], { env: { ...process.env, ZEPHR_DATA_DIR: dataDir, ZEPHR_PORT: '0' }, encoding: 'utf8', timeout: 15_000 });
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stderr, said);
        assert.equal(r.stderr.trimEnd().split('\n').length, 1, `one line, no stack:\n${r.stderr}`);
      }
    } finally {
      rmSync(damaged, { recursive: true, force: true });
      rmSync(parentIsAFile, { recursive: true, force: true });
    }
  });
});
