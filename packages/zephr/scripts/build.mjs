// Builds the package: ESM + declarations with tsc, and one self-contained browser ES module.
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
