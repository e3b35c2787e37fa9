// Builds every artifact Zephr ships into one folder (default release/): the zephr, zephr-mcp and
// zephr-server npm tarballs, the Python wheel and sdist, and SHA256SUMS. One version for all
// (scripts/version.mjs); the build refuses to run while any file disagrees with it.
//
// zephr-mcp and zephr-server depend on the zephr package of the same version. That version is
// this repository's, not whatever a registry holds under the name, so each carries its own copy
// (bundleDependencies) and installs from its tarball alone. The zephr-server tarball also carries
// the built web interface (web/), so an installed server serves the pages from any directory.
// Usage: npm run release [-- --out <dir>] [--skip-build] [--npm-only (no Python artifacts: the container build)]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { currentVersion, mismatches } from './version.mjs';

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'release') }, 'skip-build': { type: 'boolean', default: false }, 'npm-only': { type: 'boolean', default: false } } });
const out = resolve(values.out);
const version = currentVersion();

const wrong = mismatches();
if (wrong.length) {
  console.error(`release: version ${version} differs in ${wrong.join(', ')} (node scripts/version.mjs set ${version})`);
  process.exit(1);
}

const run = (command, args, cwd = root) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
if (!values['skip-build']) run('npm', ['run', 'build', '--silent']);
if (!existsSync(join(root, 'packages/web/dist/index.html'))) throw new Error('release: packages/web/dist is missing (npm run build)');

// Only earlier artifacts are removed from the folder, never anything else a person keeps there.
const ARTIFACT = /^(zephr(-mcp|-server)?-\d[^/]*\.tgz|zephr-\d[^/]*(\.tar\.gz|-py3-none-any\.whl)|SHA256SUMS)$/;
mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) if (ARTIFACT.test(f)) rmSync(join(out, f));
const work = mkdtempSync(join(tmpdir(), 'zephr-release-'));

/** npm pack `dir` into `into`; returns the tarball's path. */
const pack = (dir, into) => join(into, JSON.parse(run('npm', ['pack', '--json', '--pack-destination', into], dir))[0].filename);
/** A package's files exactly as npm publishes them, unpacked into a folder of their own. */
function unpacked(tarball, name) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  run('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
  return dir;
}

try {
  const zephrTarball = pack(join(root, 'packages/zephr'), out);
  for (const [dir, extra] of [['packages/mcp', []], ['packages/server', ['web']]]) {
    const stage = unpacked(pack(join(root, dir), work), dir.split('/')[1]);
    cpSync(unpacked(zephrTarball, `zephr-for-${dir.split('/')[1]}`), join(stage, 'node_modules/zephr'), { recursive: true });
    if (extra.includes('web')) cpSync(join(root, 'packages/web/dist'), join(stage, 'web'), { recursive: true });
    const manifest = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8'));
    manifest.files = [...manifest.files, ...extra];
    manifest.bundleDependencies = ['zephr'];
    writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    pack(stage, out);
  }
  if (!values['npm-only']) run(join(root, '.venv/bin/python'), ['-m', 'hatchling', 'build', '-d', out], join(root, 'packages/sdk-python'));
} finally {
  rmSync(work, { recursive: true, force: true });
}

const artifacts = readdirSync(out).filter((f) => ARTIFACT.test(f) && f !== 'SHA256SUMS').sort();
const sums = artifacts.map((f) => `${createHash('sha256').update(readFileSync(join(out, f))).digest('hex')}  ${f}\n`).join('');
writeFileSync(join(out, 'SHA256SUMS'), sums);
console.log(`Zephr ${version}: ${artifacts.length} artifacts in ${out}`);
for (const f of artifacts) console.log(`  ${f.padEnd(36)} ${(statSync(join(out, f)).size / 1024).toFixed(1).padStart(7)} KB`);
console.log('  SHA256SUMS (sha256sum -c SHA256SUMS)');
