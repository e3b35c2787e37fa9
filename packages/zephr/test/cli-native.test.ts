// The CLI as a native tool: the layout on a real terminal (a pseudo-terminal from Python's pty),
// the hidden prompt, --quiet and --json on every command, --file, --output, --qr, limits and
// shell completion (run in real bash, zsh and fish when they are installed).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { type AddressInfo, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encode } from 'uqr';
import { repoRoot } from './support/vectors.js';
import { CLI, zephr } from './support/zephr-cli.js';
import { type LiveServer, startZephrServer } from '@zephr/test-support';

const PTY = join(repoRoot, 'packages', 'zephr', 'test', 'support', 'on_terminal.py');
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[\\d;]*m`, 'g');
const LINK = /http:\/\/127\.0\.0\.1:\d+\/secret\/[A-Za-z0-9_-]{22}#v1\.[A-Za-z0-9_-]{43}/;


/** The CLI on a pseudo-terminal: stdin, stdout and stderr are all the terminal. */
function onTerminal(args: string[], env: Record<string, string>, options: { input?: string; waitFor?: string } = {}): { code: number; output: string } {
  const spec = JSON.stringify({ ...(options.input !== undefined && { input: options.input, wait_for: options.waitFor ?? '' }) });
  const r = spawnSync('python3', [PTY, spec, process.execPath, CLI, ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'xterm', ...env }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { code: number; output: string };
}

describe('zephr CLI, native behaviour', () => {
  let server: LiveServer;
  let env: Record<string, string>;
  let dir: string;
  before(async () => {
    server = await startZephrServer({ ZEPHR_ANON_DAILY_CREATES: '1000' });
    env = { ZEPHR_URL: server.url };
    dir = mkdtempSync(join(tmpdir(), 'zephr-cli-native-'));
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('on a terminal: the friendly layout (Link: and the expiry) on stdout, the history warning once', () => {
    const r = onTerminal(['terminal secret'], env);
    assert.equal(r.code, 0, r.output);
    assert.match(r.output, new RegExp(`Link: ${LINK.source}\\r\\nExpires in 1 hour\\. One-time access only\\.`));
    assert.equal(r.output.split('stays in your shell history').length, 2, 'exactly one warning');
  });

  it('no secret and a terminal on stdin: prompts, reads with echo off (backspace works), and shares what was typed', async () => {
    const r = onTerminal([], env, { input: 'hunter2\x7f3\r', waitFor: 'input hidden' });
    assert.equal(r.code, 0, r.output);
    assert.match(r.output, /^Secret \(input hidden, Enter to send\): /);
    assert.ok(!r.output.includes('hunter'), `the typed secret was echoed: ${JSON.stringify(r.output)}`);
    assert.ok(!r.output.includes('shell history'), 'a prompted secret is not in history: no warning');
    const link = LINK.exec(r.output)![0];
    assert.equal((await zephr(['retrieve', link], { env })).stdout, 'hunter3');
  });

  it('Ctrl-C at the prompt cancels: exit 130, nothing created', async () => {
    const used = async () => (JSON.parse((await zephr(['limits', '--json'], { env })).stdout) as { quota: { used: number } }).quota.used;
    const before = await used();
    const r = onTerminal([], env, { input: 'half\x03', waitFor: 'input hidden' });
    assert.equal(r.code, 130, r.output);
    assert.ok(!LINK.test(r.output));
    assert.equal(await used(), before, 'no create reached the server');
  });

  it('--quiet: only the link on a terminal too, and no warning; retrieve --quiet prints only the secret', async () => {
    const r = onTerminal(['-q', 'quiet secret'], env);
    assert.equal(r.code, 0, r.output);
    assert.match(r.output, new RegExp(`^${LINK.source}\\r\\n$`));
    const split = await zephr(['-q', '--split', '-H', 'Q', 'quiet split'], { env });
    assert.equal(split.stderr, '');
    const got = await zephr(['retrieve', '-q'], { env, stdin: split.stdout });
    assert.deepEqual(got, { code: 0, stdout: 'quiet split', stderr: '' }, 'no Hint line either');
  });

  it('--quiet and --json on info, burn and limits', async () => {
    const link = (await zephr(['-q', 'to inspect'], { env })).stdout.trim();
    assert.deepEqual(await zephr(['info', '-q', link], { env }), { code: 0, stdout: '', stderr: '' });
    assert.equal(JSON.parse((await zephr(['info', '--json', link], { env })).stdout).status, 'unread');
    assert.deepEqual(await zephr(['burn', '--json', link], { env }), { code: 0, stdout: '{"status":"burned"}\n', stderr: '' });
    const gone = await zephr(['info', '-q', link], { env });
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /SECRET_BURNED/, 'errors still reach stderr under --quiet');
    const other = (await zephr(['-q', 'to burn quietly'], { env })).stdout.trim();
    assert.deepEqual(await zephr(['burn', '-q', other], { env }), { code: 0, stdout: '', stderr: '' });
    const limits = JSON.parse((await zephr(['limits', '--json'], { env })).stdout) as Record<string, unknown>;
    assert.equal(limits.tier, 'anonymous');
    assert.equal(limits.max_secret_bytes, 6144);
  });

  it('--json errors are the API envelope on stderr, for server and local refusals alike', async () => {
    const server403 = await zephr(['--json', '-e', '30d', '-q', 'x'], { env });
    assert.equal(server403.code, 1);
    assert.equal(server403.stdout, '');
    const e = JSON.parse(server403.stderr) as { error: { code: string; status: number; message: string } };
    assert.equal(e.error.code, 'UPGRADE_REQUIRED');
    assert.equal(e.error.status, 403);
    assert.match(e.error.message, /requires an API key/);
    const local = JSON.parse((await zephr(['--json', '-e', '2h', 'x'], { env })).stderr) as { error: { code: string } };
    assert.equal(local.error.code, 'USAGE');
  });

  it('zephr limits: tier, expiries, the size in bytes of secret and the creates left, from GET /api/limits', async () => {
    const anon = await zephr(['limits'], { env });
    assert.equal(anon.code, 0, anon.stderr);
    assert.match(anon.stdout, /^Tier: anonymous \(no API key\)\nExpiries: 1 hour \(default\)\n {2}Needs a higher tier: 5 minutes \(dev tier\).*30 days \(free tier\)\nMax secret: 6,144 bytes \(6 KB\)\nCreates: \d+ of 1000 left today \(resets \S+Z, in \d+ (minutes|hours)\)\nCallbacks: need an API key\n$/);
    const dev = await zephr(['limits', '-k', server.key('dev')], { env });
    assert.match(dev.stdout, /^Tier: dev\n/);
    assert.match(dev.stdout, /Max secret: 204,800 bytes \(200 KB\)/);
    assert.match(dev.stdout, /Creates: 2000 of 2000 left this month/);
    assert.ok(!dev.stdout.includes('Needs a higher tier'));
  });

  it('--file sends the file exactly (no newline trimmed); a file over the tier limit is refused before upload, naming the limit', async () => {
    const path = join(dir, 'env.txt');
    writeFileSync(path, 'A=1\nB=2\n');
    const r = await zephr(['--file', path], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stderr.includes('shell history'));
    assert.equal((await zephr(['retrieve', r.stdout.trim()], { env })).stdout, 'A=1\nB=2\n');
    const big = join(dir, 'big.txt');
    writeFileSync(big, 'x'.repeat(6145));
    const before = JSON.parse((await zephr(['limits', '--json'], { env })).stdout).quota.used as number;
    const over = await zephr(['-f', big], { env });
    assert.equal(over.code, 1);
    assert.match(over.stderr, /big\.txt is 6,145 bytes; the anonymous tier allows at most 6,144 bytes \(6 KB\) of secret\. An API key/);
    assert.equal(JSON.parse((await zephr(['limits', '--json'], { env })).stdout).quota.used, before, 'nothing was uploaded');
    assert.equal((await zephr(['-f', big, '-k', server.key('free')], { env })).code, 0, 'a key with a larger limit takes it');
    writeFileSync(join(dir, 'binary'), Buffer.from([0xff, 0xfe, 0x00]));
    assert.match((await zephr(['-f', join(dir, 'binary')], { env })).stderr, /is not UTF-8 text/);
    assert.match((await zephr(['-f', join(dir, 'missing')], { env })).stderr, /cannot be read: ENOENT/);
    assert.match((await zephr(['-f', path, 'also an argument'], { env })).stderr, /either a secret or --file/);
  });

  it('retrieve --output writes a new 0600 file; an existing file or symlink is refused before the secret is used', async () => {
    const link = (await zephr(['-q', '-H', 'OUT', 'to a file ✓'], { env })).stdout.trim();
    const taken = join(dir, 'taken.txt');
    writeFileSync(taken, 'keep me');
    const refused = await zephr(['retrieve', link, '--output', taken], { env });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /already exists .*The secret was not retrieved/);
    assert.equal(readFileSync(taken, 'utf8'), 'keep me');
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'link'));
    assert.match((await zephr(['retrieve', link, '-o', join(dir, 'link')], { env })).stderr, /already exists/);
    const out = join(dir, 'secret.txt');
    const ok = await zephr(['retrieve', link, '-o', out], { env });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, '');
    assert.match(ok.stderr, /^Saved to .*secret\.txt \(13 bytes, readable only by you\)/);
    assert.match(ok.stderr, /Hint: OUT/);
    assert.equal(readFileSync(out, 'utf8'), 'to a file ✓');
    assert.equal(lstatSync(out).mode & 0o777, 0o600);
    const used = await zephr(['retrieve', link, '-o', join(dir, 'again.txt')], { env });
    assert.equal(used.code, 1);
    assert.ok(!existsSync(join(dir, 'again.txt')), 'a failed retrieve leaves no empty file behind');
  });

  it('--qr draws the link itself: the half blocks decode to the QR matrix of the link', async () => {
    const r = await zephr(['--qr', '-q', 'qr secret'], { env });
    assert.equal(r.code, 0, r.stderr);
    const link = r.stdout.trim();
    assert.match(link, LINK, 'into a pipe stdout keeps only the link; the picture goes to the terminal on stderr');
    const rows = r.stderr.trimEnd().split('\n').map((line) => line.replace(ANSI, ''));
    const drawn: boolean[][] = [];
    for (const row of rows) {
      drawn.push([...row].map((c) => c === '█' || c === '▀'));
      drawn.push([...row].map((c) => c === '█' || c === '▄'));
    }
    const { data } = encode(link, { ecc: 'M', border: 4 });
    assert.deepEqual(drawn.slice(0, data.length), data);
    const term = onTerminal(['--qr', 'qr on a terminal'], env);
    assert.ok(/Link: .*\r\n\r\n/.test(term.output) && term.output.includes(`${String.fromCharCode(27)}[30;107m`), 'the picture after the link on a terminal');
  });

  it('a create opens one connection: the one it starts while encrypting carries the request', async () => {
    // A TCP relay in front of the real server, counting the connections the CLI opens.
    const origin = new URL(server.url);
    let connections = 0;
    const relay = createServer((client) => {
      connections++;
      const upstream = connect(Number(origin.port), origin.hostname);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    try {
      const r = await zephr(['--quiet', 'one connection'], { env: { ZEPHR_URL: `http://127.0.0.1:${(relay.address() as AddressInfo).port}` } });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, LINK);
      assert.equal(connections, 1);
    } finally {
      await new Promise((resolve) => relay.close(resolve));
    }
  });

  it('completion: bash completes commands, flags per command and expiry values', () => {
    const script = execFileSync(process.execPath, [CLI, 'completion', 'bash'], { encoding: 'utf8' });
    const complete = (line: string) => execFileSync('bash', ['-c', `${script}\nCOMP_WORDS=(${line}); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); _zephr; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' }).trim().split('\n');
    assert.deepEqual(complete("zephr ''").filter((w) => !w.startsWith('-')), ['retrieve', 'info', 'burn', 'request', 'fulfill', 'fulfil', 'limits', 'login', 'logout', 'completion']);
    assert.deepEqual(complete('zephr --ex'), ['--expiry']);
    assert.deepEqual(complete('zephr --expiry 2'), ['24h']);
    assert.ok(complete("zephr retrieve --o").includes('--output'));
    assert.ok(!complete("zephr retrieve --").includes('--split'), 'create flags are not offered to retrieve');
    assert.deepEqual(complete('zephr completion f'), ['fish']);
    assert.ok(complete('zephr request --').includes('--no-wait') && complete('zephr request --').includes('--hint'), 'request flags');
    assert.ok(!complete('zephr request --').includes('--split'), 'create-only flags are not offered to request');
    assert.ok(complete('zephr fulfill --').includes('--file') && !complete('zephr fulfill --').includes('--no-wait'));
  });

  it('completion: zsh and fish scripts load in the real shells and offer the same flags', (t) => {
    const { OPTIONS } = { OPTIONS: JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', "import('./src/cli/args.ts').then(m => console.log(JSON.stringify(m.OPTIONS)))"], { cwd: join(repoRoot, 'packages', 'zephr'), encoding: 'utf8' })) as Record<string, unknown> };
    const names = Object.keys(OPTIONS);
    const zsh = execFileSync(process.execPath, [CLI, 'completion', 'zsh'], { encoding: 'utf8' });
    const fish = execFileSync(process.execPath, [CLI, 'completion', 'fish'], { encoding: 'utf8' });
    for (const name of names) {
      assert.ok(zsh.includes(`--${name}`), `zsh: --${name}`);
      assert.ok(fish.includes(`-l ${name}`), `fish: --${name}`);
    }
    const shells = ['zsh', 'fish'].filter((shell) => spawnSync(shell, ['--version']).status === 0);
    if (shells.length < 2) t.diagnostic(`not installed here: ${['zsh', 'fish'].filter((s) => !shells.includes(s)).join(', ')} (scripts checked as text only)`);
    if (shells.includes('zsh')) {
      const loaded = execFileSync('zsh', ['-fc', `autoload -U compinit && compinit -u -d ${join(dir, 'zcompdump')}; source <(${process.execPath} ${CLI} completion zsh); print -r -- $_comps[zephr]`], { encoding: 'utf8' });
      assert.equal(loaded.trim(), '_zephr');
    }
    if (shells.includes('fish')) {
      const offered = execFileSync('fish', ['-c', `${process.execPath} ${CLI} completion fish | source; complete -C 'zephr --ex'; complete -C 'zephr retrieve --out'; complete -C 'zephr --expiry '`], { encoding: 'utf8' });
      assert.match(offered, /^--expiry\t/m);
      assert.match(offered, /^--output\t/m);
      assert.match(offered, /^24h\t/m);
    }
  });
});
