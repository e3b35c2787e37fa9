// `zephr request` and `zephr fulfill` as real child processes against a real server: the secret
// reaches the requester's stdout and nothing else (VAR=$(zephr request) works), --no-wait keeps
// the key 0600 until `zephr request receive`, and the SDK and the CLI answer each other's requests.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRequest, fulfillRequest, receiveRequest } from '../src/index.js';
import { CLI, zephr } from './support/zephr-cli.js';
import { type LiveServer, startZephrServer } from '@zephr/test-support';

const REQUEST_LINK = /http:\/\/127\.0\.0\.1:\d+\/request\/([A-Za-z0-9_-]{22})#r1\.[A-Za-z0-9_-]{87}/;

describe('zephr request and zephr fulfill', () => {
  let server: LiveServer;
  let env: Record<string, string>;
  let config: string;
  before(async () => {
    server = await startZephrServer({ ZEPHR_ANON_DAILY_CREATES: '1000' });
    config = mkdtempSync(join(tmpdir(), 'zephr-cli-requests-'));
    env = { ZEPHR_URL: server.url, XDG_CONFIG_HOME: config };
  });
  after(async () => {
    await server.stop();
    rmSync(config, { recursive: true, force: true });
  });

  /** `zephr request …` started in the background; resolves once it has printed its link on stderr. */
  function waitingRequest(args: string[]): Promise<{ link: string; id: string; done: Promise<{ code: number | null; stdout: string; stderr: string }> }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'request', ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((r) => child.on('close', (code) => r({ code, stdout, stderr })));
      child.stdout.on('data', (c) => { stdout += c; });
      child.stderr.on('data', (c) => {
        stderr += c;
        const m = REQUEST_LINK.exec(stderr);
        if (m) resolve({ link: m[0], id: m[1]!, done });
      });
      child.stdin.end();
      void done.then((r) => reject(new Error(`zephr request ended before printing a link: ${r.stderr}`)));
    });
  }

  it('DB_PASSWORD=$(zephr request --hint …): the link goes to stderr, the secret fulfilled from stdin to stdout, exactly', async () => {
    const waiting = await waitingRequest(['--hint', 'prod db', '--expiry', '1h']);
    assert.equal(readdirSync(join(config, 'zephr', 'requests')).includes(`${waiting.id}.json`), true, 'the key is kept while it waits');
    const sent = await zephr(['fulfill', waiting.link], { stdin: 'hunter2 ✓\n', env });
    assert.equal(sent.code, 0, sent.stderr);
    assert.equal(sent.stdout, '', 'fulfill prints nothing on stdout but with --json');
    assert.match(sent.stderr, /Request for "prod db": open in 60 minutes/);
    const got = await waiting.done;
    assert.equal(got.code, 0, got.stderr);
    assert.equal(got.stdout, 'hunter2 ✓', 'exactly the secret: one trailing newline of stdin removed, none added into a pipe');
    assert.match(got.stderr, /Hint: prod db/);
    assert.equal(readdirSync(join(config, 'zephr', 'requests')).includes(`${waiting.id}.json`), false, 'the key goes once received');
    const again = await zephr(['fulfill', waiting.link, 'second'], { env });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /REQUEST_FULFILLED/);
  });

  it('--no-wait prints the link on stdout and keeps the key 0600; zephr request receive <id> finishes it, once', async () => {
    const made = await zephr(['request', '--no-wait', '--json'], { env });
    assert.equal(made.code, 0, made.stderr);
    const out = JSON.parse(made.stdout) as { link: string; id: string; expires_at: string; key_file: string };
    assert.match(out.link, REQUEST_LINK);
    assert.equal(statSync(out.key_file).mode & 0o777, 0o600);
    assert.equal(statSync(join(out.key_file, '..')).mode & 0o777, 0o700);
    assert.match(readFileSync(out.key_file, 'utf8'), /"private_key": "r1p\.[A-Za-z0-9_-]{43}"/);
    // An id may begin with "-": after `--` it is an argument, as the CLI's own hints write it.
    const early = await zephr(['request', 'receive', '--no-wait', '--', out.id], { env });
    assert.equal(early.code, 1);
    assert.match(early.stderr, /Not answered yet/);
    const file = join(config, 'answer.txt');
    writeFileSync(file, 'from a file\n');
    assert.equal((await zephr(['fulfill', out.link, '--file', file], { env })).code, 0);
    const got = await zephr(['request', 'receive', out.link], { env });
    assert.equal(got.code, 0, got.stderr);
    assert.equal(got.stdout, 'from a file\n', '--file sends the contents exactly');
    const twice = await zephr(['request', 'receive', '--', out.id], { env });
    assert.equal(twice.code, 1);
    assert.match(twice.stderr, /No saved request/);
  });

  it('the CLI answers an SDK request, and the SDK answers a CLI request', async () => {
    const asked = await createRequest({ baseUrl: server.url, hint: 'from the SDK' });
    const sent = await zephr(['fulfill', asked.link, '--', '-dash-secret'], { env });
    assert.equal(sent.code, 0, sent.stderr);
    const got = await receiveRequest(asked, { wait: 5 });
    assert.deepEqual(got.status === 'received' && [got.secret, got.hint], ['-dash-secret', 'from the SDK']);

    const waiting = await waitingRequest(['--quiet']);
    await fulfillRequest(waiting.link, 'sdk to cli');
    const cli = await waiting.done;
    assert.equal(cli.stdout, 'sdk to cli');
  });

  it('bad input is a clear error before anything is sent', async () => {
    const notRequest = await zephr(['fulfill', `${server.url}/secret/AAAAAAAAAAAAAAAAAAAAAA#v1.${'A'.repeat(43)}`, 'x'], { env });
    assert.equal(notRequest.code, 1);
    assert.match(notRequest.stderr, /This is a secret link, not a request link/);
    const cut = await zephr(['fulfill', `${server.url}/request/AAAAAAAAAAAAAAAAAAAAAA#r1.BLD8`, 'x'], { env });
    assert.match(cut.stderr, /INVALID_REQUEST_KEY|Request key must be/);
    assert.match((await zephr(['request', 'extra'], { env })).stderr, /takes no argument/);
    assert.match((await zephr(['request', '--split'], { env })).stderr, /--split does not apply to request/);
    assert.match((await zephr(['request', 'receive'], { env })).stderr, /Usage: zephr request receive/);
    assert.match((await zephr(['request', 'receive', '--', `-${'A'.repeat(21)}`], { env })).stderr, /No saved request -A{21} here/, 'an id beginning with "-" is an id after --');
    assert.match((await zephr(['fulfill'], { env })).stderr, /Usage: zephr fulfill/);
  });
});
