// The cross-surface matrix for requests (spec protocol.md §11, api.md §3.7): each of five surfaces
// (JS SDK, CLI, Python SDK, MCP tools, web pages in Chromium) makes a request, and each of the five
// answers it; the requester then receives exactly what was sent. One real zephr-server process;
// the CLI, Python and the MCP server run as child processes, the pages in a real browser.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createRequest, fulfillRequest, receiveRequest } from 'zephr';
import { CLI, connect, launch, type LiveServer, PYTHON, PYTHON_SDK_SRC, run, type Session, startZephrServer } from '@zephr/test-support';

const SURFACES = ['js', 'cli', 'python', 'mcp', 'browser'] as const;
type Surface = (typeof SURFACES)[number];
/** A request made by a surface: its link, and how that surface takes what arrives. */
interface Made { link: string; receive(): Promise<string>; done?(): Promise<void> }

describe('cross-surface matrix for requests: every surface answers every other surface\'s requests', () => {
  let server: LiveServer;
  let browser: Browser;
  let mcp: Session;
  let config: string;
  let root: string;
  const env = () => ({ ZEPHR_URL: server.url, XDG_CONFIG_HOME: config });
  const python = (code: string, input?: string) => run(PYTHON, ['-c', code], { ...env(), PYTHONPATH: PYTHON_SDK_SRC }, input);

  before(async () => {
    server = await startZephrServer();
    browser = await launch();
    config = mkdtempSync(join(tmpdir(), 'zephr-request-matrix-'));
    root = realpathSync(mkdtempSync(join(tmpdir(), 'zephr-request-matrix-root-')));
    mcp = await connect({ ZEPHR_URL: server.url, ZEPHR_MCP_FILE_ROOTS: root });
  });
  after(async () => {
    await mcp?.close();
    await browser?.close();
    await server?.stop();
    rmSync(config, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  });

  const request: Record<Surface, () => Promise<Made>> = {
    js: async () => {
      const made = await createRequest({ baseUrl: server.url });
      return { link: made.link, receive: async () => { const got = await receiveRequest(made, { wait: 10 }); assert.equal(got.status, 'received'); return got.status === 'received' ? got.secret : ''; } };
    },
    cli: async () => {
      // `zephr request` waiting in the background: the link on stderr, the secret on stdout.
      const child = spawn(process.execPath, [CLI, 'request'], { env: { PATH: process.env.PATH ?? '', ...env() }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => { stdout += c; });
      const exited = new Promise<number | null>((r) => child.on('close', r));
      const link = await new Promise<string>((resolve, reject) => {
        child.stderr.on('data', (c) => { stderr += c; const m = /http:\/\/\S+\/request\/\S+/.exec(stderr); if (m) resolve(m[0]); });
        void exited.then(() => reject(new Error(stderr)));
      });
      return { link, receive: async () => { assert.equal(await exited, 0, stderr); return stdout; } };
    },
    python: async () => {
      const r = await python('import json, zephr\nprint(json.dumps(dict(zephr.create_request())))');
      assert.equal(r.code, 0, r.stderr);
      const made = JSON.parse(r.stdout) as { link: string; private_key: string };
      return {
        link: made.link,
        receive: async () => {
          const got = await python(`import sys, zephr\nr = zephr.receive_request({"link": ${JSON.stringify(made.link)}, "private_key": sys.stdin.read()}, wait=10)\nsys.stdout.write(r.secret)`, made.private_key);
          assert.equal(got.code, 0, got.stderr);
          return got.stdout;
        },
      };
    },
    mcp: async () => {
      const r = await mcp.call('zephr_request_secret', {});
      assert.equal(r.isError, undefined, r.text);
      const { request_link: link, handle } = r.structuredContent as { request_link: string; handle: string };
      return {
        link,
        receive: async () => {
          const file = join(root, `${handle}.txt`);
          const got = await mcp.call('zephr_receive_secret', { handle, output_file: file, wait_seconds: 10 });
          assert.equal(got.isError, undefined, got.text);
          return readFileSync(file, 'utf8');
        },
      };
    },
    browser: async () => {
      const context: BrowserContext = await browser.newContext();
      const page: Page = await context.newPage();
      await page.goto(`${server.url}/ask`);
      await page.locator('#expiry option').first().waitFor({ state: 'attached' });
      await page.click('#submit');
      await page.locator('#waiting:not([hidden])').waitFor();
      const link = await page.inputValue('#link');
      return {
        link,
        receive: async () => {
          await page.locator('#revealed:not([hidden])').waitFor();
          const text = await page.inputValue('#plaintext');
          await context.close();
          return text;
        },
      };
    },
  };

  const fulfil: Record<Surface, (link: string, text: string) => Promise<void>> = {
    js: async (link, text) => { await fulfillRequest(link, text); },
    cli: async (link, text) => {
      const r = await run(process.execPath, [CLI, 'fulfill', link], env(), text);
      assert.equal(r.code, 0, r.stderr);
    },
    python: async (link, text) => {
      const r = await python(`import sys, zephr\nzephr.fulfill_request(${JSON.stringify(link)}, sys.stdin.read())`, text);
      assert.equal(r.code, 0, r.stderr);
    },
    mcp: async (link, text) => {
      const r = await mcp.call('zephr_fulfill_request', { request_link: link, secret: text });
      assert.equal(r.isError, undefined, r.text);
    },
    browser: async (link, text) => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(link);
        await page.locator('#details:not([hidden])').waitFor();
        await page.fill('#secret', text);
        await page.click('#submit');
        await page.locator('#sent:not([hidden])').waitFor();
      } finally {
        await context.close();
      }
    },
  };

  for (const requester of SURFACES) {
    for (const sender of SURFACES) {
      it(`${requester} requests, ${sender} fulfils`, async () => {
        const text = `from ${sender} to ${requester}: pässwörd ✓`;
        const made = await request[requester]();
        assert.match(made.link, new RegExp(`^${server.url}/request/[A-Za-z0-9_-]{22}#r1\\.[A-Za-z0-9_-]{87}$`));
        await fulfil[sender](made.link, text);
        assert.equal(await made.receive(), text);
      });
    }
  }
});
