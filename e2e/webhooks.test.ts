// Webhooks across the product: the example receivers (Node and Python, as child processes)
// verify real deliveries from a real zephr-server process, and refuse replays, stale events and
// forged signatures; and every client surface (JS SDK, CLI, Python SDK, MCP tool) passes
// callback_url/callback_secret through to a delivered, signed event.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSecret, retrieveSecret } from 'zephr';
import { CLI, connect, type LiveServer, PYTHON, PYTHON_SDK_SRC, repoRoot as root, run, startZephrServer, until } from '@zephr/test-support';

const SIGNING = 'e2e-signing-secret';

interface Proc { url: string; lines: string[]; child: ChildProcess; stop(): Promise<void> }

/** Starts a command that prints "listening on <url>" and collects its stdout lines. */
async function start(command: string, args: string[], env: Record<string, string> = {}): Promise<Proc> {
  const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let err = '';
  child.stderr!.on('data', (c: Buffer) => { err += c; });
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (c: Buffer) => {
      buffer += c.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        const m = /^listening on (http:\/\/\S+)/.exec(line);
        if (m) resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`${command} exited ${code}: ${err}`)));
  });
  return { url, lines, child, stop: () => new Promise((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); }) };
}

function signedPost(url: string, body: string, signature = createHmac('sha256', SIGNING).update(body).digest('hex')): Promise<number> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-zephr-signature': signature }, body }).then((r) => r.status);
}

const receivers = [
  { name: 'Node', command: process.execPath, args: [join(root, 'examples', 'webhook-receiver', 'receiver.mjs')] },
  { name: 'Python', command: PYTHON, args: [join(root, 'examples', 'webhook-receiver', 'receiver.py')] },
];

describe('webhooks end to end', () => {
  let server: LiveServer;
  let apiKey: string;
  before(async () => {
    server = await startZephrServer({ ZEPHR_WEBHOOK_ALLOW_PRIVATE: '1', ZEPHR_WEBHOOK_ALLOW_HTTP: '1' });
    apiKey = server.key('dev');
  });
  after(async () => { await server?.stop(); });

  for (const r of receivers) {
    it(`[A-HOOK-7] the ${r.name} example receiver verifies a real delivery and refuses replays, stale events and forgeries`, async () => {
      const rx = await start(r.command, r.args, { ZEPHR_WEBHOOK_SECRET: SIGNING, PORT: '0' });
      try {
        const made = (await createSecret('for the receiver', { baseUrl: server.url, apiKey, hint: 'RX', callbackUrl: `${rx.url}/zephr-events`, callbackSecret: SIGNING })) as { fullLink: string; secretId: string };
        assert.equal((await retrieveSecret(made.fullLink)).plaintext, 'for the receiver');
        await until(() => rx.lines.some((l) => l.startsWith('accepted secret.consumed')), 'the delivery');
        const line = rx.lines.find((l) => l.startsWith('accepted'))!;
        assert.match(line, new RegExp(`^accepted secret\\.consumed secret_id=${made.secretId} event_id=[0-9a-f-]{36} hint=RX$`));

        const fresh = JSON.stringify({ event: 'secret.consumed', event_id: randomUUID(), secret_id: made.secretId, occurred_at: new Date().toISOString() });
        assert.equal(await signedPost(rx.url, fresh), 200);
        assert.equal(await signedPost(rx.url, fresh), 409, 'a replay of the same event_id');
        const stale = JSON.stringify({ event: 'secret.expired', event_id: randomUUID(), secret_id: made.secretId, occurred_at: new Date(Date.now() - 600_000).toISOString() });
        assert.equal(await signedPost(rx.url, stale), 400, 'stale');
        const forged = JSON.stringify({ event: 'secret.consumed', event_id: randomUUID(), secret_id: made.secretId, occurred_at: new Date().toISOString() });
        assert.equal(await signedPost(rx.url, forged, createHmac('sha256', 'wrong').update(forged).digest('hex')), 401);
        assert.equal(await signedPost(rx.url, forged, 'not-hex-\u00e9'), 401);
        assert.equal(rx.lines.filter((l) => l.startsWith('accepted')).length, 2, 'only the delivery and the one fresh event were handled');
      } finally {
        await rx.stop();
      }
    });
  }

  it('every client passes callbacks through: JS SDK, CLI, Python SDK and the MCP tool', async () => {
    const rx = await start(process.execPath, receivers[0]!.args, { ZEPHR_WEBHOOK_SECRET: SIGNING, PORT: '0' });
    try {
      const hook = `${rx.url}/hooks`;
      const ids: Record<string, string> = {};

      const js = (await createSecret('via js', { baseUrl: server.url, apiKey, callbackUrl: hook, callbackSecret: SIGNING })) as { fullLink: string; secretId: string };
      await retrieveSecret(js.fullLink);
      ids.js = js.secretId;

      const cli = await run(process.execPath, [CLI, 'via cli', '--callback-url', hook, '--callback-secret', SIGNING],
        { ZEPHR_URL: server.url, ZEPHR_API_KEY: apiKey });
      assert.equal(cli.code, 0, cli.stderr);
      const cliLink = cli.stdout.trim();
      await retrieveSecret(cliLink);
      ids.cli = cliLink.split('/secret/')[1]!.slice(0, 22);

      const py = await run(PYTHON, ['-c', [
        'import os, zephr',
        `r = zephr.create_secret("via python", api_key=os.environ["ZEPHR_API_KEY"], callback_url=${JSON.stringify(hook)}, callback_secret=${JSON.stringify(SIGNING)})`,
        'zephr.retrieve_secret(r.full_link)',
        'print(r.secret_id)',
      ].join('\n')], { ZEPHR_URL: server.url, ZEPHR_API_KEY: apiKey, PYTHONPATH: PYTHON_SDK_SRC });
      assert.equal(py.code, 0, py.stderr);
      ids.python = py.stdout.trim();

      const mcp = await connect({ ZEPHR_URL: server.url, ZEPHR_API_KEY: apiKey });
      try {
        const made = await mcp.call('zephr_create_secret', { secret: 'via mcp', callback_url: hook, callback_secret: SIGNING });
        assert.equal(made.isError, undefined, made.text);
        const s = made.structuredContent as { link: string; secret_id: string };
        await mcp.call('zephr_retrieve_secret', { link: s.link });
        ids.mcp = s.secret_id;
      } finally {
        await mcp.close();
      }

      for (const [surface, id] of Object.entries(ids)) {
        await until(() => rx.lines.some((l) => l.includes(`secret_id=${id}`)), `the ${surface} secret's event`);
      }
      assert.equal(rx.lines.filter((l) => l.startsWith('accepted secret.consumed')).length, 4);
    } finally {
      await rx.stop();
    }
  });
});
