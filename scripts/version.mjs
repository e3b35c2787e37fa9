// One version for everything Zephr ships: the root package.json's "version" is the source, and
// this script writes it into every place that repeats it (each workspace's package.json and its
// dependency on zephr, the lockfile's workspace entries, the Python package's pyproject.toml and
// _version.py). The release refuses to build while any of them disagrees.
// Usage: node scripts/version.mjs --check | node scripts/version.mjs set <x.y.z>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const WORKSPACES = ['packages/zephr', 'packages/web', 'packages/mcp', 'packages/server', 'packages/test-support'];
const PYPROJECT = 'packages/sdk-python/pyproject.toml';
const PY_VERSION = 'packages/sdk-python/src/zephr/_version.py';

const readJson = (file) => JSON.parse(readFileSync(join(root, file), 'utf8'));
const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

/** Every file that carries the version, as [path, current text, text with `version` in it]. */
function files(version) {
  const out = [];
  const rootManifest = readJson('package.json');
  out.push(['package.json', json(rootManifest), json({ ...rootManifest, version })]);
  const lock = readJson('package-lock.json');
  const lockBefore = json(lock);
  lock.version = version;
  lock.packages[''].version = version;
  for (const dir of WORKSPACES) {
    const manifest = readJson(`${dir}/package.json`);
    const before = json(manifest);
    manifest.version = version;
    for (const deps of [manifest.dependencies, manifest.devDependencies]) if (deps?.zephr) deps.zephr = version;
    out.push([`${dir}/package.json`, before, json(manifest)]);
    const entry = lock.packages[dir];
    entry.version = version;
    for (const deps of [entry.dependencies, entry.devDependencies]) if (deps?.zephr) deps.zephr = version;
  }
  out.push(['package-lock.json', lockBefore, json(lock)]);
  const pyproject = readFileSync(join(root, PYPROJECT), 'utf8');
  out.push([PYPROJECT, pyproject, pyproject.replace(/^version = ".*"$/m, `version = "${version}"`)]);
  const pyVersion = readFileSync(join(root, PY_VERSION), 'utf8');
  out.push([PY_VERSION, pyVersion, pyVersion.replace(/^__version__ = ".*"$/m, `__version__ = "${version}"`)]);
  return out;
}

export function currentVersion() {
  return readJson('package.json').version;
}

/** The files whose version differs from the root's. */
export function mismatches() {
  return files(currentVersion()).filter(([, before, after]) => before !== after).map(([path]) => path);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, value] = process.argv.slice(2);
  if (command === '--check') {
    const wrong = mismatches();
    if (wrong.length) {
      console.error(`version ${currentVersion()} (root package.json) differs in: ${wrong.join(', ')}\nrun: node scripts/version.mjs set ${currentVersion()}`);
      process.exit(1);
    }
    console.log(`version ${currentVersion()} everywhere`);
  } else if (command === 'set' && /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(value ?? '')) {
    for (const [path, before, after] of files(value)) if (before !== after) writeFileSync(join(root, path), after);
    console.log(`version ${value} written everywhere`);
  } else {
    console.error('usage: node scripts/version.mjs --check | set <x.y.z>');
    process.exit(2);
  }
}
