// Every code example of the two seed documents (docs/seeds, copies of the product's overview and
// documentation), run as written against a real server: CLI lines in bash, JavaScript with Node,
// TypeScript with tsx, Python with the SDK, the MCP config with the MCP SDK's client.
//
// Each example is taken from the document by line range, so the code run is the document's own
// text. The only changes: the server address comes from ZEPHR_URL; a `zeph_...` placeholder
// becomes a real key; Python gets back the indentation the text copy lost (the test checks the
// stripped lines still equal the document's). Where an example calls the reader's own code
// (agentB.dispatch, db.connect, a password manager), a prelude defines it, and an epilogue prints
// what the example computed so the test can check it. Not run: install commands (npm install,
// pip install: they fetch the published packages, not this checkout), usage synopses with
// <placeholders>, and response/payload shapes (JSON, not code).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { peekSecret, retrieveSecret } from 'zephr';
import { connect, type LiveServer, PYTHON, PYTHON_SDK_SRC, repoRoot, startZephrServer, until } from '@zephr/test-support';

type Doc = 'overview' | 'documentation';
const lines: Record<Doc, string[]> = {
  overview: readFileSync(join(repoRoot, 'docs', 'seeds', 'overview.txt'), 'utf8').split('\n'),
  documentation: readFileSync(join(repoRoot, 'docs', 'seeds', 'documentation.txt'), 'utf8').split('\n'),
};

/** Where the last excerpt came from, for the list of examples run. */
let lastRange = '';

/** Lines `from`..`to` (1-based, inclusive) of a seed document, checked to start as expected. */
function excerpt(doc: Doc, from: number, to: number, startsWith: string): string[] {
  lastRange = `${doc}.txt:${from}-${to}`;
  const got = lines[doc].slice(from - 1, to);
  assert.ok(got[0]!.startsWith(startsWith), `${doc}.txt:${from} is "${got[0]}", expected it to start with "${startsWith}" (the seed copy changed?)`);
  return got;
}

/** Python with its indentation restored: `indents[i]` levels of 4 spaces before document line i. */
function python(doc: Doc, from: number, to: number, startsWith: string, indents: number[]): string {
  const text = excerpt(doc, from, to, startsWith);
  assert.equal(indents.length, text.length, 'one indent level per line');
  return text.map((line, i) => `${'    '.repeat(indents[i]!)}${line}`).join('\n');
}

const LINK = /^http:\/\/127\.0\.0\.1:\d+\/secret\/[A-Za-z0-9_-]{22}#v1\.[A-Za-z0-9_-]{43}$/;

