// Accounts in a real headless Chromium with its virtual authenticator (DevTools protocol
// WebAuthn.addVirtualAuthenticator) against a real server on a real SQLite file: an invite made
// by `zephr-server users invite` → sign up with a passkey → sign out → sign in → make an API key
// → use it from the CLI (a child process) → see the secret in the audit trail → retrieve it → see
// it consumed; `zephr login` approved in the browser; the account pages' CSP, console, axe and
// screenshots in light and dark.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { call, CLI, type Harness, launch, repoRoot, startServer, tempDir, seriousAxeViolations, watchedPage } from '@zephr/test-support';

const SERVER_CLI = join(repoRoot, 'packages', 'server', 'dist', 'cli.js');
const SHOTS = join(repoRoot, 'test-results', 'screenshots');

interface Run { status: number | null; stdout: string; stderr: string }

/** A child process; `onStderr` sees its stderr as it arrives. */
function run(file: string, args: string[], env: Record<string, string>, onStderr?: (text: string) => void): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; onStderr?.(stderr); });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A browser context holding one virtual platform authenticator (a passkey store of its own). */
async function withAuthenticator(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}) {
  const w = await watchedPage(browser, options);
  const cdp = await w.context.newCDPSession(w.page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  const credentials = async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
  return { ...w, credentials };
}

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

const auditRow = (page: Page, hint: string) => page.locator('#audit tr', { hasText: hint });

describe('accounts in the browser', () => {
  let h: Harness;
  let browser: Browser;
  let origin: string;
  const config = tempDir('zephr-cli-config-');

  before(async () => {
    h = await startServer({ ZEPHR_ANON_DAILY_CREATES: '1000' });
    h.setTime(Date.now());
    // Passkeys refuse IP addresses: the browser opens the server by name.
    origin = h.url.replace('127.0.0.1', 'localhost');
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await h?.close();
    rmSync(config, { recursive: true, force: true });
  });

  let admin: Awaited<ReturnType<typeof withAuthenticator>>;
  let apiKey = '';

  it('the first admin: zephr-server users invite → sign up with a passkey → signed in, in the header too', async () => {
    const port = new URL(h.url).port;
    const invited = await run(SERVER_CLI, ['users', 'invite', '--admin', '--tier', 'dev'], { ZEPHR_DATA_DIR: h.dir, ZEPHR_PORT: port, ZEPHR_LOG_LEVEL: 'silent' });
    assert.equal(invited.status, 0, invited.stderr);
    const link = /http:\/\/localhost:\d+\/signin\?invite=[A-Za-z0-9_-]{43}/.exec(invited.stdout)?.[0];
    assert.ok(link, invited.stdout);

    admin = await withAuthenticator(browser);
    const { page } = admin;
    await page.goto(link);
    await page.locator('#signup:not([hidden])').waitFor();
    await page.locator('#signup-lede', { hasText: 'as an admin on the dev tier' }).waitFor();
    await page.fill('#name', 'Ada');
    await page.click('#signup-button');
    await page.waitForURL(`${origin}/account`);
    await page.locator('#who', { hasText: 'Signed in as Ada (admin)' }).waitFor();
    assert.equal(await page.textContent('#tier'), 'dev');
    assert.equal(await page.textContent('#account-link'), 'Ada');
    assert.equal((await admin.credentials()).length, 1, 'one passkey made in the authenticator');

    // The cookie: HttpOnly, SameSite=Strict; Secure is relaxed only because this is http on loopback.
    const cookie = (await admin.context.cookies(origin)).find((c) => c.name === 'zephr_session');
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.equal(await page.evaluate(() => document.cookie), '', 'scripts cannot read the session');

    // The invite is used up: a second sign-up with it is refused.
    const other = await withAuthenticator(browser);
    await other.page.goto(link);
    await other.page.locator('#error:not([hidden])', { hasText: 'cannot be used' }).waitFor();
    await other.context.close();
  });

  it('sign out → sign in with the passkey', async () => {
    const { page } = admin;
    await page.click('#signout');
    await page.waitForURL(`${origin}/signin`);
    assert.equal(await page.textContent('#account-link'), 'Sign in');
    await page.goto(`${origin}/account`);
    await page.waitForURL(/\/signin\?next=%2Faccount/);
    await page.click('#signin-button');
    await page.waitForURL(`${origin}/account`);
    await page.locator('#who', { hasText: 'Signed in as Ada' }).waitFor();
  });

  it('an API key made on /account works from the CLI; the secret shows in the audit trail, waiting, then consumed', async () => {
    const { page } = admin;
    await page.fill('#key-label', 'laptop');
    await page.click('#key-create');
    await page.locator('#new-key:not([hidden])').waitFor();
    apiKey = await page.inputValue('#new-key-value');
    assert.match(apiKey, /^zeph_[A-Za-z0-9_-]{43}$/);
    await page.locator('#keys tr', { hasText: 'laptop' }).waitFor();

    const made = await run(CLI, ['db password', '--hint', 'DB_PASSWORD', '--expiry', '24h'], { ZEPHR_URL: h.url, ZEPHR_API_KEY: apiKey, XDG_CONFIG_HOME: config });
    assert.equal(made.status, 0, made.stderr);
    const link = made.stdout.trim();

    await page.reload();
    const row = auditRow(page, 'DB_PASSWORD');
    await row.locator('td', { hasText: 'waiting' }).waitFor();
    assert.match(await row.textContent() ?? '', /laptop/);
    assert.doesNotMatch(await page.content(), new RegExp(link.split('#')[1]!.replace(/[.]/g, '\\.')), 'the key never reaches the page');

    const got = await run(CLI, ['retrieve', link], { XDG_CONFIG_HOME: config });
    assert.equal(got.status, 0, got.stderr);
    assert.equal(got.stdout, 'db password');

    await page.reload();
    await auditRow(page, 'DB_PASSWORD').locator('td', { hasText: 'consumed' }).waitFor();
  });

  it('signed in, the create page offers the account\'s tier; the secret is in the audit trail as "web" and can be burned there', async () => {
    const { page } = admin;
    await page.goto(`${origin}/`);
    await page.locator('#expiry option[value="5"]:not([disabled])').waitFor({ state: 'attached' });
    await page.fill('#secret', 'made on the web');
    await page.fill('#hint', 'WEB_MADE');
    await page.selectOption('#expiry', '5');
    await page.click('#submit');
    await page.locator('#result').waitFor();
    const link = await page.inputValue('#link');

    await page.goto(`${origin}/account`);
    const row = auditRow(page, 'WEB_MADE');
    await row.locator('td', { hasText: 'waiting' }).waitFor();
    assert.match(await row.textContent() ?? '', /web/);
    page.once('dialog', (d) => void d.accept());
    await row.locator('button', { hasText: 'Burn' }).click();
    await auditRow(page, 'WEB_MADE').locator('td', { hasText: 'burned' }).waitFor();

    const got = await run(CLI, ['retrieve', link], { XDG_CONFIG_HOME: config });
    assert.equal(got.status, 1);
    assert.match(got.stderr, /withdrew this secret/);
  });

  it('zephr login: the code is approved in the browser, the key is stored 0600 and used; zephr logout revokes it', async () => {
    const env = { ZEPHR_URL: origin, XDG_CONFIG_HOME: config };
    let approved: Promise<void> | null = null;
    const login = run(CLI, ['login'], env, (stderr) => {
      const url = /http:\/\/\S+\/device\?code=[A-Z]{4}-[A-Z]{4}/.exec(stderr)?.[0];
      if (url === undefined || approved !== null) return;
      approved = (async () => {
        const { page } = admin;
        await page.goto(url);
        await page.locator('#device-label', { hasText: 'zephr CLI on' }).waitFor();
        await page.click('#approve');
        await page.locator('#device-result', { hasText: 'Approved' }).waitFor();
      })();
    });
    const result = await login;
    await approved;
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Signed in to http:\/\/localhost:\d+ as Ada \(dev tier\)/);
    assert.doesNotMatch(result.stdout + result.stderr, /zeph_[A-Za-z0-9_-]{43}/, 'the key is never printed');
    const file = join(config, 'zephr', 'credentials.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(config, 'zephr')).mode & 0o777, 0o700);

    // Without --api-key or ZEPHR_API_KEY the stored key is used: a dev-tier expiry works.
    const made = await run(CLI, ['from login', '--hint', 'VIA_LOGIN', '--expiry', '5m'], env);
    assert.equal(made.status, 0, made.stderr);
    await admin.page.goto(`${origin}/account`);
    assert.match(await auditRow(admin.page, 'VIA_LOGIN').textContent() ?? '', /zephr login/);

    const out = await run(CLI, ['logout'], env);
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /revoked/);
    const again = await run(CLI, ['again', '--expiry', '5m'], env);
    assert.equal(again.status, 1, 'the stored key is gone: anonymous, and 5 minutes needs a tier');
    assert.match(again.stderr, /higher tier|requires/);
  });

  it('signed out, the create page\'s refusal of a longer expiry or a spent quota points to sign-in and the plans', async () => {
    const limited = await startServer({ ZEPHR_ANON_DAILY_CREATES: '1' });
    const w = await watchedPage(browser);
    try {
      limited.setTime(Date.now());
      const at = limited.url.replace('127.0.0.1', 'localhost');
      for (const expected of [201, 429]) {
        await w.page.goto(`${at}/`);
        await w.page.locator('#expiry option').first().waitFor({ state: 'attached' });
        await w.page.fill('#secret', 'one more');
        await w.page.click('#submit');
        if (expected === 201) await w.page.locator('#result').waitFor();
        else await w.page.locator('#upgrade:not([hidden])').waitFor();
      }
      assert.equal(await w.page.getAttribute('#upgrade a[href^="/signin"]', 'href'), '/signin?next=%2F');
      assert.match(await w.page.textContent('#error') ?? '', /daily limit/);
    } finally {
      await w.context.close();
      await limited.close();
    }
  });

  it('every account page: no CSP violation or console error, no serious axe issue, no sideways scroll on a phone; screenshots light and dark', async () => {
    const states: { name: string; path: string; ready: string }[] = [
      { name: 'signin', path: '/signin', ready: '#signin-button' },
      { name: 'account', path: '/account', ready: '#audit tr' },
      { name: 'plans', path: '/plans', ready: '#tiers th' },
      { name: 'device', path: `/device?code=${((await call(h.url, '/api/auth/device', { body: { client: 'zephr CLI on build-01' } })).body as { user_code: string }).user_code}`, ready: '#device-label:not([hidden])' },
      { name: 'admin', path: '/admin', ready: '#users tr' },
    ];
    const cookies = await admin.context.cookies(origin);
    const signedIn = async (context: BrowserContext, name: string) => { if (name !== 'signin') await context.addCookies(cookies); };
    for (const scheme of ['light', 'dark'] as const) {
      for (const state of states) {
        const w = await watchedPage(browser, { colorScheme: scheme, viewport: { width: 1280, height: 860 } });
        await signedIn(w.context, state.name);
        await w.page.goto(origin + state.path);
        await w.page.locator(state.ready).first().waitFor();
        await shoot(w.page, `${state.name}-desktop-${scheme}`);
        assert.deepEqual(w.problems, [], `${state.name} ${scheme}`);
        await w.context.close();

        // A phone: the page never scrolls sideways (wide tables scroll inside their own box).
        const m = await watchedPage(browser, { colorScheme: scheme, viewport: { width: 360, height: 740 } });
        await signedIn(m.context, state.name);
        await m.page.goto(origin + state.path);
        await m.page.locator(state.ready).first().waitFor();
        await shoot(m.page, `${state.name}-mobile-${scheme}`);
        const width = await m.page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 360, `${state.name} scrolls sideways at 360px (${width})`);
        assert.deepEqual(m.problems, [], `${state.name} mobile ${scheme}`);
        await m.context.close();

        const a = await watchedPage(browser, { bypassCSP: true, colorScheme: scheme });
        await signedIn(a.context, state.name);
        await a.page.goto(origin + state.path);
        await a.page.locator(state.ready).first().waitFor();
        assert.deepEqual(await seriousAxeViolations(a.page), [], `axe: ${state.name} ${scheme}`);
        await a.context.close();
      }
    }
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(join(repoRoot, 'docs', 'screenshots'), { recursive: true });
      for (const state of states) for (const scheme of ['light', 'dark']) copyFileSync(join(SHOTS, `${state.name}-desktop-${scheme}.png`), join(repoRoot, 'docs', 'screenshots', `${state.name}-desktop-${scheme}.png`));
      copyFileSync(join(SHOTS, 'account-mobile-dark.png'), join(repoRoot, 'docs', 'screenshots', 'account-mobile-dark.png'));
    }
  });
});
