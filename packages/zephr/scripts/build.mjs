// Builds the package: ESM + declarations with tsc, one self-contained browser ES module, and the
// CLI as one bundled CommonJS file (dist/cli/zephr.cjs): a single module to load is most of a fast start,
// and it carries the QR encoder inside, so the package keeps zero runtime dependencies.
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(pkg, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [join(pkg, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(pkg, 'tsconfig.build.json')], { stdio: 'inherit' });
await build({
  entryPoints: [join(pkg, 'src', 'index.ts')],
  outfile: join(pkg, 'dist', 'zephr.browser.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
});
await build({
  entryPoints: [join(pkg, 'src', 'cli', 'main.ts')],
  outfile: join(pkg, 'dist', 'cli', 'zephr.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // import() becomes require(): a script compiled from a V8 code cache has no dynamic-import hook.
  supported: { 'dynamic-import': false },
  minify: true,
  legalComments: 'eof',
});

// V8's code cache for the launcher (bin/zephr.cjs), taken after a warm-up run so it holds the
// functions a create compiles: argument parsing, encryption, the request. The request goes to a
// loopback port nothing listens on (just freed), so the run needs no server and no network and
// ends in a refused connection. Without a cache the CLI still runs, a few ms slower to start.
const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => { const { port: p } = probe.address(); probe.close(() => resolve(p)); });
});
rmSync(join(pkg, '.warm-up'), { recursive: true, force: true });
spawnSync(process.execPath, [join(pkg, 'bin', 'zephr.cjs'), '--quiet', 'code cache warm-up'], {
  // No stored login is read: the config directory is an empty scratch one.
  env: { ...process.env, ZEPHR_WRITE_CODE_CACHE: '1', ZEPHR_URL: `http://127.0.0.1:${port}`, ZEPHR_API_KEY: '', XDG_CONFIG_HOME: join(pkg, '.warm-up') },
  stdio: 'ignore',
  timeout: 30_000,
});
rmSync(join(pkg, '.warm-up'), { recursive: true, force: true });
if (!existsSync(join(pkg, 'dist', 'cli', 'zephr.cjs.cache'))) console.warn('zephr build: the CLI code cache was not written; the CLI works, a little slower to start');
