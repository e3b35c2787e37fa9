// An operator's first hour, with the real bin: --help lists every setting with its default,
// `config` shows what is in effect (secrets masked) and refuses bad values, the start-up summary,
// readable or JSON logs with one access line per request, the anonymous-limit settings, an online
// backup while serving, and copy-to moving an installation from SQLite to PostgreSQL.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { call, create, freshDatabase, runBin, SoftwarePasskey, startProcess, tempDir } from '@zephr/test-support';
import { loadConfig } from '../src/config.js';
import { describeConfig, SETTINGS } from '../src/settings.js';

const dirs: string[] = [];
const dataDir = () => { const d = tempDir(); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

describe('an operator\'s first hour', () => {
  it('every variable config.ts reads is a documented setting, and each documented default is the one in effect', () => {
    const source = readFileSync(new URL('../src/config.ts', import.meta.url), 'utf8');
    const read = new Set(source.match(/ZEPHR_[A-Z_]+/g));
    assert.deepEqual([...read].sort(), SETTINGS.map((s) => s.name).sort());
    const config = loadConfig({});
    for (const s of SETTINGS) {
      if (['ZEPHR_DATA_DIR', 'ZEPHR_WEB_DIR', 'ZEPHR_SECRET_KEY', 'ZEPHR_TIERS'].includes(s.name)) continue; // paths, generated, a table
      assert.equal(s.show(config), s.default, s.name);
    }
    assert.equal(loadConfig({}).dataDir, join(process.cwd(), 'data'));
    assert.match(describeConfig(config, {}), /^ZEPHR_HOST\s+127\.0\.0\.1 {2}\(default\)$/m);
  });

  it('--help lists every setting with its default', () => {
    const help = runBin(['--help'], {}).stdout;
    for (const s of SETTINGS) assert.match(help, new RegExp(`^  ${s.name} .*\\[default: ${s.default.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\]$`, 'm'), s.name);
  });

  it('config prints the effective values with secrets masked, and exits 1 naming a bad value', () => {
    const key = 'ab'.repeat(32);
    const r = runBin(['config'], { ZEPHR_PORT: '9000', ZEPHR_SECRET_KEY: key, ZEPHR_DATABASE_URL: 'postgres://zephr:hunter2@db.internal:5432/zephr', ZEPHR_ANON_EXPIRIES: '15,60' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^ZEPHR_PORT\s+9000$/m);
    assert.match(r.stdout, /^ZEPHR_HOST\s+127\.0\.0\.1 {2}\(default\)$/m);
    assert.match(r.stdout, /^ZEPHR_ANON_EXPIRIES\s+15,60$/m);
    assert.match(r.stdout, /^ZEPHR_SECRET_KEY\s+set \(hidden\)$/m);
    assert.match(r.stdout, /^ZEPHR_DATABASE_URL\s+postgres:\/\/zephr:\*{5}@db\.internal:5432\/zephr$/m);
    assert.ok(!r.stdout.includes(key) && !r.stdout.includes('hunter2'));
    for (const [variable, value, says] of [['ZEPHR_ANON_EXPIRIES', '60,90', /drawn from 5, 15/], ['ZEPHR_ANON_MAX_SECRET_BYTES', '0', /between 1 and/], ['ZEPHR_LOG_FORMAT', 'xml', /auto, json, pretty/]] as const) {
      const bad = runBin(['config'], { [variable]: value });
      assert.equal(bad.status, 1, variable);
      assert.match(bad.stderr, new RegExp(`invalid configuration: ${variable}`));
      assert.match(bad.stderr, says);
    }
  });

  it('the anonymous-limit settings change what anonymous callers may do, and the start-up summary says so', async () => {
    const dir = dataDir();
    const server = await startProcess({ ZEPHR_DATA_DIR: dir, ZEPHR_ANON_DAILY_CREATES: '7', ZEPHR_ANON_EXPIRIES: '15,1440', ZEPHR_ANON_MAX_SECRET_BYTES: '100', ZEPHR_LOG_FORMAT: 'json' });
    try {
      const limits = (await call(server.url, '/api/limits')).body as { quota: { limit: number }; max_secret_bytes: number; expiry: { default: number; options: { minutes: number; allowed: boolean }[] } };
      assert.equal(limits.max_secret_bytes, 100);
      assert.equal(limits.quota.limit, 7);
      assert.deepEqual(limits.expiry.options.filter((e) => e.allowed).map((e) => e.minutes), [15, 1440]);
      assert.equal(limits.expiry.default, 15);
      await new Promise((r) => setTimeout(r, 100));
      const summary = server.output();
      assert.match(summary, new RegExp(`data {8}SQLite in ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      assert.match(summary, /anonymous {3}7 creates per day per address; expiries 15 min, 1 d; secrets up to 100 bytes/);
      assert.match(summary, /accounts {4}sign-up by invite: zephr-server users invite --admin/);
      assert.match(summary, /API keys {4}people make their own at \/account .*zephr-server keys create --tier/);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('logs: JSON off a terminal, readable with ZEPHR_LOG_FORMAT=pretty; one access line per request either way', async () => {
    for (const format of ['json', 'pretty']) {
      const server = await startProcess({ ZEPHR_DATA_DIR: dataDir(), ZEPHR_LOG_FORMAT: format });
      try {
        const made = await create(server);
        await call(server.url, `/api/secrets/${made.body.id as string}`);
        await new Promise((r) => setTimeout(r, 200));
        const lines = server.output().trim().split('\n');
        const access = lines.filter((l) => /(POST \/api\/secrets 201|GET \/api\/secrets\/[A-Za-z0-9_-]{4}… 200) \d+\.\d ms/.test(l));
        assert.equal(access.length, 2, lines.join('\n'));
        if (format === 'json') {
          for (const l of lines) JSON.parse(l);
          assert.deepEqual(Object.keys(JSON.parse(access[0]!) as object).filter((k) => ['method', 'url', 'statusCode', 'responseTime'].includes(k)), ['method', 'url', 'statusCode', 'responseTime']);
          assert.equal((JSON.parse(access[0]!) as { statusCode: number }).statusCode, 201);
          assert.equal(lines.filter((l) => l.includes('incoming request')).length, 0, 'no second line per request');
        } else {
          assert.ok(lines.every((l) => !l.startsWith('{')), 'no JSON lines');
          assert.match(access[0]!, /^\[\d\d:\d\d:\d\d\] INFO: POST \/api\/secrets 201/);
        }
        assert.ok(!server.output().includes(made.body.id as string), 'ids stay shortened');
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    }
  });

  it('backup: an online copy while serving, into a new 0600 file, never over an existing one', async () => {
    const dir = dataDir();
    const server = await startProcess({ ZEPHR_DATA_DIR: dir, ZEPHR_ANON_DAILY_CREATES: '100' });
    try {
      const made = [];
      for (let i = 0; i < 5; i++) made.push((await create(server)).body.id as string);
      await call(server.url, `/api/secrets/${made[0]!}`);
      const file = join(dataDir(), 'zephr-backup.db');
      const r = runBin(['backup', file], { ZEPHR_DATA_DIR: dir });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^Backed up .*zephr\.db to .*zephr-backup\.db \(\d+ KB\)\.\nKeep .*server\.key with it/);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const db = new Database(file, { readonly: true });
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      assert.equal((db.prepare('SELECT count(*) AS n FROM secrets WHERE blob IS NOT NULL').get() as { n: number }).n, 4, 'the consumed one has no ciphertext');
      db.close();
      const again = runBin(['backup', file], { ZEPHR_DATA_DIR: dir });
      assert.equal(again.status, 2);
      assert.match(again.stderr, /exists already/);
      assert.equal((await call(server.url, `/api/secrets/${made[1]!}`)).status, 200, 'the server kept serving');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('copy-to moves keys, unread secrets and their claims to PostgreSQL; refuses while the server runs; runs again safely', async () => {
    const dir = dataDir();
    const env = { ZEPHR_DATA_DIR: dir, ZEPHR_ANON_DAILY_CREATES: '100' };
    const sqlite = await startProcess(env);
    const db = await freshDatabase();
    try {
      const key = runBin(['keys', 'create', '--tier', 'dev', '--label', 'ci'], env).stdout.trim().split('\n').at(-1)!;
      // An account with a passkey and a key of its own.
      const invite = /invite=([A-Za-z0-9_-]{43})/.exec(runBin(['users', 'invite', '--tier', 'pro'], env).stdout)![1]!;
      const passkey = new SoftwarePasskey(sqlite.url);
      const options = await call(sqlite.url, '/auth/signup/options', { body: { name: 'Moved', invite }, headers: { origin: sqlite.url } });
      const signedUp = await call(sqlite.url, '/auth/signup', { body: passkey.register(options.body as never), headers: { origin: sqlite.url } });
      assert.equal(signedUp.status, 201, signedUp.text);
      const cookie = (signedUp.headers.get('set-cookie') ?? '').split(';')[0]!;
      const userKey = (await call(sqlite.url, '/auth/keys', { body: { label: 'laptop' }, headers: { cookie, origin: sqlite.url } })).body.key as string;
      const unread = [];
      for (let i = 0; i < 3; i++) unread.push((await create(sqlite)).body.id as string);
      const read = (await create(sqlite)).body.id as string;
      await call(sqlite.url, `/api/secrets/${read}`);
      const port = new URL(sqlite.url).port;
      const busy = runBin(['copy-to', db.url], { ...env, ZEPHR_PORT: port });
      assert.equal(busy.status, 2);
      assert.match(busy.stderr, /stop it first/);
      sqlite.child.kill('SIGTERM');
      await sqlite.exited;

      const copied = runBin(['copy-to', db.url], env);
      assert.equal(copied.status, 0, copied.stderr);
      assert.match(copied.stdout, /Copied to PostgreSQL at .*: 1 users \(0 there already\), 2 API keys \(0 there already\), 3 unread secrets \(0 there already\), 0 queued webhook events\.\nStart the PostgreSQL instances with ZEPHR_SECRET_KEY set to the key in .*server\.key/);
      assert.match(runBin(['copy-to', db.url], env).stdout, /0 users \(1 there already\), 0 API keys \(2 there already\), 0 unread secrets \(3 there already\)/);

      const serverKey = readFileSync(join(dir, 'server.key'), 'utf8').trim();
      const pg = await startProcess({ ZEPHR_DATABASE_URL: db.url, ZEPHR_SECRET_KEY: serverKey, ZEPHR_DATA_DIR: dataDir() });
      try {
        for (const id of unread) assert.equal((await call(pg.url, `/api/secrets/${id}`)).status, 200);
        assert.equal((await call(pg.url, `/api/secrets/${read}`)).status, 404, 'what was read stays read');
        assert.equal(((await call(pg.url, '/api/limits', { key })).body as { tier: string }).tier, 'dev', 'the API key works there');
        assert.equal(((await call(pg.url, '/api/limits', { key: userKey })).body as { tier: string }).tier, 'pro', 'so does the account\'s, with its tier');
        const signin = await call(pg.url, '/auth/signin/options', { method: 'POST', headers: { origin: pg.url } });
        const back = await call(pg.url, '/auth/signin', { body: passkey.authenticate(signin.body as never, pg.url), headers: { origin: pg.url } });
        assert.equal((back.body.user as { name: string } | undefined)?.name, 'Moved', `the passkey signs in there: ${back.text}`);
      } finally {
        pg.child.kill('SIGTERM');
        await pg.exited;
      }
      const otherKey = runBin(['copy-to', db.url], { ZEPHR_DATA_DIR: dataDir() });
      assert.equal(otherKey.status, 2);
      assert.match(otherKey.stderr, /(no database at|different server key)/);
    } finally {
      await db.drop();
    }
  });
});
