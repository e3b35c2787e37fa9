// The web interface in a real headless Chromium against a real server (real SQLite file, real
// HTTP): create → share → reveal, split mode, wrong key (the secret survives), burn, expiry, no consumption on page load,
// cross-surface links with the CLI, CSP and console cleanliness, accessibility, screenshots. The
// routes' headers and caching over plain HTTP are in web-routes.test.ts.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createSecret, retrieveSecret } from 'zephr';
import { CLI, type Harness, launch, newKey, repoRoot, startServer, seriousAxeViolations, watchedPage } from '@zephr/test-support';

const SHOTS = join(repoRoot, 'test-results', 'screenshots');

/** The CLI as a child process. Asynchronous: the server under test runs in this process. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A console line that is not the browser reporting an API refusal the test provoked (404/410). */
const unexpected = (m: string) => !/^Failed to load resource: the server responded with a status of (404 \(Not Found\)|410 \(Gone\))$/.test(m);

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function createInPage(page: Page, url: string, text: string, opts: { split?: boolean; hint?: string } = {}): Promise<void> {
  await page.goto(url + '/');
  await page.locator('#expiry option').first().waitFor({ state: 'attached' });
  await page.fill('#secret', text);
  if (opts.hint) await page.fill('#hint', opts.hint);
  if (opts.split) await page.check('#split');
  await page.click('#submit');
  await page.locator('#result').waitFor();
}

