// The ready browser ES module (dist/zephr.browser.js) in headless Chromium (Debian's, through
// playwright-core): every encrypt and decrypt-invalid vector, and a round trip with a real
// server on another origin (CORS).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { repoRoot, vectorsDir } from './support/vectors.js';
import { type LiveServer, startZephrServer } from '@zephr/test-support';

const PAGE = '<!doctype html><meta charset="utf-8"><title>zephr browser test</title><p>ok</p>';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('browser module in Chromium', () => {
  let server: LiveServer;
  let statics: Server;
  let origin: string;
  let browser: Browser;
  before(async () => {
    server = await startZephrServer();
    const files: Record<string, [string, string]> = {
      '/': ['text/html', PAGE],
      '/zephr.browser.js': ['text/javascript', readFileSync(join(repoRoot, 'packages', 'zephr', 'dist', 'zephr.browser.js'), 'utf8')],
      '/encrypt.json': ['application/json', readFileSync(join(vectorsDir, 'encrypt.json'), 'utf8')],
      '/decrypt-invalid.json': ['application/json', readFileSync(join(vectorsDir, 'decrypt-invalid.json'), 'utf8')],
    };
    statics = createServer((req, res) => {
      const f = files[req.url ?? ''];
      if (!f) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': f[0], 'content-security-policy': "default-src 'self'; connect-src 'self' http://127.0.0.1:*" }).end(f[1]);
    });
    await new Promise<void>((r) => statics.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(statics.address() as { port: number }).port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    statics?.close();
    await server?.stop();
  });

  it('runs every encrypt and decrypt-invalid vector', async () => {
    const page = await browser.newPage();
    await page.goto(origin + '/');
    const result = await page.evaluate(async () => {
      const z = await import('/zephr.browser.js' as string);
      const enc = (await (await fetch('/encrypt.json')).json()).vectors as { name: string; blob: string; key_string: string; plaintext: string; link: string }[];
      const bad = (await (await fetch('/decrypt-invalid.json')).json()).vectors as { name: string; input: { blob: string; key: string }; expect: { error: string; code: string } }[];
      const failures: string[] = [];
      for (const v of enc) {
        if ((await z.decryptSecret(v.blob, v.key_string)) !== v.plaintext) failures.push(`decrypt ${v.name}`);
        if (z.parseLink(v.link).key !== v.key_string) failures.push(`link ${v.name}`);
      }
      for (const v of bad) {
        try {
          await z.decryptSecret(v.input.blob, v.input.key);
          failures.push(`${v.name} did not fail`);
        } catch (e) {
          const err = e as { name: string; code: string };
          if (err.name !== v.expect.error || err.code !== v.expect.code) failures.push(`${v.name}: ${err.name} ${err.code}`);
        }
      }
      return { failures, counted: enc.length + bad.length };
    });
    assert.deepEqual(result.failures, []);
    assert.ok(result.counted > 35);
  });

  it('creates and retrieves against a server on another origin', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(origin + '/');
    const out = await page.evaluate(async (api) => {
      const z = await import('/zephr.browser.js' as string);
      const link = await z.createSecret('from the browser 🌐', { baseUrl: api, hint: 'WEB' });
      const got = await z.retrieveSecret(link.fullLink);
      let second = '';
      try { await z.retrieveSecret(link.fullLink); } catch (e) { second = `${(e as { name: string }).name} ${(e as { statusCode: number }).statusCode}`; }
      return { plaintext: got.plaintext, hint: got.hint, second, origin: new URL(link.fullLink).origin };
    }, server.url);
    assert.deepEqual(out, { plaintext: 'from the browser 🌐', hint: 'WEB', second: 'ApiError 410', origin: server.url });
    assert.deepEqual(errors.filter((e) => !e.includes('410')), []);
  });
});