describe('the seed documents\' examples, verbatim', () => {
  let server: LiveServer;
  let work: string;
  let bin: string;
  let keys: Record<'free' | 'dev', string>;
  const ran: string[] = [];

  before(async () => {
    server = await startZephrServer({ ZEPHR_ANON_DAILY_CREATES: '1000', ZEPHR_WEBHOOK_ALLOW_PRIVATE: '1', ZEPHR_WEBHOOK_ALLOW_HTTP: '1' });
    keys = { free: server.key('free'), dev: server.key('dev') };
    // A project directory whose node_modules is this checkout's: `npx zephr` and `import 'zephr'`
    // resolve to the workspace packages, as they would after `npm install zephr`.
    work = mkdtempSync(join(tmpdir(), 'zephr-doc-examples-'));
    symlinkSync(join(repoRoot, 'node_modules'), join(work, 'node_modules'));
    // `pass`, the reader's password manager in one example, answers with a fixed password.
    bin = join(work, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'pass'), '#!/bin/sh\n[ "$1 $2" = "show production/db" ] && echo "correct horse battery staple"\n');
    chmodSync(join(bin, 'pass'), 0o755);
  });
  after(async () => {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
    console.log(`examples run (${ran.length}):\n  ${ran.join('\n  ')}`);
  });

  /** The environment of a reader's shell: `zephr` on PATH (npm install -g), ZEPHR_URL set. */
  const shellEnv = (extra: Record<string, string> = {}) => ({
    PATH: `${bin}:${join(repoRoot, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME ?? '/tmp', ZEPHR_URL: server.url, ...extra,
  });
  const withKeys = (code: string, key: string) => code.replaceAll('zeph_...', key);

  async function sh(code: string, options: { env?: Record<string, string>; key?: string } = {}) {
    ran.push(`${lastRange}: ${code.replaceAll('\n', ' ⏎ ')}`);
    const r = await runIn('bash', ['-c', options.key ? withKeys(code, options.key) : code], shellEnv(options.env));
    assert.equal(r.code, 0, r.stderr);
    return r;
  }

  function runIn(command: string, args: string[], env: Record<string, string>, stdin = '') {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const r = spawnSync(command, args, { cwd: work, env, input: stdin, encoding: 'utf8' });
      resolve({ code: r.status, stdout: r.stdout, stderr: r.stderr });
    });
  }

  async function js(code: string, options: { prelude?: string; epilogue?: string; env?: Record<string, string>; ts?: boolean } = {}) {
    ran.push(`${lastRange} (${options.ts ? 'TypeScript' : 'JavaScript'}, ${code.split('\n').length} lines)`);
    const file = join(work, `example-${ran.length}.${options.ts ? 'mts' : 'mjs'}`);
    writeFileSync(file, [options.prelude ?? '', code, options.epilogue ?? ''].join('\n'));
    const args = options.ts ? ['--import', 'tsx', file] : [file];
    const r = await runIn(process.execPath, args, shellEnv(options.env));
    assert.equal(r.code, 0, r.stderr);
    return r;
  }

  async function py(code: string, options: { prelude?: string; epilogue?: string; env?: Record<string, string> } = {}) {
    ran.push(`${lastRange} (Python, ${code.split('\n').length} lines)`);
    const file = join(work, `example-${ran.length}.py`);
    writeFileSync(file, [options.prelude ?? '', code, options.epilogue ?? ''].join('\n'));
    const r = await runIn(PYTHON, [file], shellEnv({ PYTHONPATH: PYTHON_SDK_SRC, ...options.env }));
    assert.equal(r.code, 0, r.stderr);
    return r;
  }

  const minutesOf = async (link: string) => {
    const info = await peekSecret(link);
    return Math.round((Date.parse(info.expiresAt) - Date.parse(info.createdAt)) / 60_000);
  };

  describe('overview.txt', () => {
    it('`npx zephr` at a terminal prompts for the secret (input hidden) and prints the link', async () => {
      const [code] = excerpt('overview', 47, 47, 'npx zephr');
      ran.push(`overview: ${code} (on a terminal, typing the secret)`);
      const helper = join(repoRoot, 'packages', 'zephr', 'test', 'support', 'on_terminal.py');
      const r = spawnSync('python3', [helper, JSON.stringify({ input: 'typed at the prompt\r', wait_for: 'input hidden' }), 'bash', '-c', code!], { cwd: work, env: { ...shellEnv(), TERM: 'xterm' }, encoding: 'utf8' });
      const out = JSON.parse(r.stdout) as { code: number; output: string };
      assert.equal(out.code, 0, out.output);
      assert.ok(!out.output.includes('typed at the prompt'), 'not echoed');
      const link = /Link: (\S+)/.exec(out.output)![1]!;
      assert.equal((await retrieveSecret(link)).plaintext, 'typed at the prompt');
    });

    it('`echo "$CREDENTIAL" | npx zephr --expiry 1`: a one-hour link to the credential', async () => {
      const [code] = excerpt('overview', 48, 48, 'echo "$CREDENTIAL"');
      const r = await sh(code!, { env: { CREDENTIAL: 'pg://user:pw@db/prod' } });
      const link = r.stdout.trim();
      assert.match(link, LINK);
      assert.equal(await minutesOf(link), 60);
      assert.equal((await retrieveSecret(link)).plaintext, 'pg://user:pw@db/prod');
    });

    it('JavaScript: createSecret(\'my-credential\', { expiry: 1 }) then retrieveSecret(fullLink)', async () => {
      const code = excerpt('overview', 53, 56, "import { createSecret, retrieveSecret } from 'zephr';").join('\n');
      const r = await js(code, { epilogue: 'console.log(JSON.stringify({ fullLink, plaintext: secret.plaintext }));' });
      const out = JSON.parse(r.stdout) as { fullLink: string; plaintext: string };
      assert.match(out.fullLink, LINK);
      assert.equal(out.plaintext, 'my-credential');
    });

    it('Python: create_secret("my-credential", expiry_hours=1) then retrieve_secret(result["full_link"])', async () => {
      const code = python('overview', 61, 64, 'from zephr import', [0, 0, 0, 0]);
      const r = await py(code, { epilogue: 'import json\nprint(json.dumps({"result": result, "secret": secret}))' });
      const out = JSON.parse(r.stdout) as { result: Record<string, string>; secret: Record<string, unknown> };
      assert.match(out.result.full_link!, LINK);
      assert.equal(Date.parse(out.result.expires_at!) - Date.now() > 59 * 60_000, true, 'an hour');
      assert.equal(out.secret.plaintext, 'my-credential');
    });
  });

  describe('documentation.txt: quickstart', () => {
    it('`npx zephr-mcp` starts the MCP server: a client lists the two documented tools', async () => {
      const [code] = excerpt('documentation', 43, 43, 'npx zephr-mcp');
      ran.push(`documentation: ${code} (an MCP client over stdio)`);
      const mcp = await connect({ ZEPHR_URL: server.url, HOME: process.env.HOME ?? '/tmp' }, 'bash', ['-c', code!], work);
      try {
        const { tools } = await mcp.client.listTools();
        for (const name of ['zephr_create_secret', 'zephr_retrieve_secret']) assert.ok(tools.some((t) => t.name === name), name);
        // "Store this API key as a one-time secret.": what the agent's tool call does.
        const made = await mcp.call('zephr_create_secret', { secret: 'sk-agent-key' });
        assert.match(made.text, /^Link: http/);
      } finally {
        await mcp.close();
      }
    });

    it('CLI: `zephr "my-api-key-abc123"` prints the link, as the comment under it shows', async () => {
      const [code, comment] = excerpt('documentation', 47, 48, 'zephr "my-api-key-abc123"');
      assert.match(comment!, /^# → https:\/\/zephr\.io\/secret\/\S+#v1\.key\.\.\.$/);
      const r = await sh(code!);
      assert.match(r.stdout, new RegExp(`${LINK.source.slice(0, -1)}\\n$`));
      assert.equal((await retrieveSecret(r.stdout.trim())).plaintext, 'my-api-key-abc123');
    });

    it('JavaScript: createSecret(\'my-api-key-abc123\') gives fullLink', async () => {
      const code = excerpt('documentation', 51, 53, "import { createSecret } from 'zephr';").join('\n');
      const r = await js(code, { epilogue: 'console.log(fullLink);' });
      assert.equal((await retrieveSecret(r.stdout.trim())).plaintext, 'my-api-key-abc123');
    });

    it('Python: print(result["full_link"])', async () => {
      const code = python('documentation', 56, 59, 'import zephr', [0, 0, 0, 0]);
      const r = await py(code);
      assert.match(r.stdout.trim(), LINK);
      assert.equal((await retrieveSecret(r.stdout.trim())).plaintext, 'my-api-key-abc123');
    });
  });

  describe('documentation.txt: MCP server', () => {
    it('the configuration JSON starts the server; the documented request gives the documented answer', async () => {
      const text = excerpt('documentation', 68, 76, '{').join('\n');
      ran.push('documentation: the MCP configuration JSON (command, args, env), then the documented example request');
      const config = JSON.parse(withKeys(text, keys.dev)) as { mcpServers: { zephr: { command: string; args: string[]; env: Record<string, string> } } };
      const { command, args, env } = config.mcpServers.zephr;
      assert.equal(env.ZEPHR_API_KEY, keys.dev);
      const mcp = await connect({ ...env, ZEPHR_URL: server.url, HOME: process.env.HOME ?? '/tmp' }, command, args, work);
      try {
        // "Store this database password as a one-time secret with a 15-minute expiry and hint DB_PROD."
        const made = await mcp.call('zephr_create_secret', { secret: 'db-password-123', expiry: 15, hint: 'DB_PROD' });
        const shown = excerpt('documentation', 89, 92, '→ Link:');
        assert.match(shown.join('\n'), /^→ Link: \S+\nExpires: \S+\nSecret ID: \S+\nHint: DB_PROD$/);
        const m = /^Link: (\S+)\nExpires: (\S+)\nSecret ID: ([A-Za-z0-9_-]{22})\nHint: DB_PROD$/.exec(made.text);
        assert.ok(m, made.text);
        assert.equal(Math.round((Date.parse(m[2]!) - Date.now()) / 60_000), 15);
        const got = await mcp.call('zephr_retrieve_secret', { link: m[1] });
        // "the decrypted plaintext on the first line, followed by Hint: <label> and Purge at: <timestamp>"
        assert.match(got.text, /^db-password-123\nHint: DB_PROD\nPurge at: \S+Z$/);
      } finally {
        await mcp.close();
      }
    });
  });

  describe('documentation.txt: CLI', () => {
    it('`npx zephr "my-secret"`', async () => {
      const [code] = excerpt('documentation', 130, 130, 'npx zephr "my-secret"');
      const r = await sh(code!);
      assert.equal((await retrieveSecret(r.stdout.trim())).plaintext, 'my-secret');
    });

    it('the Examples block, line by line', async () => {
      const block = excerpt('documentation', 148, 154, 'zephr "my-api-key" # 1h');
      const [plain, sixty, split, hinted, , fromEnv, fromPass] = block as [string, string, string, string, string, string, string];
      for (const code of [plain, sixty]) {
        const link = (await sh(code)).stdout.trim();
        assert.equal(await minutesOf(link), 60, code);
        assert.equal((await retrieveSecret(link)).plaintext, 'my-api-key');
      }
      const [url, key] = (await sh(split)).stdout.trim().split('\n') as [string, string];
      assert.equal((await retrieveSecret({ url, key })).plaintext, 'my-api-key');
      const labelled = await retrieveSecret((await sh(hinted)).stdout.trim());
      assert.deepEqual([labelled.plaintext, labelled.hint], ['my-api-key', 'STRIPE_KEY']);
      assert.equal((await retrieveSecret((await sh(fromEnv, { env: { API_KEY: 'sk_live_from_env' } })).stdout.trim())).plaintext, 'sk_live_from_env');
      assert.equal((await retrieveSecret((await sh(fromPass)).stdout.trim())).plaintext, 'correct horse battery staple');
    });

    it('`zephr retrieve <link>` opens a link made by the examples', async () => {
      const link = (await sh('zephr "my-api-key"')).stdout.trim();
      const [synopsis] = excerpt('documentation', 133, 133, 'zephr retrieve <link> [options]');
      const code = synopsis!.replace(/ \[options\].*$/, '').replace('<link>', `"${link}"`);
      assert.equal((await sh(code)).stdout, 'my-api-key');
    });

    it('Authentication: the flag, the exported variable and the inline variable', async () => {
      const block = excerpt('documentation', 163, 169, '# Flag');
      const flagged = block.slice(0, 2).join('\n');
      const before = (await call(keys.free)).quota.used;
      const link = (await sh(flagged, { key: keys.free })).stdout.trim();
      assert.equal((await call(keys.free)).quota.used, before + 1, 'counted on the key');
      assert.equal((await retrieveSecret(link)).plaintext, 'secret');
      const exported = (await sh(block.slice(2, 5).join('\n'), { key: keys.free })).stdout.trim();
      assert.equal(await minutesOf(exported), 10080);
      const inline = (await sh(block.slice(5, 7).join('\n'), { key: keys.dev })).stdout.trim();
      assert.equal(await minutesOf(inline), 43200);
    });

    async function call(key: string) {
      return (await (await fetch(`${server.url}/api/limits`, { headers: { authorization: `Bearer ${key}` } })).json()) as { quota: { used: number } };
    }
  });

  describe('documentation.txt: JavaScript SDK', () => {
    it('Error handling: the try block logs the link', async () => {
      const code = excerpt('documentation', 227, 236, "import { createSecret, ValidationError, ApiError, NetworkError } from 'zephr';").join('\n');
      const r = await js(code);
      assert.equal((await retrieveSecret(r.stdout.trim())).plaintext, 'my-api-key');
    });

    it('Error handling: a refusal takes the ApiError branch with the status', async () => {
      // The same block against a server that refuses: the anonymous quota spent.
      const code = excerpt('documentation', 227, 236, 'import').join('\n');
      const tight = await startZephrServer({ ZEPHR_ANON_DAILY_CREATES: '0' });
      try {
        const r = await runIn(process.execPath, ['--input-type=module', '-e', code], { ...shellEnv(), ZEPHR_URL: tight.url });
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stderr, /^Server error 429: Anonymous daily limit of 0 creates reached/);
      } finally {
        await tight.stop();
      }
    });

    it('TypeScript: the typed create and retrieve (run with tsx)', async () => {
      const code = excerpt('documentation', 238, 246, "import { createSecret, retrieveSecret } from 'zephr';").join('\n');
      const r = await js(code, { ts: true, epilogue: 'console.log(plaintext);' });
      const [link, plaintext] = r.stdout.trim().split('\n');
      assert.match(link!, LINK);
      assert.equal(plaintext, 'my-api-key');
    });

    it('Example — standard mode prints the secret', async () => {
      const code = excerpt('documentation', 264, 269, "import { createSecret, retrieveSecret } from 'zephr';").join('\n');
      assert.equal((await js(code)).stdout, 'sk-live-abc123\n');
    });

    it('Example — split mode, URL and key through separate channels', async () => {
      const code = excerpt('documentation', 271, 276, '// Agent A').join('\n');
      const prelude = [
        "import { createSecret, retrieveSecret } from 'zephr';",
        'const agentB = { dispatch: (task) => { agentB.task = task; } };',
        'const sideChannel = { send: (key) => { sideChannel.key = key; } };',
      ].join('\n');
      const epilogue = 'console.log(JSON.stringify({ plaintext, url: agentB.task.credentialUrl, key: sideChannel.key }));';
      const out = JSON.parse((await js(code, { prelude, epilogue })).stdout) as { plaintext: string; url: string; key: string };
      assert.equal(out.plaintext, 'db-password');
      assert.ok(!out.url.includes('#') && out.key.startsWith('v1.'));
    });

    it('Webhook callback: the create is accepted with a key', async () => {
      const code = excerpt('documentation', 290, 296, "const { fullLink } = await createSecret('db-password', {").join('\n');
      const r = await js(code, { prelude: "import { createSecret } from 'zephr';", epilogue: 'console.log(fullLink);', env: { ZEPHR_API_KEY: keys.free } });
      assert.equal((await retrieveSecret(r.stdout.trim())).hint, 'DB_PASSWORD_PROD');
    });

    it('End-to-end agent workflow: Agent B connects with the password, once', async () => {
      const code = excerpt('documentation', 303, 316, "import { createSecret, retrieveSecret, ApiError } from 'zephr';").join('\n');
      const prelude = [
        'const agentB = { dispatch: (task) => { agentB.task = task; } };',
        'const receiveTask = async () => agentB.task;',
        'const db = { connect: async ({ password }) => { console.log(JSON.stringify({ connected: password })); } };',
      ].join('\n');
      const r = await js(code, { prelude, env: { DB_PASSWORD: 'hunter2-prod' } });
      assert.deepEqual(JSON.parse(r.stdout), { connected: 'hunter2-prod' });
    });
  });

  describe('documentation.txt: Python SDK', () => {
    it('Error handling: the try block prints the link', async () => {
      const code = python('documentation', 373, 382, 'import zephr', [0, 0, 1, 1, 0, 1, 0, 1, 0, 1]);
      const r = await py(code);
      assert.equal((await retrieveSecret(r.stdout.trim())).plaintext, 'my-api-key');
    });

    it('Agent workflows: Agent B connects with the password', async () => {
      const code = python('documentation', 409, 422, 'import zephr', [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 2, 1]);
      const prelude = [
        'import json, os',
        'class _AgentB:',
        '    def dispatch(self, task): self.task = task',
        '    def receive_task(self): return self.task',
        'class _Db:',
        '    def connect(self, password): print(json.dumps({"connected": password}))',
        'agent_b, db = _AgentB(), _Db()',
      ].join('\n');
      const r = await py(code, { prelude, env: { DB_PASSWORD: 'hunter2-prod' } });
      assert.deepEqual(JSON.parse(r.stdout), { connected: 'hunter2-prod' });
    });

    it('Split mode: the URL in the task, the key on a side channel', async () => {
      const code = python('documentation', 424, 433, '# Agent A', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
      const prelude = [
        'import os, zephr',
        'class _AgentB:',
        '    def dispatch(self, task): self.task = task',
        '    def receive_task(self): return self.task',
        'class _SideChannel:',
        '    def send(self, key): self.key = key',
        '    def recv(self): return self.key',
        'agent_b, side_channel = _AgentB(), _SideChannel()',
      ].join('\n');
      const r = await py(code, { prelude, epilogue: 'print(plaintext)', env: { THIRD_PARTY_API_KEY: 'tp-key-42' } });
      assert.equal(r.stdout, 'tp-key-42\n');
    });

    it('Webhook callback: the create is accepted with a key', async () => {
      const code = python('documentation', 437, 443, 'result = zephr.create_secret("db-password",', [0, 1, 1, 1, 1, 1, 0]);
      const r = await py(code, { prelude: 'import os, zephr', epilogue: 'print(result["full_link"])', env: { ZEPHR_API_KEY: keys.free } });
      assert.equal((await retrieveSecret(r.stdout.trim())).hint, 'DB_PASSWORD_PROD');
    });
  });

  describe('documentation.txt: verifying a webhook signature', () => {
    let delivery: { body: string; signature: string };
    let receiver: Server;
    before(async () => {
      // A real delivery from this server, signed with the secret the examples use.
      let got: { body: string; signature: string } | undefined;
      receiver = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => { body += c; });
        req.on('end', () => { got = { body, signature: String(req.headers['x-zephr-signature']) }; res.end(); });
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
      const port = (receiver.address() as { port: number }).port;
      const { createSecret } = await import('zephr');
      const made = (await createSecret('signed', { baseUrl: server.url, apiKey: keys.free, hint: 'STRIPE_KEY_PROD', callbackUrl: `http://127.0.0.1:${port}/zephr-events`, callbackSecret: 'my-callback-secret' })) as { fullLink: string };
      await retrieveSecret(made.fullLink);
      await until(() => got !== undefined, 'the webhook delivery');
      delivery = got!;
    });
    after(() => new Promise<void>((r) => receiver.close(() => r())));

    it('Node.js: verifyZephrSignature and the Express route lines accept the real delivery, refuse a changed body', async () => {
      const fn = excerpt('documentation', 551, 561, "import crypto from 'node:crypto';").join('\n');
      const route = excerpt('documentation', 562, 564, '// In your Express route:').join('\n');
      const prelude = `const rawBody = Buffer.from(process.env.BODY);\nconst req = { headers: { 'x-zephr-signature': process.env.SIG } };`;
      const epilogue = 'console.log(JSON.stringify({ valid, tampered: verifyZephrSignature(Buffer.from(process.env.BODY + " "), sig, "my-callback-secret") }));';
      const r = await js(`${fn}\n${route}`, { prelude, epilogue, env: { BODY: delivery.body, SIG: delivery.signature } });
      assert.deepEqual(JSON.parse(r.stdout), { valid: true, tampered: false });
      assert.equal(JSON.parse(delivery.body).event, 'secret.consumed');
    });

    it('Python: verify_zephr_signature and the Flask route lines accept the real delivery, refuse a changed body', async () => {
      const code = python('documentation', 566, 572, 'import hashlib, hmac', [0, 0, 1, 1, 0, 0, 0]);
      const prelude = [
        'import os',
        'class request:  # the Flask request object of the route',
        '    headers = {"X-Zephr-Signature": os.environ["SIG"]}',
        '    @staticmethod',
        '    def get_data(): return os.environ["BODY"].encode()',
      ].join('\n');
      const epilogue = 'print(valid, verify_zephr_signature(request.get_data() + b" ", sig, "my-callback-secret"))';
      const r = await py(code, { prelude, epilogue, env: { BODY: delivery.body, SIG: delivery.signature } });
      assert.equal(r.stdout, 'True False\n');
    });
  });

  it('the quickstart Python lines are unchanged apart from indentation (a guard on the restoring)', () => {
    const stripped = python('documentation', 373, 382, 'import zephr', [0, 0, 1, 1, 0, 1, 0, 1, 0, 1]).split('\n').map((l) => l.trimStart());
    assert.deepEqual(stripped, lines.documentation.slice(372, 382));
  });
});
