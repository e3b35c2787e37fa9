// The zephr CLI as a real child process (through the bin launcher npm links) against a real
// server: tables of argv, stdin and env → exit code, stdout and stderr; and links crossing
// between the CLI and the SDK. Here stdout is a pipe: only the result goes to it. The terminal
// layout, the hidden prompt and the new flags are in cli-native.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSecret, retrieveSecret } from '../src/index.js';
import { zephr } from './support/zephr-cli.js';
import { type LiveServer, startZephrServer } from '@zephr/test-support';


const LINK = /^(http:\/\/127\.0\.0\.1:\d+\/secret\/[A-Za-z0-9_-]{22}#v1\.[A-Za-z0-9_-]{43})\n$/;
const HISTORY_WARNING = /^Warning: a secret given as an argument stays in your shell history/;
/** stderr without the one shell-history warning an argument secret earns. */
const talk = (stderr: string) => stderr.split('\n').filter((line) => !HISTORY_WARNING.test(line)).join('\n');

describe('zephr CLI', () => {
  let server: LiveServer;
  let env: Record<string, string>;
  before(async () => {
    server = await startZephrServer({ ZEPHR_ANON_DAILY_CREATES: '1000' });
    env = { ZEPHR_URL: server.url };
  });
  after(() => server.stop());

  async function createLink(args: string[], stdin?: string, extraEnv: Record<string, string> = {}): Promise<string> {
    const r = await zephr(args, { env: { ...env, ...extraEnv }, ...(stdin !== undefined && { stdin }) });
    assert.equal(r.code, 0, r.stderr);
    return LINK.exec(r.stdout)![1]!;
  }

  it('create from an argument into a pipe: only the link on stdout; the history warning (once) and expiry on stderr', async () => {
    const r = await zephr(['my api key'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, LINK);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.filter((line) => HISTORY_WARNING.test(line)).length, 1);
    assert.deepEqual(lines.filter((line) => !HISTORY_WARNING.test(line)), ['Expires in 1 hour. One-time access only.']);
    const got = await zephr(['retrieve', LINK.exec(r.stdout)![1]!], { env });
    assert.deepEqual(got, { code: 0, stdout: 'my api key', stderr: '' });
  });

  it('stdin: reads all of it and removes exactly one trailing newline (\\n or \\r\\n)', async () => {
    for (const [input, expected] of [['key\n', 'key'], ['key\r\n', 'key'], ['key\n\n', 'key\n'], ['multi\nline\n', 'multi\nline'], ['  spaced  ', '  spaced  ']]) {
      const link = await createLink([], input);
      assert.equal((await zephr(['retrieve', link], { env })).stdout, expected, JSON.stringify(input));
    }
  });

  it('a secret starting with "-" after --; a secret literally named "retrieve" after --', async () => {
    for (const secret of ['-dash-secret', 'retrieve']) {
      const link = await createLink(['--', secret]);
      assert.equal((await zephr(['retrieve', link], { env })).stdout, secret);
    }
  });

  it('split mode into a pipe prints the URL, then the key, on two lines; retrieve --url --key, or both on stdin', async () => {
    const r = await zephr(['-s', 'split secret'], { env });
    assert.equal(r.code, 0);
    const [url, key, ...rest] = r.stdout.split('\n');
    assert.match(url!, /^http:\/\/127\.0\.0\.1:\d+\/secret\/[A-Za-z0-9_-]{22}$/);
    assert.match(key!, /^v1\.[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(rest, ['']);
    assert.equal((await zephr(['retrieve', '--url', url!, '--key', key!], { env })).stdout, 'split secret');
    const piped = await zephr(['-s', 'split again'], { env });
    assert.equal((await zephr(['retrieve'], { env, stdin: piped.stdout })).stdout, 'split again', 'zephr -s x | zephr retrieve');
  });

  it('hint goes to stderr on retrieve; --json on both commands', async () => {
    const created = await zephr(['--json', '-H', 'DB_PROD', 'json secret'], { env });
    const j = JSON.parse(created.stdout) as { mode: string; link: string; expires_at: string; secret_id: string };
    assert.equal(j.mode, 'standard');
    assert.match(j.expires_at, /Z$/);
    assert.equal(j.link.split('/secret/')[1]!.slice(0, 22), j.secret_id);
    const plain = await zephr(['retrieve', j.link], { env });
    assert.equal(plain.code, 0);
    assert.equal(plain.stdout, 'json secret');
    assert.equal(plain.stderr, 'Hint: DB_PROD\n');
    assert.equal(talk(created.stderr), '', '--json: nothing on stderr but the history warning');
    const again = (await createLink(['--hint=X', 'second']));
    const asJson = await zephr(['retrieve', '--json', again], { env });
    assert.deepEqual(JSON.parse(asJson.stdout), { plaintext: 'second', hint: 'X', purge_at: JSON.parse(asJson.stdout).purge_at });
  });

  it('link on stdin for retrieve; --server overrides ZEPHR_URL; api key from flag or ZEPHR_API_KEY', async () => {
    const link = await createLink(['via stdin']);
    assert.equal((await zephr(['retrieve'], { env, stdin: `${link}\n` })).stdout, 'via stdin');
    const onServer = await zephr(['--server', server.url, 'flagged'], { env: { ZEPHR_URL: 'http://127.0.0.1:9' } });
    assert.equal(onServer.code, 0, onServer.stderr);
    const key = server.key('free');
    assert.equal((await zephr(['-e', '7d', 'keyed'], { env: { ...env, ZEPHR_API_KEY: key } })).code, 0);
    const r = await zephr(['--expiry=1d', '-k', key, 'keyed'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Expires in 24 hours\./);
  });

  it('the overview\'s `echo "$CREDENTIAL" | npx zephr --expiry 1`: a bare 1, 24, 168 or 720 is hours', async () => {
    for (const [flag, sentence] of [['1', '1 hour'], ['24', '24 hours'], ['168', '7 days'], ['720', '30 days'], ['60', '1 hour']] as const) {
      const r = await zephr(['--expiry', flag, '-k', server.key('free')], { env, stdin: 'my-credential\n' });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, new RegExp(`Expires in ${sentence}\\.`), flag);
    }
  });

  const errors: [string, string[], string | undefined, RegExp][] = [
    ['unknown flag', ['--colour', 'x'], undefined, /^Error: Unknown option '--colour'/],
    ['missing flag value', ['x', '--expiry'], undefined, /^Error: Option '-e, --expiry <value>' argument missing/],
    ['bad expiry', ['-e', '2h', 'x'], undefined, /^Error: --expiry must be one of/],
    ['two secrets', ['a', 'b'], undefined, /^Error: Expected one secret/],
    ['create flag on retrieve', ['retrieve', '-s', 'http://x/secret/AAAAAAAAAAAAAAAAAAAAAA#v1.x'], undefined, /^Error: --split does not apply to retrieve/],
    ['--url without --key', ['retrieve', '--url', 'http://x/secret/AAAAAAAAAAAAAAAAAAAAAA'], undefined, /^Error: Split mode needs both --url and --key/],
    ['empty stdin', [], '', /^Error: Nothing to share: stdin was empty/],
    ['malformed link', ['retrieve', 'https://example.com/not-a-secret'], undefined, /^Error: Link path must be \/secret\/<id>/],
    ['truncated key', ['retrieve', `http://127.0.0.1:9/secret/AAAAAAAAAAAAAAAAAAAAAA#v1.${'A'.repeat(40)}`], undefined, /^Error: Invalid key/],
    ['tier refusal', ['-e', '30d', 'x'], undefined, /^Error: An expiry of 43200 minutes requires an API key .*\(HTTP 403, UPGRADE_REQUIRED\)/],
    ['bad api key', ['-k', `zeph_${'A'.repeat(43)}`, 'x'], undefined, /\(HTTP 401, INVALID_API_KEY\)/],
    ['unreachable server', ['--server', 'http://127.0.0.1:9', 'x'], undefined, /^Error: Could not reach http:\/\/127\.0\.0\.1:9.*Check the server address/],
    ['callback url without secret', ['--callback-url', 'https://hooks.example.com/z', 'x'], undefined, /^Error: callbackUrl requires callbackSecret/],
    ['callback secret without url', ['--callback-secret', 's', 'x'], undefined, /^Error: callbackSecret is only allowed with callbackUrl/],
    ['anonymous callback', ['--callback-url', 'https://hooks.example.com/z', '--callback-secret', 's', 'x'], undefined, /^Error: Callbacks require an API key \(HTTP 403, UPGRADE_REQUIRED\)/],
    ['hint too long', ['-H', 'h'.repeat(129), 'x'], undefined, /^Error: Hint must be 1-128 printable ASCII characters/],
    ['create flag on burn', ['burn', '--no-claim', 'http://x/secret/AAAAAAAAAAAAAAAAAAAAAA#v1.x'], undefined, /^Error: --no-claim does not apply to burn/],
    ['--peek on info', ['info', '--peek', 'http://x/secret/AAAAAAAAAAAAAAAAAAAAAA#v1.x'], undefined, /^Error: --peek does not apply to info/],
    ['--peek on create', ['--peek', 'x'], undefined, /^Error: --peek does not apply to creating a secret/],
  ];
  for (const [name, args, stdin, stderr] of errors) {
    it(`error: ${name} → exit 1, one line on stderr, nothing on stdout`, async () => {
      const r = await zephr(args, { env, ...(stdin !== undefined && { stdin }) });
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.match(talk(r.stderr), stderr);
      assert.equal(talk(r.stderr).trimEnd().split('\n').length, 1);
    });
  }

  it('--callback-url and --callback-secret with an API key are accepted by the server', async () => {
    const r = await zephr(['-k', server.key('free'), '--callback-url=https://hooks.example.com/zephr', '--callback-secret', 'sign-me', 'with callback'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, LINK);
  });

  it('a used link says the secret was already viewed and a fresh link is needed', async () => {
    const link = await createLink(['once']);
    await zephr(['retrieve', link], { env });
    const r = await zephr(['retrieve', link], { env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /already viewed.*fresh link/);
  });

  it('a wrong key leaves the secret: SECRET_NOT_FOUND, then the right link opens it', async () => {
    const link = await createLink(['survives a typo']);
    const wrong = link.replace(/#v1\..{43}$/, `#v1.${'A'.repeat(43)}`);
    const r = await zephr(['retrieve', wrong], { env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Error: Secret not found \(HTTP 404, SECRET_NOT_FOUND\)\. No secret opens with this link.*a wrong key does not use up a secret/);
    const split = await zephr(['retrieve', '--url', link.replace(/#.*/, ''), '--key', `v1.${'B'.repeat(42)}A`], { env });
    assert.equal(split.code, 1);
    assert.deepEqual(await zephr(['retrieve', link], { env }), { code: 0, stdout: 'survives a typo', stderr: '' });
  });

  it('info (and retrieve --peek) shows hint and expiry without opening; burn destroys; later reads say burned', async () => {
    const link = await createLink(['-H', 'WRONG_CHAT', 'sent to the wrong chat']);
    for (const args of [['info', link], ['retrieve', '--peek', link]]) {
      const r = await zephr(args, { env });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^Unread: the link still opens, once \(zephr retrieve\)\. This did not open it\.\nHint: WRONG_CHAT\nCreated: \S+Z\nExpires: \S+Z \(in (59|60) minutes\)\n$/);
    }
    const json = JSON.parse((await zephr(['info', '--json', link], { env })).stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ['status', 'hint', 'created_at', 'expires_at']);
    assert.equal(json.status, 'unread');
    const burned = await zephr(['burn', link], { env });
    assert.deepEqual(burned, { code: 0, stdout: 'Burned: the secret is destroyed and the link no longer opens.\n', stderr: '' });
    const after = await zephr(['retrieve', link], { env });
    assert.equal(after.code, 1);
    assert.match(after.stderr, /\(HTTP 410, SECRET_BURNED\)\. The sender withdrew this secret/);
    const split = await zephr(['--split', 'split to burn'], { env });
    const [url, key] = split.stdout.split('\n') as [string, string];
    assert.equal((await zephr(['burn', '--url', url, '--key', key], { env })).code, 0);
    assert.match((await zephr(['info', '--url', url, '--key', key], { env })).stderr, /SECRET_BURNED/);
  });

  it('--no-claim makes a link whose bare id opens with a plain GET, for the published clients', async () => {
    const claimed = await createLink(['bound']);
    const legacy = await createLink(['--no-claim', 'not bound']);
    const id = (link: string) => link.split('/secret/')[1]!.slice(0, 22);
    assert.equal((await fetch(`${server.url}/api/secrets/${id(claimed)}`)).status, 404);
    assert.equal((await fetch(`${server.url}/api/secrets/${id(legacy)}`)).status, 200);
    assert.equal((await zephr(['retrieve', claimed], { env })).stdout, 'bound');
  });

  it('--help and --version', async () => {
    const help = await zephr(['--help']);
    assert.equal(help.code, 0);
    const { OPTIONS } = await import('../src/cli/args.js');
    for (const flag of [...Object.keys(OPTIONS).map((name) => `--${name}`), 'zephr info', 'zephr burn', 'zephr limits', 'zephr completion', 'Examples:']) assert.ok(help.stdout.includes(flag), flag);
    assert.deepEqual(await zephr(['-v']), { code: 0, stdout: '0.1.0\n', stderr: '' });
  });

  it('interop: a CLI link opens with the SDK, an SDK link opens with the CLI', async () => {
    const fromCli = await createLink(['made by the CLI ✓']);
    assert.equal((await retrieveSecret(fromCli)).plaintext, 'made by the CLI ✓');
    const fromSdk = (await createSecret('made by the SDK ✓', { baseUrl: server.url, hint: 'SDK' })) as { fullLink: string };
    const r = await zephr(['retrieve', fromSdk.fullLink]);
    assert.deepEqual(r, { code: 0, stdout: 'made by the SDK ✓', stderr: 'Hint: SDK\n' });
  });
});