describe('web interface', () => {
  let h: Harness;
  let browser: Browser;
  before(async () => {
    h = await startServer({ ZEPHR_ANON_DAILY_CREATES: '1000' });
    h.setTime(Date.now());
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await h?.close();
  });

  it('create → open in a fresh browser → Reveal gives the same text (emoji, CJK); a second open says already viewed', async () => {
    const text = 'pässwörd 🔑 密码 パスワード\nline two';
    const sender = await watchedPage(browser);
    await createInPage(sender.page, h.url, text, { hint: 'DB_PROD' });
    const link = await sender.page.inputValue('#link');
    assert.match(link, new RegExp(`^${h.url}/secret/[A-Za-z0-9_-]{22}#v1\\.[A-Za-z0-9_-]{43}$`));
    assert.equal(await sender.page.locator('#qr svg path').count(), 1, 'QR drawn locally');
    assert.match(await sender.page.textContent('#expires') ?? '', /^Expires in 1 hour \(/);
    assert.ok(!sender.requests.some((u) => u.includes('#')), 'no request carries the fragment');

    const recipient = await watchedPage(browser);
    await recipient.page.goto(link);
    assert.match(await recipient.page.textContent('#waiting-title') ?? '', /shared a secret/);
    // Before Reveal: the hint and expiry, from a peek that consumes nothing.
    await recipient.page.locator('#details:not([hidden])').waitFor();
    assert.equal(await recipient.page.textContent('#details-hint-text'), 'DB_PROD');
    assert.match(await recipient.page.textContent('#details-expires') ?? '', /^in (1 hour|60 minutes|59 minutes) \(/);
    await shoot(recipient.page, 'reveal-preview-desktop-light');
    await recipient.page.click('#reveal');
    await recipient.page.locator('#revealed').waitFor();
    assert.equal(await recipient.page.inputValue('#plaintext'), text);
    assert.equal(await recipient.page.textContent('#hint-text'), 'DB_PROD');
    assert.equal(new URL(recipient.page.url()).hash, '', 'the key is dropped from the address bar');
    assert.deepEqual([...sender.problems, ...recipient.problems], []);

    const late = await watchedPage(browser);
    await late.page.goto(link);
    // The preview already knows: no Reveal button to press for a secret that is gone.
    await late.page.locator('#problem').waitFor();
    assert.match(await late.page.textContent('#problem-title') ?? '', /already viewed/);
    assert.match(await late.page.textContent('#problem-text') ?? '', /someone else did: tell the sender/);
    await shoot(late.page, 'reveal-already-viewed-desktop-light');
    await Promise.all([sender.context.close(), recipient.context.close(), late.context.close()]);
  });

  it('[A-GET-6] loading /secret/<id> never consumes: at most a peek until Reveal; the secret survives', async () => {
    const made = (await createSecret('preview-proof', { baseUrl: h.url })) as { fullLink: string; secretId: string };
    for (const [variant, expected] of [[made.fullLink, [`/api/secrets/${made.secretId}/peek`]], [made.fullLink.split('#')[0]!, []]] as const) {
      const w = await watchedPage(browser);
      await w.page.goto(variant);
      await w.page.waitForLoadState('networkidle');
      assert.deepEqual(w.requests.filter((u) => u.includes('/api/secrets')).map((u) => new URL(u).pathname), expected, variant);
      await w.context.close();
    }
    assert.equal((await retrieveSecret(made.fullLink)).plaintext, 'preview-proof');
  });

  it('split mode end to end: the key is asked for, checked for form, then reveals', async () => {
    const sender = await watchedPage(browser);
    await createInPage(sender.page, h.url, 'split in the browser', { split: true });
    const url = await sender.page.inputValue('#split-url');
    const key = await sender.page.inputValue('#split-key');
    assert.ok(!url.includes('#'));
    await shoot(sender.page, 'create-split-result-desktop-light');
    const r = await watchedPage(browser);
    await r.page.goto(url);
    await r.page.locator('#key-field').waitFor();
    assert.equal(await r.page.isDisabled('#reveal'), true);
    await r.page.fill('#key', key.slice(0, -3));
    assert.equal(await r.page.isDisabled('#reveal'), true, 'a truncated key cannot burn the secret');
    assert.match(await r.page.textContent('#key-help') ?? '', /does not look like a Zephr key/);
    await shoot(r.page, 'reveal-split-key-desktop-light');
    await r.page.fill('#key', `  ${key} `);
    await r.page.click('#reveal');
    await r.page.locator('#revealed').waitFor();
    assert.equal(await r.page.inputValue('#plaintext'), 'split in the browser');
    assert.deepEqual([...sender.problems, ...r.problems], []);
    await Promise.all([sender.context.close(), r.context.close()]);
  });

  it('a network failure on Reveal says so and leaves Reveal available to retry', async () => {
    const other = await startServer();
    other.setTime(Date.now());
    const made = (await createSecret('unreachable', { baseUrl: other.url })) as { fullLink: string };
    const w = await watchedPage(browser);
    try {
      await w.page.goto(made.fullLink);
      await w.page.locator('#reveal').waitFor();
      await other.close();
      await w.page.click('#reveal');
      await w.page.locator('#error:not([hidden])').waitFor();
      assert.match(await w.page.textContent('#error') ?? '', /Could not reach the server\. Nothing was revealed/);
      assert.equal(await w.page.isEnabled('#reveal'), true, 'Reveal can be tried again');
      assert.equal(await w.page.isVisible('#problem'), false);
      assert.notEqual(new URL(w.page.url()).hash, '', 'the key stays for the retry');
      await shoot(w.page, 'reveal-network-error-desktop-light');
    } finally {
      await w.context.close();
      await other.close().catch(() => undefined);
    }
  });

  it('a wrong key in the link says not found and leaves the secret for the right link', async () => {
    const made = (await createSecret('right', { baseUrl: h.url })) as { fullLink: string };
    const wrong = made.fullLink.replace(/#v1\..+$/, `#v1.${'A'.repeat(43)}`);
    const w = await watchedPage(browser);
    await w.page.goto(wrong);
    await w.page.locator('#problem').waitFor();
    assert.equal(await w.page.textContent('#problem-title'), 'Secret not found');
    assert.match(await w.page.textContent('#problem-text') ?? '', /a wrong key does not use up a secret/);
    await shoot(w.page, 'reveal-wrong-key-desktop-light');
    await w.context.close();
    assert.equal((await retrieveSecret(made.fullLink)).plaintext, 'right');
  });

  it('split mode: a wrong key says so, keeps the form, and the right key then reveals', async () => {
    const made = (await createSecret('typed key', { baseUrl: h.url, split: true, hint: 'VPN' })) as { url: string; key: string };
    const w = await watchedPage(browser);
    await w.page.goto(made.url);
    await w.page.locator('#key-field').waitFor();
    await w.page.fill('#key', `v1.${'B'.repeat(42)}A`);
    await w.page.locator('#error:not([hidden])').waitFor();
    assert.match(await w.page.textContent('#error') ?? '', /No secret opens with this key\. Check the key .* a wrong key does not use up the secret/);
    assert.equal(await w.page.isHidden('#details'), true);
    await w.page.click('#reveal');
    await w.page.locator('#error:not([hidden])').waitFor();
    assert.equal(await w.page.isVisible('#reveal-form'), true, 'the form stays for another try');
    assert.equal(await w.page.isEnabled('#reveal'), true);
    await shoot(w.page, 'reveal-split-wrong-key-desktop-light');
    await w.page.fill('#key', made.key);
    await w.page.locator('#details:not([hidden])').waitFor();
    assert.equal(await w.page.textContent('#details-hint-text'), 'VPN');
    assert.equal(await w.page.isHidden('#error'), true);
    await w.page.click('#reveal');
    await w.page.locator('#revealed').waitFor();
    assert.equal(await w.page.inputValue('#plaintext'), 'typed key');
    assert.deepEqual(w.problems.filter(unexpected), [], 'only the refused wrong-key requests');
    assert.equal(w.problems.length, 2, 'the peek and the claim with the wrong key were refused (404)');
    await w.context.close();
  });

  it('the share page burns the link: the recipient then sees it was withdrawn', async () => {
    const sender = await watchedPage(browser);
    await createInPage(sender.page, h.url, 'oops, wrong channel');
    const link = await sender.page.inputValue('#link');
    await sender.page.click('#burn');
    await sender.page.locator('#burn-result:not([hidden])').waitFor();
    assert.equal(await sender.page.textContent('#burn-result'), 'Burned: the secret is destroyed and the link no longer opens.');
    assert.equal(await sender.page.isDisabled('#burn'), true);
    await shoot(sender.page, 'create-burned-desktop-light');
    const r = await watchedPage(browser);
    await r.page.goto(link);
    await r.page.locator('#problem').waitFor();
    assert.equal(await r.page.textContent('#problem-title'), 'This secret was withdrawn');
    const read = await watchedPage(browser);
    await createInPage(read.page, h.url, 'read before the burn');
    await retrieveSecret(await read.page.inputValue('#link'));
    await read.page.click('#burn');
    await read.page.locator('#burn-result:not([hidden])').waitFor();
    assert.match(await read.page.textContent('#burn-result') ?? '', /Too late to burn: the recipient has already opened this link/);
    assert.deepEqual([...sender.problems, ...r.problems, ...read.problems].filter(unexpected), [], 'only the refusals the test provokes (410)');
    await Promise.all([sender.context.close(), r.context.close(), read.context.close()]);
  });

  it('an expired secret says it expired (keyed 5-minute expiry, injected clock)', async () => {
    const key = await newKey(h.store, 'dev');
    const made = (await createSecret('short-lived', { baseUrl: h.url, apiKey: key, expiry: 5 })) as { fullLink: string };
    h.advance(5 * 60_000);
    try {
      const w = await watchedPage(browser);
      await w.page.goto(made.fullLink);
      await w.page.locator('#problem').waitFor();
      assert.equal(await w.page.textContent('#problem-title'), 'This secret has expired');
      await w.context.close();
    } finally {
      h.advance(-5 * 60_000);
    }
  });

  it('not found and malformed links have clear states', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(`${h.url}/secret/AAAAAAAAAAAAAAAAAAAAAA#v1.${'A'.repeat(43)}`);
    await w.page.locator('#problem').waitFor();
    assert.equal(await w.page.textContent('#problem-title'), 'Secret not found');
    await w.page.goto(`${h.url}/secret/short#v1.x`);
    assert.equal(await w.page.textContent('#problem-title'), 'This link is not valid');
    await w.page.goto(`${h.url}/no/such/page`);
    assert.match(await w.page.textContent('h1') ?? '', /Nothing here/);
    await shoot(w.page, '404-desktop-light');
    await w.context.close();
  });

  it('cross-surface: a CLI link reveals in the browser; a browser link is retrieved by the CLI', async () => {
    const made = await cli(['from the CLI ✓'], { ZEPHR_URL: h.url });
    assert.equal(made.status, 0, made.stderr);
    const link = made.stdout.trim();
    const w = await watchedPage(browser);
    await w.page.goto(link);
    await w.page.click('#reveal');
    await w.page.locator('#revealed').waitFor();
    assert.equal(await w.page.inputValue('#plaintext'), 'from the CLI ✓');

    await createInPage(w.page, h.url, 'from the browser ✓');
    const browserLink = await w.page.inputValue('#link');
    const got = await cli(['retrieve', browserLink]);
    assert.equal(got.stdout, 'from the browser ✓');
    await w.context.close();
  });

  it('keyboard only: Tab to the fields, Enter to submit; Create another clears the plaintext', async () => {
    const w = await watchedPage(browser);
    await w.page.goto(h.url + '/');
    await w.page.locator('#expiry option').first().waitFor({ state: 'attached' });
    await w.page.keyboard.press('Tab'); // skip link
    await w.page.keyboard.press('Tab'); // brand
    for (let link = 0; link < 5; link++) await w.page.keyboard.press('Tab'); // New secret, Request one, Docs, Plans, Sign in
    await w.page.keyboard.press('Tab');
    assert.equal(await w.page.evaluate(() => document.activeElement?.id), 'secret');
    await w.page.keyboard.type('typed with keys');
    await w.page.focus('#submit');
    await w.page.keyboard.press('Enter');
    await w.page.locator('#result').waitFor();
    assert.equal(await w.page.evaluate(() => document.activeElement?.id), 'result-title', 'focus moves to the result');
    assert.match(await w.page.textContent('#status') ?? '', /ready/);
    await w.page.click('#again');
    assert.equal(await w.page.inputValue('#secret'), '');
    assert.equal(await w.page.inputValue('#link'), '');
    assert.equal(await w.page.isVisible('#result'), false);
    await w.context.close();
  });

  it('without Web Crypto (plain HTTP on a non-local host) the pages say HTTPS is required', async () => {
    const port = new URL(h.url).port;
    const insecure = await launch(['--host-resolver-rules=MAP zephr.test 127.0.0.1']);
    try {
      const page = await insecure.newPage();
      await page.goto(`http://zephr.test:${port}/secret/AAAAAAAAAAAAAAAAAAAAAA#v1.${'A'.repeat(43)}`);
      assert.equal(await page.textContent('#problem-title'), 'HTTPS is required');
      await page.goto(`http://zephr.test:${port}/`);
      assert.match(await page.textContent('#error') ?? '', /secure connection \(HTTPS\)/);
      assert.equal(await page.isDisabled('#submit'), true);
    } finally {
      await insecure.close();
    }
  });

  it('every page: no CSP violation, no console error, no serious or critical axe issue; screenshots', async () => {
    const made = (await createSecret('for the screenshots', { baseUrl: h.url, hint: 'DEMO_KEY' })) as { fullLink: string };
    const states: { name: string; go: (p: Page) => Promise<void> }[] = [
      { name: 'create', go: async (p) => { await p.goto(h.url + '/'); await p.locator('#expiry option').first().waitFor({ state: 'attached' }); await p.fill('#secret', 'correct horse battery staple'); } },
      { name: 'create-result', go: async (p) => { await createInPage(p, h.url, 'sk-live-4f9a2b7c', { hint: 'STRIPE_KEY' }); } },
      { name: 'reveal', go: async (p) => { await p.goto(made.fullLink); await p.locator('#details:not([hidden])').waitFor(); } },
      { name: 'reveal-not-found', go: async (p) => { await p.goto(made.fullLink.replace(/#.*/, `#v1.${'A'.repeat(43)}`)); await p.locator('#problem').waitFor(); } },
      { name: 'reveal-split', go: async (p) => { await p.goto(made.fullLink.replace(/#.*/, '')); await p.fill('#key', 'v1.not-a-key'); } },
      { name: 'docs', go: async (p) => { await p.goto(h.url + '/docs'); } },
      { name: '404', go: async (p) => { await p.goto(h.url + '/missing'); } },
    ];
    for (const scheme of ['light', 'dark'] as const) {
      for (const [device, viewport] of [['desktop', { width: 1280, height: 860 }], ['mobile', { width: 360, height: 740 }]] as const) {
        for (const state of states) {
          const w = await watchedPage(browser, { colorScheme: scheme, viewport });
          await state.go(w.page);
          await shoot(w.page, `${state.name}-${device}-${scheme}`);
          // The 404 page reports its own status to the console; nothing else may appear.
          const problems = w.problems.filter((m) => !((state.name === '404' || state.name === 'reveal-not-found') && /status of 404/.test(m)));
          assert.deepEqual(problems, [], `${state.name} ${device} ${scheme}`);
          const width = await w.page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(width <= viewport.width, `${state.name} scrolls sideways at ${viewport.width}px (${width})`);
          await w.context.close();
        }
      }
    }
    // Reveal once for the revealed-state screenshot (another secret: the states above keep theirs).
    const shown = (await createSecret('for the screenshots', { baseUrl: h.url, hint: 'DEMO_KEY' })) as { fullLink: string };
    const r = await watchedPage(browser);
    await r.page.goto(shown.fullLink);
    await r.page.click('#reveal');
    await r.page.locator('#revealed').waitFor();
    await shoot(r.page, 'revealed-desktop-light');
    await r.context.close();

    for (const scheme of ['light', 'dark'] as const) {
      for (const state of states) {
        // axe is injected as a script, so this context alone bypasses the CSP.
        const w = await watchedPage(browser, { bypassCSP: true, colorScheme: scheme });
        await state.go(w.page);
        assert.deepEqual(await seriousAxeViolations(w.page), [], `axe: ${state.name} ${scheme}`);
        await w.context.close();
      }
    }
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      const keep = ['create-desktop-light', 'create-result-desktop-light', 'reveal-desktop-light', 'revealed-desktop-light', 'create-mobile-dark', 'reveal-mobile-dark', 'docs-desktop-dark'];
      mkdirSync(join(repoRoot, 'docs', 'screenshots'), { recursive: true });
      for (const name of keep) copyFileSync(join(SHOTS, `${name}.png`), join(repoRoot, 'docs', 'screenshots', `${name}.png`));
    }
  });
});
