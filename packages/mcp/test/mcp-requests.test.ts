// Requests through zephr-mcp as a host runs it (the built bin over stdio, the SDK's real client):
// the model-side client asks for a secret, a person answers in a real Chromium, and the secret
// lands in a 0600 file, or in a command's environment, without appearing in any tool result;
// only reveal: true shows it. Plus the refusals that keep it that way.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { fulfillRequest } from 'zephr';
import { connect, launch, type LiveServer, type Session, startZephrServer, watchedPage } from '@zephr/test-support';

const SECRET = 'ghp_browserSentThis-9f8e ✓';

/** Every byte a tool result carries back to the model. */
const everything = (r: unknown) => JSON.stringify(r);

describe('zephr-mcp requests', () => {
  let server: LiveServer;
  let mcp: Session;
  let browser: Browser;
  let root: string;
  before(async () => {
    server = await startZephrServer();
    root = realpathSync(mkdtempSync(join(tmpdir(), 'zephr-mcp-requests-')));
    mcp = await connect({ ZEPHR_URL: server.url, ZEPHR_MCP_FILE_ROOTS: root, ZEPHR_MCP_ALLOW_RUN: '1' });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await mcp?.close();
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('the model requests, a browser fulfils, the secret is written to the file and is in no tool result', async () => {
    const asked = await mcp.call('zephr_request_secret', { hint: 'GitHub token', expiry: 60 });
    assert.equal(asked.isError, undefined, asked.text);
    const { request_link: link, handle } = asked.structuredContent as { request_link: string; handle: string };
    assert.match(link, /\/request\/[A-Za-z0-9_-]{22}#r1\./);
    assert.ok(!asked.text.includes('r1p.'), 'the private key never leaves the MCP server');

    const pending = await mcp.call('zephr_receive_secret', { handle, output_file: join(root, 'token.txt'), wait_seconds: 0 });
    assert.equal((pending.structuredContent as { status: string }).status, 'pending');
    assert.throws(() => statSync(join(root, 'token.txt')), 'a pending receive leaves no file behind');

    const w = await watchedPage(browser);
    await w.page.goto(link);
    await w.page.locator('#details:not([hidden])').waitFor();
    assert.equal(await w.page.textContent('#details-hint-text'), 'GitHub token');
    await w.page.fill('#secret', SECRET);
    await w.page.click('#submit');
    await w.page.locator('#sent').waitFor();
    await w.context.close();

    const got = await mcp.call('zephr_receive_secret', { handle, output_file: join(root, 'token.txt'), wait_seconds: 10 });
    assert.equal(got.isError, undefined, got.text);
    assert.deepEqual(got.structuredContent, { status: 'received', output_file: join(root, 'token.txt'), bytes: Buffer.byteLength(SECRET), hint: 'GitHub token' });
    assert.equal(readFileSync(join(root, 'token.txt'), 'utf8'), SECRET);
    assert.equal(statSync(join(root, 'token.txt')).mode & 0o777, 0o600);
    for (const result of [asked, pending, got]) assert.ok(!everything(result).includes(SECRET), 'the secret is in a tool result');
    assert.ok(!mcp.stderr().includes(SECRET), 'nor in the server\'s stderr');
    const again = await mcp.call('zephr_receive_secret', { handle, reveal: true });
    assert.equal(again.isError, true, 'a handle is gone once received');
  });

  it('run with env_var: the command gets the secret in its environment; its output comes back masked', async () => {
    const { handle, request_link: link } = (await mcp.call('zephr_request_secret', {})).structuredContent as { handle: string; request_link: string };
    await fulfillRequest(link, SECRET);
    const script = "const v = process.env.DEPLOY_TOKEN; console.log('token length', v.length, 'value', v)";
    const ran = await mcp.call('zephr_receive_secret', { handle, run: [process.execPath, '-e', script], env_var: 'DEPLOY_TOKEN', wait_seconds: 5 });
    assert.equal(ran.isError, undefined, ran.text);
    const out = ran.structuredContent as { status: string; exit_code: number; output: string };
    assert.equal(out.exit_code, 0);
    assert.equal(out.output.trim(), `token length ${SECRET.length} value [secret]`);
    assert.ok(!everything(ran).includes(SECRET));
  });

  it('with no destination the secret goes to a file in the first root; reveal: true is the one way the plaintext comes back', async () => {
    const first = (await mcp.call('zephr_request_secret', {})).structuredContent as { handle: string; request_link: string };
    await fulfillRequest(first.request_link, 'to the default file');
    const quiet = await mcp.call('zephr_receive_secret', { handle: first.handle, wait_seconds: 5 });
    assert.equal(quiet.isError, undefined, quiet.text);
    const file = join(root, `zephr-request-${first.handle}.txt`);
    assert.deepEqual(quiet.structuredContent, { status: 'received', output_file: file, bytes: 19 });
    assert.equal(readFileSync(file, 'utf8'), 'to the default file');
    assert.ok(!everything(quiet).includes('to the default file'));

    const { handle, request_link: link } = (await mcp.call('zephr_request_secret', {})).structuredContent as { handle: string; request_link: string };
    await fulfillRequest(link, 'shown on purpose');
    const two = await mcp.call('zephr_receive_secret', { handle, output_file: join(root, 'x.txt'), reveal: true });
    assert.equal(two.isError, true);
    assert.match(two.text, /choose one destination/);
    const outside = await mcp.call('zephr_receive_secret', { handle, output_file: '/tmp/outside-the-roots.txt' });
    assert.match(outside.text, /PATH_REFUSED/);
    const shown = await mcp.call('zephr_receive_secret', { handle, reveal: true });
    assert.deepEqual(shown.structuredContent, { status: 'received', plaintext: 'shown on purpose' });
  });

  it('the tools tell the model to keep the secret out of the conversation', async () => {
    const { tools } = await mcp.client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    assert.match(byName.zephr_request_secret!.description ?? '', /Never ask the user to paste a secret into the chat/);
    assert.match(byName.zephr_receive_secret!.description ?? '', /only when the user explicitly asks/);
    assert.match(mcp.client.getInstructions() ?? '', /zephr_request_secret/);
  });
});

describe('zephr-mcp requests without ZEPHR_MCP_ALLOW_RUN or file roots', () => {
  it('run, and the default file, are refused before anything is received', async () => {
    const server = await startZephrServer();
    const mcp = await connect({ ZEPHR_URL: server.url });
    try {
      const { handle, request_link: link } = (await mcp.call('zephr_request_secret', {})).structuredContent as { handle: string; request_link: string };
      await fulfillRequest(link, 'kept');
      const refused = await mcp.call('zephr_receive_secret', { handle, run: ['true'], env_var: 'X' });
      assert.match(refused.text, /ZEPHR_MCP_ALLOW_RUN=1/);
      const nowhere = await mcp.call('zephr_receive_secret', { handle });
      assert.match(nowhere.text, /nowhere to put the secret without showing it: set ZEPHR_MCP_FILE_ROOTS/);
      assert.equal((await mcp.call('zephr_receive_secret', { handle, reveal: true })).structuredContent?.plaintext, 'kept', 'still there');
    } finally {
      await mcp.close();
      await server.stop();
    }
  });
});
