// Requests in a real headless Chromium against a real server: a request made by the CLI (a child
// process) is fulfilled on the /request page and reaches the CLI's stdout; a request made on the
// /ask page is fulfilled by the SDK and revealed in the page; the key file; every state of the
// two pages without CSP, console or serious axe problems, with no sideways scroll at 360 px.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createRequest, fulfillRequest, receiveRequest } from 'zephr';
import { CLI, type Harness, launch, repoRoot, startServer, seriousAxeViolations, watchedPage } from '@zephr/test-support';

const SHOTS = join(repoRoot, 'test-results', 'screenshots');
const REQUEST_LINK = /http:\/\/127\.0\.0\.1:\d+\/request\/[A-Za-z0-9_-]{22}#r1\.[A-Za-z0-9_-]{87}/;

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

describe('requests in the browser', () => {
  let h: Harness;
  let browser: Browser;
  let config: string;
  before(async () => {
    h = await startServer({ ZEPHR_ANON_DAILY_CREATES: '1000' });
    h.setTime(Date.now());
    browser = await launch();
    config = mkdtempSync(join(tmpdir(), 'zephr-web-requests-'));
  });
  after(async () => {
    await browser?.close();
    await h?.close();
    rmSync(config, { recursive: true, force: true });
  });

  it('the CLI requests, the browser fulfils: the secret arrives on the CLI\'s stdout, and the page never sent the key', async () => {
    const child = spawn(process.execPath, [CLI, 'request', '--hint', 'prod db'], { env: { PATH: process.env.PATH ?? '', ZEPHR_URL: h.url, XDG_CONFIG_HOME: config }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    const link = await new Promise<string>((resolve) => child.stderr.on('data', (c) => { stderr += c; const m = REQUEST_LINK.exec(stderr); if (m) resolve(m[0]); }));
    const exited = new Promise<number | null>((r) => child.on('close', r));

    const w = await watchedPage(browser);
    await w.page.goto(link);
    await w.page.locator('#details:not([hidden])').waitFor();
    assert.equal(await w.page.textContent('#details-hint-text'), 'prod db');
    assert.equal(await w.page.textContent('#details-size'), '6,144 bytes (6 KB)');
    await w.page.fill('#secret', 'pässwörd 🔑\nline two');
    await shoot(w.page, 'request-fulfil-desktop-light');
    await w.page.click('#submit');
    await w.page.locator('#sent').waitFor();
    assert.equal(new URL(w.page.url()).hash, '', 'the key is dropped from the address bar');
    assert.ok(!w.requests.some((u) => u.includes('#') || u.includes('r1.')), 'no request carries the fragment');
    assert.deepEqual(w.problems, []);
    assert.equal(await exited, 0, stderr);
    assert.equal(stdout, 'pässwörd 🔑\nline two');

    // The same link again: the page says it was answered, before anything is typed.
    const again = await watchedPage(browser);
    await again.page.goto(link);
    await again.page.locator('#problem').waitFor();
    assert.match(await again.page.textContent('#problem-title') ?? '', /already answered/);
    await Promise.all([w.context.close(), again.context.close()]);
  });

  it('the /ask page requests, the SDK fulfils: the page reveals it; the key file receives a later one', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(`${h.url}/ask`);
    await w.page.locator('#expiry option').first().waitFor({ state: 'attached' });
    await w.page.fill('#hint', 'staging token');
    await w.page.click('#submit');
    await w.page.locator('#waiting').waitFor();
    const link = await w.page.inputValue('#link');
    assert.match(link, REQUEST_LINK);
    await shoot(w.page, 'request-ask-waiting-desktop-light');
    const download = w.page.waitForEvent('download');
    await w.page.click('#download');
    const saved = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as { link: string; private_key: string };
    assert.equal(saved.link, link);
    assert.match(saved.private_key, /^r1p\.[A-Za-z0-9_-]{43}$/);
    await fulfillRequest(link, 'tok-123 ✓');
    await w.page.locator('#revealed').waitFor();
    assert.equal(await w.page.inputValue('#plaintext'), 'tok-123 ✓');
    assert.equal(await w.page.textContent('#hint-text'), 'staging token');
    assert.ok(!w.requests.some((u) => u.includes('r1p.')), 'the private key never left the page');
    assert.deepEqual(w.problems.filter((m) => !/status of 202/.test(m)), []);
    // The key file the page made works with the SDK too: it was received already.
    await assert.rejects(receiveRequest({ link: saved.link, privateKey: saved.private_key }), /already been consumed/);
    await w.context.close();
  });

  it('cancel on the /ask page: the request link then says so', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(`${h.url}/ask`);
    await w.page.locator('#expiry option').first().waitFor({ state: 'attached' });
    await w.page.click('#submit');
    await w.page.locator('#waiting').waitFor();
    const link = await w.page.inputValue('#link');
    await w.page.click('#cancel');
    await w.page.locator('#problem').waitFor();
    assert.match(await w.page.textContent('#problem-title') ?? '', /cancelled/);
    await assert.rejects(fulfillRequest(link, 'too late'), /cancelled/);
    await w.context.close();
  });

  it('every state of the two pages: no CSP violation, no console error, no serious axe issue, no sideways scroll at 360 px', async () => {
    const open = await createRequest({ baseUrl: h.url, hint: 'prod db' });
    const answered = await createRequest({ baseUrl: h.url });
    await fulfillRequest(answered.link, 'x');
    const states: { name: string; go: (p: Page) => Promise<void>; allowed?: RegExp }[] = [
      { name: 'request-fulfil', go: async (p) => { await p.goto(open.link); await p.locator('#details:not([hidden])').waitFor(); } },
      { name: 'request-answered', go: async (p) => { await p.goto(answered.link); await p.locator('#problem').waitFor(); }, allowed: /status of 410/ },
      { name: 'request-cut-link', go: async (p) => { await p.goto(open.link.slice(0, -20)); await p.locator('#problem').waitFor(); } },
      { name: 'request-ask', go: async (p) => { await p.goto(`${h.url}/ask`); await p.locator('#expiry option').first().waitFor({ state: 'attached' }); } },
    ];
    for (const scheme of ['light', 'dark'] as const) {
      for (const [device, viewport] of [['desktop', { width: 1280, height: 860 }], ['mobile', { width: 360, height: 740 }]] as const) {
        for (const state of states) {
          const w = await watchedPage(browser, { colorScheme: scheme, viewport });
          await state.go(w.page);
          await shoot(w.page, `${state.name}-${device}-${scheme}`);
          assert.deepEqual(w.problems.filter((m) => !(state.allowed?.test(m) ?? false)), [], `${state.name} ${device} ${scheme}`);
          const width = await w.page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(width <= viewport.width, `${state.name} scrolls sideways at ${viewport.width}px (${width})`);
          await w.context.close();
        }
      }
      for (const state of states) {
        const w = await watchedPage(browser, { bypassCSP: true, colorScheme: scheme });
        await state.go(w.page);
        assert.deepEqual(await seriousAxeViolations(w.page), [], `axe: ${state.name} ${scheme}`);
        await w.context.close();
      }
    }
  });
});
