// The release artifacts, used as a self-hoster and their users would: `npm run release` builds
// them into one folder; the three npm tarballs are installed into an empty prefix (nothing of
// this checkout on the path), the installed zephr-server is started from an unrelated directory
// and driven by the web page in Chromium, the installed CLI, the installed MCP server and the
// wheel in a fresh virtual environment.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, launch, repoRoot, run, type ServerProcess, startProcess, tempDir, webRoundTrip } from '@zephr/test-support';
import type { Browser } from 'playwright-core';

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

describe('release artifacts, installed from the tarballs alone', { timeout: 900_000 }, () => {
  const scratch = tempDir('zephr-release-test-');
  const out = join(scratch, 'release');
  const prefix = join(scratch, 'prefix');
  const bin = (name: string) => join(prefix, 'bin', name);
  const home = join(scratch, 'elsewhere'); // the server's working directory: no checkout in sight
  let server: ServerProcess;
  let browser: Browser;
  // PATH has node but not this checkout's node_modules/.bin.
  const env = () => ({ ZEPHR_URL: server.url, PATH: `${prefix}/bin:${process.env.PATH}` });

  before(async () => {
    execFileSync(process.execPath, [join(repoRoot, 'scripts/release.mjs'), '--skip-build', '--out', out], { stdio: 'inherit' });
    const tarballs = readdirSync(out).filter((f) => f.endsWith('.tgz')).map((f) => join(out, f));
    execFileSync('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], { cwd: scratch, stdio: 'inherit' });
    mkdirSync(home);
    server = await startProcess({ ZEPHR_ANON_DAILY_CREATES: '100', ZEPHR_DATA_DIR: '' }, { command: [bin('zephr-server')], cwd: home });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    await server?.exited;
  });

  it('one folder holds every artifact at one version, with checksums that verify', () => {
    const files = readdirSync(out).sort();
    assert.deepEqual(files, [
      'SHA256SUMS', `zephr-${version}-py3-none-any.whl`, `zephr-${version}.tar.gz`, `zephr-${version}.tgz`, `zephr-mcp-${version}.tgz`, `zephr-server-${version}.tgz`,
    ]);
    const checked = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' }).trim().split('\n');
    assert.deepEqual(checked, files.filter((f) => f !== 'SHA256SUMS').map((f) => `${f}: OK`));
  });

  it('the server tarball carries the web interface and its own copy of zephr', () => {
    const listing = execFileSync('tar', ['-tzf', join(out, `zephr-server-${version}.tgz`)], { encoding: 'utf8' });
    for (const f of ['package/web/index.html', 'package/web/reveal.html', 'package/web/docs.html', 'package/node_modules/zephr/package.json', 'package/bin/zephr-server.js']) assert.ok(listing.includes(f), f);
    const bundled = JSON.parse(readFileSync(join(prefix, 'lib/node_modules/zephr-server/node_modules/zephr/package.json'), 'utf8')) as { version: string };
    assert.equal(bundled.version, version);
  });

  it('the installed server, started elsewhere, keeps its data in ./data and serves pages, docs and API', async () => {
    assert.ok(existsSync(join(home, 'data', 'zephr.db')));
    assert.doesNotMatch(server.output(), /serving the API only/);
    for (const path of ['/', '/docs', '/secret/AAAAAAAAAAAAAAAAAAAAAA']) {
      const r = await fetch(server.url + path);
      assert.equal(r.status, 200, path);
      assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
    }
    assert.equal(((await (await fetch(`${server.url}/openapi.json`)).json()) as { info: { title: string } }).info.title, 'Zephr API');
    const help = await run(bin('zephr-server'), ['--version'], {});
    assert.equal(help.stdout.trim(), version);
  });

  it('the web page round trip in Chromium', async () => {
    const trip = await webRoundTrip(browser, server.url, 'from the installed web page');
    assert.equal(trip.plaintext, 'from the installed web page');
    assert.deepEqual(trip.problems, []);
  });

  it('the installed CLI creates and retrieves', async () => {
    assert.equal((await run(bin('zephr'), ['--version'], env())).stdout.trim(), version);
    const made = await run(bin('zephr'), ['from the installed CLI'], env());
    assert.equal(made.code, 0, made.stderr);
    const got = await run(bin('zephr'), ['retrieve', made.stdout.trim()], env());
    assert.equal(got.stdout, 'from the installed CLI');
  });

  it('the installed MCP server makes a link the installed CLI opens', async () => {
    const mcp = await connect(env(), bin('zephr-mcp'), [], home);
    try {
      const made = await mcp.call('zephr_create_secret', { secret: 'from the installed MCP server' });
      assert.equal(made.isError, undefined, made.text);
      const got = await run(bin('zephr'), ['retrieve', (made.structuredContent as { link: string }).link], env());
      assert.equal(got.stdout, 'from the installed MCP server');
    } finally {
      await mcp.close();
    }
  });

  it('the wheel, in a fresh virtual environment, opens a CLI link and makes one the CLI opens', async () => {
    const venv = join(scratch, 'venv');
    execFileSync('python3', ['-m', 'venv', venv]);
    execFileSync(join(venv, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', join(out, `zephr-${version}-py3-none-any.whl`)], { stdio: 'inherit' });
    const made = await run(bin('zephr'), ['for the wheel'], env());
    const script = 'import sys, zephr\nprint(zephr.retrieve_secret(sys.argv[1])["plaintext"])\nprint(zephr.create_secret("from the wheel")["full_link"])';
    const py = await run(join(venv, 'bin/python'), ['-c', script, made.stdout.trim()], { ZEPHR_URL: server.url });
    assert.equal(py.code, 0, py.stderr);
    const [plaintext, link] = py.stdout.trim().split('\n');
    assert.equal(plaintext, 'for the wheel');
    assert.equal((await run(bin('zephr'), ['retrieve', link!], env())).stdout, 'from the wheel');
    assert.equal((await run(join(venv, 'bin/python'), ['-c', 'import zephr; print(zephr.__version__)'], {})).stdout.trim(), version);
  });
});
