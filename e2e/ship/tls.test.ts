// One box with TLS: Debian's Caddy in front of zephr-server on loopback, configured with the
// site block that ships (deploy/zephr-site.caddy), serving a certificate from a local certificate
// authority made here. Chromium trusts that authority through its own certificate database (no
// "ignore certificate errors"), and reaches the server under a host name that is not localhost,
// so the pages get their secure context from real HTTPS. The CLI verifies the same chain.
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, freePort, launch, type LiveServer, PYTHON, PYTHON_SDK_SRC, repoRoot, run, startZephrServer, tempDir, webRoundTrip } from '@zephr/test-support';
import type { Browser } from 'playwright-core';

const HOST = 'zephr.test';

async function listening(port: number): Promise<void> {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(100)) {
    const ok = await new Promise<boolean>((r) => { const s = tcpConnect(port, '127.0.0.1', () => { s.destroy(); r(true); }).on('error', () => r(false)); });
    if (ok) return;
  }
  throw new Error(`nothing listens on ${port}`);
}

/** A certificate authority and a leaf for HOST and 127.0.0.1, with openssl. */
function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  const f = (name: string) => join(dir, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=Zephr test CA', '-keyout', 'ca.key', '-out', 'ca.pem',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  ssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${HOST}`, '-keyout', 'leaf.key', '-out', 'leaf.csr');
  writeFileSync(f('leaf.ext'), `subjectAltName=DNS:${HOST},IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n`);
  ssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'leaf.ext', '-out', 'leaf.pem');
  return { ca: f('ca.pem'), cert: f('leaf.pem'), key: f('leaf.key') };
}

describe('HTTPS through Caddy, with a local certificate authority', { timeout: 300_000 }, () => {
  const dir = tempDir('zephr-tls-');
  let server: LiveServer;
  let caddy: ChildProcess;
  let caddyLog = '';
  let browser: Browser;
  let origin: string;
  let certs: { ca: string; cert: string; key: string };
  let port: number;

  before(async () => {
    certs = makeCertificates(dir);
    port = await freePort();
    origin = `https://${HOST}:${port}`;
    server = await startZephrServer({ ZEPHR_TRUST_PROXY: '1', ZEPHR_PUBLIC_URL: origin });
    const caddyfile = join(dir, 'Caddyfile');
    writeFileSync(caddyfile, [
      '{', '\tadmin off', '\tauto_https disable_redirects', `\tstorage file_system ${join(dir, 'caddy-data')}`, '}',
      `https://${HOST}:${port}, https://127.0.0.1:${port} {`, '\tbind 127.0.0.1', `\ttls ${certs.cert} ${certs.key}`, `\timport ${join(repoRoot, 'deploy/zephr-site.caddy')}`, '}', '',
    ].join('\n'));
    caddy = spawn('caddy', ['run', '--config', caddyfile, '--adapter', 'caddyfile'], {
      env: { PATH: process.env.PATH, HOME: dir, XDG_DATA_HOME: join(dir, 'xdg-data'), XDG_CONFIG_HOME: join(dir, 'xdg-config'), ZEPHR_UPSTREAM: new URL(server.url).host },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    caddy.stdout!.on('data', (c) => { caddyLog += c; });
    caddy.stderr!.on('data', (c) => { caddyLog += c; });
    await listening(port).catch((e: Error) => { throw new Error(`${e.message}\n${caddyLog}`); });

    // Chromium's certificate database (NSS, in $HOME/.pki/nssdb) with the test authority trusted.
    const nss = join(dir, 'browser-home', '.pki', 'nssdb');
    mkdirSync(nss, { recursive: true });
    execFileSync('certutil', ['-d', `sql:${nss}`, '-N', '--empty-password']);
    execFileSync('certutil', ['-d', `sql:${nss}`, '-A', '-t', 'C,,', '-n', 'Zephr test CA', '-i', certs.ca]);
    browser = await launch([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`], { HOME: join(dir, 'browser-home') });
  });
  after(async () => {
    await browser?.close();
    caddy?.kill('SIGTERM');
    await server?.stop();
  });

  it('the browser round trip passes over https:// on a real host name, with HSTS and the CSP intact', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${origin}/`);
    assert.ok(response);
    const headers = response.headers();
    assert.equal(headers['strict-transport-security'], 'max-age=63072000; includeSubDomains');
    // Exactly what the server sends without the proxy.
    const direct = await fetch(`${server.url}/`);
    assert.equal(headers['content-security-policy'], direct.headers.get('content-security-policy'));
    assert.match(headers['content-security-policy'] ?? '', /script-src 'self';/);
    assert.equal(headers['referrer-policy'], 'no-referrer');
    assert.equal(await page.evaluate(() => window.isSecureContext), true);
    assert.equal(await page.evaluate(async () => (await fetch('/api/limits')).headers.get('cache-control')), 'no-store');
    await context.close();

    const trip = await webRoundTrip(browser, origin, 'over https, through Caddy');
    assert.equal(trip.plaintext, 'over https, through Caddy');
    assert.ok(trip.link.startsWith(`${origin}/secret/`), trip.link);
    assert.deepEqual(trip.problems, []);
  });

  it('the CLI verifies the chain: trusted with the CA, refused without; its link opens in the browser', async () => {
    const url = `https://127.0.0.1:${port}`;
    const refused = await run(process.execPath, [CLI, 'no trust, no upload'], { ZEPHR_URL: url });
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /Could not verify the TLS certificate of https:\/\/127\.0\.0\.1:\d+ \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)\. If the server uses a private certificate authority, point NODE_EXTRA_CA_CERTS/);
    const made = await run(process.execPath, [CLI, 'from the CLI over TLS'], { ZEPHR_URL: url, NODE_EXTRA_CA_CERTS: certs.ca });
    assert.equal(made.code, 0, made.stderr);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(made.stdout.trim());
    await page.click('#reveal');
    await page.locator('#revealed:not([hidden])').waitFor();
    assert.equal(await page.inputValue('#plaintext'), 'from the CLI over TLS');
    await context.close();
  });

  it('the Python SDK verifies the chain too: refused without the CA, trusted with it', async () => {
    const url = `https://127.0.0.1:${port}`;
    const made = await run(process.execPath, [CLI, 'for Python over TLS'], { ZEPHR_URL: url, NODE_EXTRA_CA_CERTS: certs.ca });
    const script = 'import sys, zephr\ntry:\n    print(zephr.retrieve_secret(sys.argv[1])["plaintext"])\nexcept zephr.ZephrError as e:\n    print(e.code, e)';
    const env = { PYTHONPATH: PYTHON_SDK_SRC };
    const refused = await run(PYTHON, ['-c', script, made.stdout.trim()], env);
    assert.match(refused.stdout, /^NETWORK_ERROR Could not verify the TLS certificate of https:\/\/127\.0\.0\.1:\d+ .*SSL_CERT_FILE/);
    const got = await run(PYTHON, ['-c', script, made.stdout.trim()], { ...env, SSL_CERT_FILE: certs.ca });
    assert.equal(got.stdout, 'for Python over TLS\n');
  });
});
