// zephr-mcp as hosts run it: the built bin over stdio, driven by the SDK's real MCP client, against
// a real zephr-server process. Tools and schemas, both modes, the env/file variants and their
// refusals, the 0600 output file, every error mapping, and no secret in the server's stderr.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSecret, retrieveSecret } from 'zephr';
import { connect, type LiveServer, MCP_BIN, type Session, startZephrServer } from '@zephr/test-support';

const ENV_SECRET = 'env-secret-9f8e7d-never-in-context';
const FILE_SECRET = 'file-secret-c0ffee ✓';

describe('zephr-mcp over stdio', () => {
  let server: LiveServer;
  let mcp: Session;
  let root: string;
  let outside: string;
  before(async () => {
    server = await startZephrServer();
    root = realpathSync(mkdtempSync(join(tmpdir(), 'zephr-mcp-root-')));
    outside = realpathSync(mkdtempSync(join(tmpdir(), 'zephr-mcp-outside-')));
    writeFileSync(join(root, 'db.txt'), FILE_SECRET + '\n');
    writeFileSync(join(outside, 'other.txt'), 'outside the roots');
    symlinkSync(join(outside, 'other.txt'), join(root, 'link-out.txt'));
    symlinkSync(outside, join(root, 'dir-out'));
    mkdirSync(join(root, 'sub'));
    mcp = await connect({ ZEPHR_URL: server.url, ZEPHR_MCP_FILE_ROOTS: root, ZEPHR_SECRET_DB: ENV_SECRET });
  });
  after(async () => {
    await mcp?.close();
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('lists eight tools with input and output schemas and honest annotations', async () => {
    const { tools } = await mcp.client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    assert.deepEqual(Object.keys(byName).sort(), ['zephr_burn_secret', 'zephr_create_secret', 'zephr_fulfill_request', 'zephr_limits', 'zephr_receive_secret', 'zephr_request_secret', 'zephr_retrieve_secret', 'zephr_secret_info']);
    assert.equal(byName.zephr_limits!.annotations?.readOnlyHint, true);
    const create = byName.zephr_create_secret!;
    const retrieve = byName.zephr_retrieve_secret!;
    assert.deepEqual(Object.keys(create.inputSchema.properties ?? {}).sort(), ['callback_secret', 'callback_url', 'expiry', 'hint', 'secret', 'secret_env', 'secret_file', 'split']);
    assert.deepEqual(Object.keys(retrieve.inputSchema.properties ?? {}).sort(), ['key', 'link', 'output_file', 'url']);
    assert.deepEqual(Object.keys(create.outputSchema?.properties ?? {}).sort(), ['expires_at', 'hint', 'key', 'link', 'mode', 'secret_id', 'url']);
    assert.deepEqual(Object.keys(retrieve.outputSchema?.properties ?? {}).sort(), ['bytes', 'hint', 'output_file', 'plaintext', 'purge_at']);
    assert.equal(retrieve.annotations?.destructiveHint, true);
    assert.equal(retrieve.annotations?.idempotentHint, false);
    assert.equal(retrieve.annotations?.readOnlyHint, false);
    assert.match(retrieve.description ?? '', /permanently destroyed/);
    assert.equal(create.annotations?.destructiveHint, false);
    assert.equal(create.annotations?.idempotentHint, false);
    const info = mcp.client.getServerVersion();
    assert.equal(info?.name, 'zephr-mcp');
    assert.match(mcp.client.getInstructions() ?? '', /output_file/);
  });

  it('zephr_limits: the tier, expiries, size in bytes of secret and creates left, from the server', async () => {
    const anon = await mcp.call('zephr_limits', {});
    assert.match(anon.text, /^Tier: anonymous\nExpiries \(minutes\): 60 \(default 60\)\nMax secret: 6144 bytes\nCreates left: \d+ of \d+ this day \(resets \S+Z\)\nCallbacks: no$/);
    const s = anon.structuredContent as { max_secret_bytes: number; allowed_expiries: number[] };
    assert.deepEqual([s.max_secret_bytes, s.allowed_expiries], [6144, [60]]);
    const keyed = await connect({ ZEPHR_URL: server.url, ZEPHR_API_KEY: server.key('dev') });
    try {
      const dev = await keyed.call('zephr_limits', {});
      assert.match(dev.text, /^Tier: dev\nExpiries \(minutes\): 5, 15, 30, 60, 1440, 10080, 43200 .*\nMax secret: 204800 bytes\nCreates left: 2000 of 2000 this month/s);
    } finally {
      await keyed.close();
    }
  });

  it('create → retrieve in standard mode: text lines as in the seeds, structured content alike', async () => {
    const made = await mcp.call('zephr_create_secret', { secret: 'sk-live-123 🔑', hint: 'STRIPE_KEY' });
    assert.equal(made.isError, undefined, made.text);
    const s = made.structuredContent as { mode: string; link: string; expires_at: string; secret_id: string; hint: string };
    assert.equal(s.mode, 'standard');
    assert.match(s.link, new RegExp(`^${server.url}/secret/${s.secret_id}#v1\\.[A-Za-z0-9_-]{43}$`));
    assert.equal(made.text, `Link: ${s.link}\nExpires: ${s.expires_at}\nSecret ID: ${s.secret_id}\nHint: STRIPE_KEY`);
    assert.ok(Date.parse(s.expires_at) - Date.now() > 59 * 60_000);

    const got = await mcp.call('zephr_retrieve_secret', { link: s.link });
    const r = got.structuredContent as { plaintext: string; hint: string; purge_at: string };
    assert.equal(r.plaintext, 'sk-live-123 🔑');
    assert.equal(got.text, `sk-live-123 🔑\nHint: STRIPE_KEY\nPurge at: ${r.purge_at}`);
  });

  it('split mode: URL and key separately, retrieved with url + key; links cross to the SDK both ways', async () => {
    const made = await mcp.call('zephr_create_secret', { secret: 'split via mcp', split: true, expiry: 60 });
    const s = made.structuredContent as { url: string; key: string; secret_id: string };
    assert.match(made.text, /^URL: \S+\nKey: v1\.\S+\nExpires: \S+\nSecret ID: \S+\nSend the URL and the key through different channels\.$/);
    assert.ok(!s.url.includes('#'));
    const got = await mcp.call('zephr_retrieve_secret', { url: s.url, key: s.key });
    assert.equal((got.structuredContent as { plaintext: string }).plaintext, 'split via mcp');
    assert.match(got.text, /^split via mcp\nPurge at: \S+$/);

    const fromSdk = (await createSecret('made by the SDK', { baseUrl: server.url })) as { fullLink: string };
    assert.equal((await mcp.call('zephr_retrieve_secret', { link: fromSdk.fullLink })).structuredContent?.plaintext, 'made by the SDK');
    const fromMcp = (await mcp.call('zephr_create_secret', { secret: 'made by MCP' })).structuredContent as { link: string };
    assert.equal((await retrieveSecret(fromMcp.link)).plaintext, 'made by MCP');
  });

  it('zephr_secret_info checks a link without opening it; zephr_burn_secret destroys it unread', async () => {
    const made = (await mcp.call('zephr_create_secret', { secret: 'to be burned', hint: 'WRONG_CHAT' })).structuredContent as { link: string; expires_at: string };
    for (let i = 0; i < 2; i++) {
      const info = await mcp.call('zephr_secret_info', { link: made.link });
      assert.equal(info.isError, undefined, info.text);
      assert.deepEqual({ ...info.structuredContent }, { status: 'unread', hint: 'WRONG_CHAT', created_at: (info.structuredContent as { created_at: string }).created_at, expires_at: made.expires_at });
      assert.match(info.text, /^Unread: the link still opens, once\.\nHint: WRONG_CHAT\nExpires at: /);
    }
    const burned = await mcp.call('zephr_burn_secret', { link: made.link });
    assert.equal(burned.text, 'Burned: the secret is destroyed and the link no longer opens.');
    const after = await mcp.call('zephr_retrieve_secret', { link: made.link });
    assert.match(after.text, /^SECRET_BURNED \(HTTP 410\): .+\nThe sender withdrew this secret/);
    const read = (await mcp.call('zephr_create_secret', { secret: 'read first' })).structuredContent as { link: string };
    await mcp.call('zephr_retrieve_secret', { link: read.link });
    const late = await mcp.call('zephr_burn_secret', { link: read.link });
    assert.equal(late.isError, true);
    assert.match(late.text, /^SECRET_ALREADY_CONSUMED \(HTTP 410\)/);
  });

  it('secret_env reads a ZEPHR_SECRET_* variable; the value never appears in the result', async () => {
    const made = await mcp.call('zephr_create_secret', { secret_env: 'ZEPHR_SECRET_DB', hint: 'DB' });
    assert.equal(made.isError, undefined, made.text);
    assert.ok(!JSON.stringify(made).includes(ENV_SECRET));
    assert.equal((await retrieveSecret((made.structuredContent as { link: string }).link)).plaintext, ENV_SECRET);

    const other = await mcp.call('zephr_create_secret', { secret_env: 'PATH' });
    assert.equal(other.isError, true);
    assert.match(other.text, /secret_env/);
    const unset = await mcp.call('zephr_create_secret', { secret_env: 'ZEPHR_SECRET_MISSING' });
    assert.equal(unset.isError, true);
    assert.match(unset.text, /^INVALID_INPUT: the environment variable ZEPHR_SECRET_MISSING is not set/);
    const two = await mcp.call('zephr_create_secret', { secret: 'x', secret_env: 'ZEPHR_SECRET_DB' });
    assert.match(two.text, /^INVALID_INPUT: give only one of secret, secret_env and secret_file/);
    const none = await mcp.call('zephr_create_secret', {});
    assert.match(none.text, /^INVALID_INPUT: give the secret/);
  });

  it('secret_file reads inside the roots (one trailing newline dropped) and refuses escapes', async () => {
    const made = await mcp.call('zephr_create_secret', { secret_file: join(root, 'db.txt') });
    assert.equal(made.isError, undefined, made.text);
    assert.ok(!made.text.includes(FILE_SECRET));
    assert.equal((await retrieveSecret((made.structuredContent as { link: string }).link)).plaintext, FILE_SECRET);

    for (const path of [join(outside, 'other.txt'), join(root, '..', outside.split('/').pop()!, 'other.txt'), join(root, 'link-out.txt'), join(root, 'dir-out', 'other.txt'), 'relative.txt', join(root, 'sub')]) {
      const refused = await mcp.call('zephr_create_secret', { secret_file: path });
      assert.equal(refused.isError, true, path);
      assert.match(refused.text, /^PATH_REFUSED: /, path);
      assert.ok(!refused.text.includes('outside the roots') || refused.text.includes('outside the allowed'), 'file content never echoed');
    }
  });

  it('output_file writes the secret with mode 0600 and returns only path, size and hint', async () => {
    const made = await createSecret('to a file ✓', { baseUrl: server.url, hint: 'FILE_HINT' }) as { fullLink: string };
    const target = join(root, 'sub', 'out.txt');
    const got = await mcp.call('zephr_retrieve_secret', { link: made.fullLink, output_file: target });
    assert.equal(got.isError, undefined, got.text);
    assert.equal(readFileSync(target, 'utf8'), 'to a file ✓');
    assert.equal(statSync(target).mode & 0o777, 0o600);
    assert.ok(!JSON.stringify(got).includes('to a file'), 'the plaintext is not in the result');
    assert.deepEqual({ ...got.structuredContent, purge_at: undefined }, { output_file: target, bytes: Buffer.byteLength('to a file ✓'), hint: 'FILE_HINT', purge_at: undefined });
    assert.match(got.text, new RegExp(`^Wrote the secret \\(13 bytes\\) to ${target} \\(mode 0600\\)\\. It was not shown here\\.\\nHint: FILE_HINT\\nPurge at: `));
  });

  it('a refused output_file costs nothing: the secret is still there afterwards', async () => {
    const made = await createSecret('survives refusals', { baseUrl: server.url }) as { fullLink: string };
    writeFileSync(join(root, 'exists.txt'), 'old');
    const cases: [string, RegExp][] = [
      [join(root, 'exists.txt'), /already exists/],
      [join(outside, 'new.txt'), /outside the allowed directories/],
      [join(root, 'dir-out', 'new.txt'), /outside the allowed directories/],
      [join(root, '..', 'escape.txt'), /outside the allowed directories/],
      [join(root, 'missing-dir', 'x.txt'), /does not exist/],
      ['out.txt', /absolute path/],
    ];
    for (const [path, why] of cases) {
      const refused = await mcp.call('zephr_retrieve_secret', { link: made.fullLink, output_file: path });
      assert.equal(refused.isError, true, path);
      assert.match(refused.text, /^PATH_REFUSED: /, path);
      assert.match(refused.text, why, path);
    }
    assert.equal(readFileSync(join(root, 'exists.txt'), 'utf8'), 'old', 'nothing overwritten');
    assert.ok(!existsSync(join(outside, 'new.txt')));
    assert.equal((await retrieveSecret(made.fullLink)).plaintext, 'survives refusals');
  });

  it('a failed retrieval leaves no empty output file behind', async () => {
    const target = join(root, 'never.txt');
    const gone = await mcp.call('zephr_retrieve_secret', { link: `${server.url}/secret/AAAAAAAAAAAAAAAAAAAAAA#v1.${'A'.repeat(43)}`, output_file: target });
    assert.match(gone.text, /^SECRET_NOT_FOUND \(HTTP 404\)/);
    assert.ok(!existsSync(target));
  });

  it('errors name the code and what to do: 410, 404, wrong key, bad key, bad arguments', async () => {
    const made = (await mcp.call('zephr_create_secret', { secret: 'once' })).structuredContent as { link: string };
    await mcp.call('zephr_retrieve_secret', { link: made.link });
    const again = await mcp.call('zephr_retrieve_secret', { link: made.link });
    assert.equal(again.isError, true);
    assert.match(again.text, /^SECRET_ALREADY_CONSUMED \(HTTP 410\): .+\nThis credential was already used.*Ask the sender for a fresh link/s);

    const missing = await mcp.call('zephr_retrieve_secret', { link: `${server.url}/secret/AAAAAAAAAAAAAAAAAAAAAA#v1.${'A'.repeat(43)}` });
    assert.match(missing.text, /^SECRET_NOT_FOUND \(HTTP 404\): .+\nNo secret opens with this link/);

    const fresh = (await mcp.call('zephr_create_secret', { secret: 'key check' })).structuredContent as { link: string };
    const truncated = await mcp.call('zephr_retrieve_secret', { link: fresh.link.slice(0, -2) });
    assert.match(truncated.text, /^INVALID_KEY: .+\nNothing was sent and nothing was consumed/);
    const wrong = await mcp.call('zephr_retrieve_secret', { link: fresh.link.replace(/#.*/, `#v1.${'A'.repeat(43)}`) });
    assert.match(wrong.text, /^SECRET_NOT_FOUND \(HTTP 404\): .+\nNo secret opens with this link.*a wrong key does not use up a secret/s);
    assert.equal((await mcp.call('zephr_retrieve_secret', { link: fresh.link })).structuredContent?.plaintext, 'key check', 'the wrong key left it for the right one');
    const legacy = await createSecret('made without a claim', { baseUrl: server.url, claim: false });
    const burnt = await mcp.call('zephr_retrieve_secret', { link: (legacy as { fullLink: string }).fullLink.replace(/#.*/, `#v1.${'A'.repeat(43)}`) });
    assert.match(burnt.text, /^DECRYPTION_FAILED: .+\nThe key does not match this secret or its data was altered; the server has already handed it out and destroyed it/);

    const both = await mcp.call('zephr_retrieve_secret', { link: fresh.link, url: 'x' });
    assert.match(both.text, /^INVALID_INPUT: give either link, or url and key/);
    const half = await mcp.call('zephr_retrieve_secret', { url: 'https://x/secret/AAAAAAAAAAAAAAAAAAAAAA' });
    assert.match(half.text, /^INVALID_INPUT: url needs key/);
    const hours = await mcp.call('zephr_create_secret', { secret: 'x', expiry: 1 });
    assert.equal(hours.isError, undefined, `the legacy hour value 1 is an hour: ${hours.text}`);
    const badExpiry = await mcp.call('zephr_create_secret', { secret: 'x', expiry: 61 });
    assert.equal(badExpiry.isError, true);
    assert.match(badExpiry.text, /expiry must be one of 5, 15, 30, 60, 1440, 10080, 43200/);
    const badHint = await mcp.call('zephr_create_secret', { secret: 'x', hint: 'é' });
    assert.match(badHint.text, /^INVALID_INPUT: Hint must be 1-128 printable ASCII/);
  });

  it('403 says which tier is needed; 401 says the key is refused; 413 names the limit', async () => {
    const tier = await mcp.call('zephr_create_secret', { secret: 'x', expiry: 1440 });
    assert.match(tier.text, /^UPGRADE_REQUIRED \(HTTP 403\): An expiry of 1440 minutes requires an API key \(free tier or higher\).*\nUse an option your tier allows.*ZEPHR_API_KEY/s);
    const big = await mcp.call('zephr_create_secret', { secret: 'a'.repeat(7000) });
    assert.match(big.text, /^PAYLOAD_TOO_LARGE \(HTTP 413\): .*7,000 bytes.*6,144 bytes/);
    const badKey = await connect({ ZEPHR_URL: server.url, ZEPHR_API_KEY: 'zeph_' + 'A'.repeat(43) });
    try {
      const refused = await badKey.call('zephr_create_secret', { secret: 'x' });
      assert.match(refused.text, /^INVALID_API_KEY \(HTTP 401\): .+\nThe server does not accept ZEPHR_API_KEY/);
      assert.ok(!badKey.stderr().includes('zeph_AAAA'), 'the API key is not logged');
    } finally {
      await badKey.close();
    }
    const keyed = await connect({ ZEPHR_URL: server.url, ZEPHR_API_KEY: server.key('free') });
    try {
      const week = await keyed.call('zephr_create_secret', { secret: 'keyed', expiry: 10080 });
      assert.equal(week.isError, undefined, week.text);
      assert.match(keyed.stderr(), /API key set/);
    } finally {
      await keyed.close();
    }
  });

  it('429 gives the limit and when it resets; an unreachable server is NETWORK_ERROR', async () => {
    const tight = await startZephrServer({ ZEPHR_ANON_DAILY_CREATES: '1' });
    const limited = await connect({ ZEPHR_URL: tight.url });
    try {
      assert.equal((await limited.call('zephr_create_secret', { secret: 'first' })).isError, undefined);
      const over = await limited.call('zephr_create_secret', { secret: 'second' });
      assert.match(over.text, /^ANON_RATE_LIMIT_EXCEEDED \(HTTP 429\): Anonymous daily limit of 1 creates reached; it resets at \S+.*\nWait until the limit resets/s);
    } finally {
      await limited.close();
      await tight.stop();
    }
    const offline = await connect({ ZEPHR_URL: 'http://127.0.0.1:9' });
    try {
      const down = await offline.call('zephr_create_secret', { secret: 'x' });
      assert.match(down.text, /^NETWORK_ERROR: Could not reach http:\/\/127\.0\.0\.1:9.*\nCheck ZEPHR_URL/s);
    } finally {
      await offline.close();
    }
  });

  it('without ZEPHR_MCP_FILE_ROOTS the file variants are refused with the reason', async () => {
    const bare = await connect({ ZEPHR_URL: server.url });
    try {
      const r = await bare.call('zephr_create_secret', { secret_file: join(root, 'db.txt') });
      assert.match(r.text, /^PATH_REFUSED: secret_file is disabled: set ZEPHR_MCP_FILE_ROOTS/);
    } finally {
      await bare.close();
    }
  });

  it('no secret, key or plaintext reaches the MCP server\'s stderr', () => {
    const log = mcp.stderr();
    assert.match(log, /zephr-mcp 0\.1\.0: ready/);
    for (const leak of [ENV_SECRET, FILE_SECRET, 'sk-live-123', 'split via mcp', '#v1.']) assert.ok(!log.includes(leak), leak);
  });
});

describe('zephr-mcp bin', () => {
  it('--version, --help, a bad argument, and a bad ZEPHR_MCP_FILE_ROOTS', () => {
    const run = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, [MCP_BIN, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, input: '' });
    assert.equal(run(['--version']).stdout, '0.1.0\n');
    assert.match(run(['--help']).stdout, /ZEPHR_MCP_FILE_ROOTS/);
    const bad = run(['--nope']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown argument "--nope"/);
    const roots = run([], { ZEPHR_MCP_FILE_ROOTS: '/definitely/not/here' });
    assert.equal(roots.status, 1);
    assert.match(roots.stderr, /ZEPHR_MCP_FILE_ROOTS: "\/definitely\/not\/here" does not exist/);
    assert.match(run([], { ZEPHR_MCP_FILE_ROOTS: 'relative/dir' }).stderr, /is not an absolute path/);
  });
});
