// The built package is what gets tested: npm pack, install the tarball in a scratch folder, run
// `npx zephr` and `import … from 'zephr'` from there against a real server.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from './support/vectors.js';
import { type LiveServer, startZephrServer, packAndInstall } from '@zephr/test-support';

const pkgDir = join(repoRoot, 'packages', 'zephr');

describe('packed zephr package', () => {
  let server: LiveServer;
  let scratch: string;
  let files: string[];
  before(async () => {
    server = await startZephrServer();
    scratch = mkdtempSync(join(tmpdir(), 'zephr-pack-'));
    files = packAndInstall([pkgDir], scratch, { type: 'module' })[0]!.files;
  });
  after(async () => {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('ships dist, the bin launcher, README and package.json only; zero runtime dependencies; types first', () => {
    assert.ok(files.includes('dist/index.js') && files.includes('dist/index.d.ts') && files.includes('dist/cli/zephr.cjs') && files.includes('dist/zephr.browser.js'));
    assert.ok(files.every((f) => f.startsWith('dist/') || f === 'bin/zephr.cjs' || f === 'README.md' || f === 'package.json'), files.join(', '));
    assert.ok(files.includes('bin/zephr.cjs'), 'the launcher the bin points at');
    assert.ok(!files.some((f) => f.startsWith('dist/cli/') && f !== 'dist/cli/zephr.cjs' && f !== 'dist/cli/zephr.cjs.cache'), 'the CLI ships as one bundled file and its code cache');
    assert.ok(!files.some((f) => f.endsWith('.map') || f.endsWith('.ts') && !f.endsWith('.d.ts')));
    const pkg = JSON.parse(readFileSync(join(scratch, 'node_modules', 'zephr', 'package.json'), 'utf8')) as Record<string, unknown> & { exports: Record<string, Record<string, string>> };
    assert.equal(pkg.dependencies, undefined);
    assert.equal(Object.keys(pkg.exports['.']!)[0], 'types');
    assert.equal((pkg.engines as { node: string }).node, '>=20');
  });

  it('the root import reaches no node: module; the CLI lives on its own path', () => {
    const dist = join(scratch, 'node_modules', 'zephr', 'dist');
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      assert.ok(!/from ['"]node:|import\(['"]node:|require\(/.test(text), `${file} imports a Node module`);
      for (const m of text.matchAll(/from '(\.[^']+)'/g)) visit(join(file, '..', m[1]!));
    };
    visit(join(dist, 'index.js'));
    assert.ok(seen.size > 10);
    assert.ok(![...seen].some((f) => f.includes('/cli/')));
    assert.deepEqual(readdirSync(join(dist, 'cli')).sort(), ['zephr.cjs', 'zephr.cjs.cache'], 'the CLI: one bundled file and its code cache, reached only through the bin');
  });

  it('npx zephr works from the install: create, then retrieve', () => {
    const env = { ...process.env, ZEPHR_URL: server.url };
    assert.equal(spawnSync('npx', ['--no-install', 'zephr', '--version'], { cwd: scratch, encoding: 'utf8' }).stdout, '0.1.0\n');
    const made = spawnSync('npx', ['--no-install', 'zephr', 'packed secret'], { cwd: scratch, env, encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const link = made.stdout.trim(); // into a pipe: only the link
    const got = spawnSync('npx', ['--no-install', 'zephr', 'retrieve', link], { cwd: scratch, env, encoding: 'utf8' });
    assert.equal(got.stdout, 'packed secret');
  });

  it("import { createSecret } from 'zephr' works from the install", () => {
    const script = `import { createSecret, retrieveSecret, ValidationError } from 'zephr';
      const l = await createSecret('imported ✓', { baseUrl: process.env.URL, split: true });
      const r = await retrieveSecret({ url: l.url, key: l.key });
      console.log(JSON.stringify({ mode: l.mode, plaintext: r.plaintext, v: typeof ValidationError }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: scratch, env: { ...process.env, URL: server.url }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { mode: 'split', plaintext: 'imported ✓', v: 'function' });
  });

  it('the shipped code cache is one V8 accepts for the shipped bundle; without it, or with a bad one, the CLI still runs', () => {
    const cli = join(scratch, 'node_modules', 'zephr', 'dist', 'cli');
    // What bin/zephr.cjs does, with the same wrapper (a cache fits exactly one source and one set
    // of V8 flags), in a fresh process like the bin's.
    const check = `const { readFileSync } = require('node:fs'); const file = ${JSON.stringify(join(cli, 'zephr.cjs'))};
      const script = new (require('node:vm').Script)('(function (exports, require, module, __filename, __dirname) {' + readFileSync(file, 'utf8') + '\\n})', { filename: file, cachedData: readFileSync(file + '.cache') });
      process.stdout.write(String(script.cachedDataRejected));`;
    const verdict = spawnSync(process.execPath, ['-e', check], { encoding: 'utf8' });
    assert.equal(verdict.stdout, 'false', `V8 refused the cache the build wrote ${verdict.stderr}`);
    const copy = join(scratch, 'copy');
    cpSync(join(scratch, 'node_modules', 'zephr'), copy, { recursive: true });
    const env = { ...process.env, ZEPHR_URL: server.url };
    for (const cache of ['missing', 'garbage']) {
      if (cache === 'missing') rmSync(join(copy, 'dist', 'cli', 'zephr.cjs.cache'));
      else writeFileSync(join(copy, 'dist', 'cli', 'zephr.cjs.cache'), 'not a V8 code cache');
      const made = spawnSync(process.execPath, [join(copy, 'bin', 'zephr.cjs'), `${cache} cache`], { env, encoding: 'utf8' });
      assert.equal(made.status, 0, made.stderr);
      const got = spawnSync(process.execPath, [join(copy, 'bin', 'zephr.cjs'), 'retrieve', made.stdout.trim()], { env, encoding: 'utf8' });
      assert.equal(got.stdout, `${cache} cache`, got.stderr);
    }
  });
});
