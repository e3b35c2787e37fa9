// The server as a real process: start-up and configuration errors, durability across kill -9
// and restart, draining on SIGTERM, and the keys admin commands.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { blob, call, create, runBin, startProcess, tempDir } from '@zephr/test-support';

const dirs: string[] = [];
const dataDir = () => { const d = tempDir(); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

describe('zephr-server process', () => {
  it('a bad configuration value stops start-up with a message naming the variable', () => {
    for (const [variable, value] of [['ZEPHR_PORT', 'eighty'], ['ZEPHR_TIERS', '{"gold":{}}'], ['ZEPHR_LOG_LEVEL', 'loud'], ['ZEPHR_PUBLIC_URL', 'not a url'], ['ZEPHR_METRICS', 'maybe']] as const) {
      const r = runBin(['serve'], { ZEPHR_DATA_DIR: dataDir(), [variable]: value });
      assert.equal(r.status, 1, `${variable}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`invalid configuration: ${variable}`));
    }
  });

  it('--help, --version and unknown commands', () => {
    assert.match(runBin(['--help'], {}).stdout, /zephr-server keys create --tier/);
    assert.match(runBin(['--version'], {}).stdout, /^\d+\.\d+\.\d+\n$/);
    const bad = runBin(['frobnicate'], {});
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown command "frobnicate"/);
  });

  it('[A-CREATE-3][A-GET-2] acknowledged creates and consumes survive kill -9 and restart', async () => {
    const dir = dataDir();
    const env = { ZEPHR_DATA_DIR: dir, ZEPHR_ANON_DAILY_CREATES: '1000' };
    const first = await startProcess(env);
    const created = [];
    for (let i = 0; i < 20; i++) {
      const r = await create(first);
      assert.equal(r.status, 201);
      created.push(r.body.id as string);
    }
    const consumed = created.slice(0, 5);
    for (const id of consumed) assert.equal((await call(first.url, `/api/secrets/${id}`)).status, 200);
    first.child.kill('SIGKILL');
    assert.equal((await first.exited).signal, 'SIGKILL');

    const second = await startProcess(env);
    try {
      for (const id of consumed) assert.equal((await call(second.url, `/api/secrets/${id}`)).body.error?.code, 'SECRET_ALREADY_CONSUMED');
      for (const id of created.slice(5)) assert.equal((await call(second.url, `/api/secrets/${id}`)).status, 200, id);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('SIGTERM drains an in-flight request, then exits 0 with the store closed', async () => {
    const dir = dataDir();
    const server = await startProcess({ ZEPHR_DATA_DIR: dir });
    const body = JSON.stringify({ encrypted_blob: await blob('in flight'), expiry: 60 });
    const port = new URL(server.url).port;
    const pending = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/secrets', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (c) => { text += c; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 20));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(20)), 300);
      }, 200);
    });
    const done = await pending;
    assert.equal(done.status, 201, done.text);
    const exit = await server.exited;
    assert.equal(exit.code, 0, server.output());
    assert.match(server.output(), /shutting down: draining requests/);
    const restarted = await startProcess({ ZEPHR_DATA_DIR: dir });
    try {
      assert.equal((await call(restarted.url, `/api/secrets/${JSON.parse(done.text).id}`)).status, 200, 'the drained create was kept');
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
  });
});

describe('zephr-server keys', () => {
  it('[A-AUTH-1][A-AUTH-3] create prints the key last; list never shows it; set-tier and revoke take effect', async () => {
    const dir = dataDir();
    const env = { ZEPHR_DATA_DIR: dir };
    const made = runBin(['keys', 'create', '--tier', 'free', '--label', 'ci pipeline'], env);
    assert.equal(made.status, 0, made.stderr);
    const lines = made.stdout.trimEnd().split('\n');
    const key = lines.at(-1)!;
    assert.match(key, /^zeph_[A-Za-z0-9_-]{43}$/);
    const id = /Created API key (key_[A-Za-z0-9_-]+)/.exec(made.stdout)![1]!;

    const server = await startProcess(env);
    try {
      assert.equal((await call(server.url, '/api/limits', { key })).body.tier, 'free');
      assert.equal((await create(server, { expiry: 1440 }, { key })).status, 201);

      const list = runBin(['keys', 'list'], env);
      assert.equal(list.status, 0);
      assert.match(list.stdout, new RegExp(`${id}\\s+${key.slice(0, 12)}…\\s+free\\s+\\(operator\\)\\s+ci pipeline`));
      assert.match(list.stdout, /active\s+1$/m);
      assert.ok(!list.stdout.includes(key.slice(12)), 'list never shows the key');
      const json = JSON.parse(runBin(['keys', 'list', '--json'], env).stdout) as { id: string; creates_this_month: number }[];
      assert.equal(json[0]!.creates_this_month, 1);

      assert.equal(runBin(['keys', 'set-tier', id, 'dev'], env).status, 0);
      assert.equal((await call(server.url, '/api/limits', { key })).body.tier, 'dev');
      assert.equal(runBin(['keys', 'revoke', id], env).status, 0);
      await sleep(10);
      assert.equal((await call(server.url, '/api/limits', { key })).body.error?.code, 'INVALID_API_KEY');
      assert.match(runBin(['keys', 'list'], env).stdout, /revoked/);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('rejects bad arguments with a usage error (exit 2)', () => {
    const env = { ZEPHR_DATA_DIR: dataDir() };
    for (const args of [['keys', 'create', '--tier', 'gold'], ['keys', 'create'], ['keys', 'create', '--tier', 'free', '--colour', 'red'], ['keys', 'revoke', 'key_nope'], ['keys', 'set-tier', 'key_nope', 'pro'], ['keys', 'dance']]) {
      const r = runBin(args, env);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^zephr-server: /);
    }
  });
});
