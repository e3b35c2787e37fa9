// The cross-surface matrix: a link made by any surface opens in every other. Five surfaces (JS
// SDK, CLI, Python SDK, MCP tool, web page in Chromium), each creating links in standard and split
// mode for each of the five to open, against one real zephr-server process. Every other side runs
// as it ships: the CLI, Python and the MCP server as child processes, the page in a real browser.
// Every link is claimed (bound to its key, spec P-CLAIM-4): a plain GET of its id is checked to be
// 404 before it is opened, and each surface, given a link with the wrong key, refuses without
// using the secret up, so the right key still opens it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { createSecret, retrieveSecret } from 'zephr';
import { CLI, connect, launch, type LiveServer, PYTHON, PYTHON_SDK_SRC, run, type Session, startZephrServer } from '@zephr/test-support';


type Mode = 'standard' | 'split';
type Link = { full: string } | { url: string; key: string };
const SURFACES = ['js', 'cli', 'python', 'mcp', 'browser'] as const;
type Surface = (typeof SURFACES)[number];

describe('cross-surface matrix: every surface opens every other surface\'s links', () => {
  let server: LiveServer;
  let browser: Browser;
  let mcp: Session;
  const env = () => ({ ZEPHR_URL: server.url });
  const python = (code: string, input?: string) => run(PYTHON, ['-c', code], { ...env(), PYTHONPATH: PYTHON_SDK_SRC }, input);

  before(async () => {
    server = await startZephrServer();
    browser = await launch();
    mcp = await connect(env());
  });
  after(async () => {
    await mcp?.close();
    await browser?.close();
    await server?.stop();
  });

  const create: Record<Surface, (text: string, mode: Mode) => Promise<Link>> = {
    js: async (text, mode) => {
      const r = await createSecret(text, { baseUrl: server.url, split: mode === 'split' });
      return r.mode === 'split' ? { url: r.url, key: r.key } : { full: r.fullLink };
    },
    cli: async (text, mode) => {
      const r = await run(process.execPath, [CLI, ...(mode === 'split' ? ['--split'] : [])], env(), text);
      assert.equal(r.code, 0, r.stderr);
      // Into a pipe the CLI prints only the link (split: the URL, then the key).
      const [first, second] = r.stdout.split('\n') as [string, string];
      return mode === 'split' ? { url: first, key: second } : { full: first };
    },
    python: async (text, mode) => {
      const r = await python(`import sys, json, zephr\nprint(json.dumps(dict(zephr.create_secret(sys.stdin.read(), split=${mode === 'split' ? 'True' : 'False'}))))`, text);
      assert.equal(r.code, 0, r.stderr);
      const made = JSON.parse(r.stdout) as { full_link?: string; url?: string; key?: string };
      return mode === 'split' ? { url: made.url!, key: made.key! } : { full: made.full_link! };
    },
    mcp: async (text, mode) => {
      const r = await mcp.call('zephr_create_secret', { secret: text, split: mode === 'split' });
      assert.equal(r.isError, undefined, r.text);
      const s = r.structuredContent as { link?: string; url?: string; key?: string };
      return mode === 'split' ? { url: s.url!, key: s.key! } : { full: s.link! };
    },
    browser: async (text, mode) => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(server.url + '/');
        await page.locator('#expiry option').first().waitFor({ state: 'attached' });
        await page.fill('#secret', text);
        if (mode === 'split') await page.check('#split');
        await page.click('#submit');
        await page.locator('#result').waitFor();
        return mode === 'split' ? { url: await page.inputValue('#split-url'), key: await page.inputValue('#split-key') } : { full: await page.inputValue('#link') };
      } finally {
        await context.close();
      }
    },
  };

  const open: Record<Surface, (link: Link) => Promise<string>> = {
    js: async (link) => (await retrieveSecret('full' in link ? link.full : link)).plaintext,
    cli: async (link) => {
      const r = await run(process.execPath, [CLI, 'retrieve', ...('full' in link ? [link.full] : ['--url', link.url, '--key', link.key])], env());
      assert.equal(r.code, 0, r.stderr);
      return r.stdout;
    },
    python: async (link) => {
      const arg = 'full' in link ? JSON.stringify(link.full) : JSON.stringify({ url: link.url, key: link.key });
      const r = await python(`import sys, zephr\nsys.stdout.write(zephr.retrieve_secret(${arg}).plaintext)`);
      assert.equal(r.code, 0, r.stderr);
      return r.stdout;
    },
    mcp: async (link) => {
      const r = await mcp.call('zephr_retrieve_secret', 'full' in link ? { link: link.full } : { url: link.url, key: link.key });
      assert.equal(r.isError, undefined, r.text);
      return (r.structuredContent as { plaintext: string }).plaintext;
    },
    browser: async (link) => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto('full' in link ? link.full : link.url);
        if (!('full' in link)) await page.fill('#key', link.key);
        await page.click('#reveal');
        await page.locator('#revealed:not([hidden])').waitFor();
        return await page.inputValue('#plaintext');
      } finally {
        await context.close();
      }
    },
  };

  /** Tries a link whose key is wrong; asserts the surface says not found. Nothing may be consumed. */
  const refuse: Record<Surface, (link: Link) => Promise<void>> = {
    js: async (link) => {
      await assert.rejects(retrieveSecret('full' in link ? link.full : link), (e: unknown) => (e as { code?: string }).code === 'SECRET_NOT_FOUND');
    },
    cli: async (link) => {
      const r = await run(process.execPath, [CLI, 'retrieve', ...('full' in link ? [link.full] : ['--url', link.url, '--key', link.key])], env());
      assert.equal(r.code, 1);
      assert.match(r.stderr, /SECRET_NOT_FOUND.*a wrong key does not use up a secret/);
    },
    python: async (link) => {
      const arg = 'full' in link ? JSON.stringify(link.full) : JSON.stringify({ url: link.url, key: link.key });
      const r = await python(`import sys, zephr
try:
    zephr.retrieve_secret(${arg})
except zephr.ApiError as e:
    print(e.status_code, e.code)`);
      assert.equal(r.stdout.trim(), '404 SECRET_NOT_FOUND', r.stderr);
    },
    mcp: async (link) => {
      const r = await mcp.call('zephr_retrieve_secret', 'full' in link ? { link: link.full } : { url: link.url, key: link.key });
      assert.equal(r.isError, true);
      assert.match(r.text, /^SECRET_NOT_FOUND \(HTTP 404\)/);
    },
    browser: async (link) => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        if ('full' in link) {
          await page.goto(link.full);
          await page.locator('#problem:not([hidden])').waitFor();
          assert.equal(await page.textContent('#problem-title'), 'Secret not found');
        } else {
          await page.goto(link.url);
          await page.fill('#key', link.key);
          await page.click('#reveal');
          await page.locator('#error:not([hidden])').waitFor();
          assert.match(await page.textContent('#error') ?? '', /No secret opens with this key/);
        }
      } finally {
        await context.close();
      }
    },
  };

  const idOf = (link: Link) => ('full' in link ? link.full : link.url).split('/secret/')[1]!.slice(0, 22);
  const WRONG_KEY = `v1.${'A'.repeat(43)}`;
  const withWrongKey = (link: Link): Link => ('full' in link ? { full: link.full.replace(/#.*$/, `#${WRONG_KEY}`) } : { url: link.url, key: WRONG_KEY });

  for (const maker of SURFACES) {
    it(`${maker}'s links are claimed: a wrong key in each surface leaves the secret for the right key`, async () => {
      for (const mode of ['standard', 'split'] as const) {
        const text = `${maker} claimed ${mode}`;
        const link = await create[maker](text, mode);
        assert.equal((await fetch(`${server.url}/api/secrets/${idOf(link)}`)).status, 404, 'a plain GET of the id consumes nothing');
        for (const opener of SURFACES) await refuse[opener](withWrongKey(link));
        assert.equal(await open[maker === 'browser' ? 'js' : maker](link), text, `${maker} (${mode}): still there after five wrong keys`);
      }
    });
  }

  for (const maker of SURFACES) {
    for (const mode of ['standard', 'split'] as const) {
      it(`${maker} (${mode}) → js, cli, python, mcp, browser`, async () => {
        for (const opener of SURFACES) {
          const text = `${maker}→${opener} ${mode}: pässwörd 🔑 密码`;
          const link = await create[maker](text, mode);
          if ('full' in link) assert.match(link.full, new RegExp(`^${server.url}/secret/[A-Za-z0-9_-]{22}#v1\\.[A-Za-z0-9_-]{43}$`));
          else assert.ok(!link.url.includes('#') && /^v1\.[A-Za-z0-9_-]{43}$/.test(link.key));
          assert.equal((await fetch(`${server.url}/api/secrets/${idOf(link)}`)).status, 404, `${maker} made a claimed link`);
          assert.equal(await open[opener](link), text, `${maker} → ${opener} (${mode})`);
        }
      });
    }
  }
});
