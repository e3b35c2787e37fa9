// Builds the package: ESM + declarations with tsc, one self-contained browser ES module, and the
// CLI as one bundled CommonJS file (dist/cli/zephr.cjs): a single module to load is most of a fast start,
// and it carries the QR encoder inside, so the package keeps zero runtime dependencies.
import { rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
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
  minify: true,
  legalComments: 'eof',
});
