// Runs every test suite in turn, streams its output, and sums the counts into one closing line
// "N passed, N failed". A suite that reports no tests counts as a failure, never a pass.
// Each suite declares what it needs beyond a set-up machine (scripts/setup.sh): `build` (the
// workspaces built once, before the first suite that needs it) and `postgres` (a throwaway
// cluster, unless ZEPHR_TEST_DATABASE_URL names one). So `node scripts/run-suites.mjs lint` runs
// in seconds, and `npm test` runs them all.
// Usage: node scripts/run-suites.mjs [suite-name ...]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

// Node 20's test runner does not expand globs, so each suite lists its test files itself; an
// empty folder is an error rather than a silent zero.
function testFiles(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.test.ts')).sort().map((f) => `${dir}/${f}`);
  if (files.length === 0) throw new Error(`no test files in ${dir}`);
  return files;
}
const nodeTests = (dir) => ['node', ['--import', 'tsx', '--test', '--test-reporter=spec', ...testFiles(dir)]];

/** cwd: where the command runs (default: the repository root).
 * kind: 'node' parses Node's summary, 'pytest' parses pytest's, 'check' counts the exit code as one test.
 * needs: 'build' (built workspaces: bins, the web build, the browser bundle), 'postgres' (ZEPHR_TEST_DATABASE_URL). */
const SUITES = [
  { name: 'generated-files', kind: 'check', needs: ['build'], cmd: ['bash', ['-c', 'npx tsx protocol/tools/generate.ts --check && npx tsx packages/server/scripts/openapi.ts --check && node scripts/version.mjs --check']] },
  { name: 'lint', kind: 'check', needs: [], cmd: ['npx', ['eslint', '.']] },
  { name: 'typecheck', kind: 'check', needs: ['build'], cmd: ['npx', ['tsc', '-p', 'tsconfig.json']] },
  { name: 'protocol', kind: 'node', needs: [], cmd: nodeTests('protocol/test') },
  { name: 'zephr', kind: 'node', needs: ['build'], cmd: nodeTests('packages/zephr/test') },
  { name: 'server', kind: 'node', needs: ['build', 'postgres'], cmd: nodeTests('packages/server/test') },
  { name: 'fuzz', kind: 'node', needs: ['build'], cmd: nodeTests('packages/server/test/fuzz') },
  { name: 'web', kind: 'node', needs: ['build'], cmd: nodeTests('packages/web/test') },
  { name: 'mcp', kind: 'node', needs: ['build'], cmd: nodeTests('packages/mcp/test') },
  { name: 'e2e', kind: 'node', needs: ['build'], cmd: nodeTests('e2e') },
  { name: 'artifacts', kind: 'node', needs: ['build'], cmd: ['node', ['--import', 'tsx', '--test', '--test-reporter=spec', 'e2e/ship/artifacts.test.ts']] },
  { name: 'container', kind: 'node', needs: ['build'], cmd: ['node', ['--import', 'tsx', '--test', '--test-reporter=spec', 'e2e/ship/container.test.ts']] },
  { name: 'tls', kind: 'node', needs: ['build'], cmd: ['node', ['--import', 'tsx', '--test', '--test-reporter=spec', 'e2e/ship/tls.test.ts']] },
  { name: 'python-verifier', kind: 'pytest', needs: [], cmd: ['.venv/bin/python', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'protocol/tools']] },
  { name: 'python-sdk', kind: 'pytest', needs: ['build'], cmd: ['../../.venv/bin/python', ['-m', 'pytest', '-q']], cwd: 'packages/sdk-python' },
  { name: 'python-sdk-types', kind: 'check', needs: [], cmd: ['../../.venv/bin/mypy', []], cwd: 'packages/sdk-python' },
  { name: 'python-sdk-lint', kind: 'check', needs: [], cmd: ['bash', ['-c', '../../.venv/bin/ruff check . && ../../.venv/bin/ruff format --check .']], cwd: 'packages/sdk-python' },
];

function run([command, args], cwd) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
    let out = '';
    const take = (stream, sink) => stream.on('data', (chunk) => { out += chunk; sink.write(chunk); });
    take(child.stdout, process.stdout);
    take(child.stderr, process.stderr);
    child.on('close', (code, signal) => resolve({ code: code ?? 1, signal, out }));
    child.on('error', (error) => resolve({ code: 1, signal: null, out: String(error) }));
  });
}

function count(kind, { code, out }) {
  if (kind === 'check') return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
  let passed = 0;
  let failed = 0;
  if (kind === 'node') {
    passed = Number(/^(?:ℹ|#) pass (\d+)/m.exec(out)?.[1] ?? 0);
    failed = Number(/^(?:ℹ|#) fail (\d+)/m.exec(out)?.[1] ?? 0) + Number(/^(?:ℹ|#) cancelled (\d+)/m.exec(out)?.[1] ?? 0);
  } else {
    const summary = out.trim().split('\n').reverse().find((l) => /\d+ (passed|failed|error)/.test(l)) ?? '';
    passed = Number(/(\d+) passed/.exec(summary)?.[1] ?? 0);
    failed = Number(/(\d+) failed/.exec(summary)?.[1] ?? 0) + Number(/(\d+) errors?/.exec(summary)?.[1] ?? 0);
  }
  // A non-zero exit with nothing counted as failed (a crash, no tests collected) is one failure.
  if (code !== 0 && failed === 0) failed = 1;
  if (passed + failed === 0) failed = 1;
  return { passed, failed };
}

const only = process.argv.slice(2);
const chosen = only.length ? SUITES.filter((s) => only.includes(s.name)) : SUITES;
if (chosen.length === 0) {
  console.error(`unknown suite; choose from: ${SUITES.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const needs = new Set(chosen.flatMap((s) => s.needs));
if (needs.has('build')) {
  console.log('\n── build');
  if (spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' }).status !== 0) {
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}
// A throwaway PostgreSQL cluster on a free loopback port, removed when this process exits.
if (needs.has('postgres') && !process.env.ZEPHR_TEST_DATABASE_URL) {
  console.log('\n── postgresql cluster');
  const vars = Object.fromEntries(execFileSync('bash', ['scripts/postgres-cluster.sh', 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .trim().split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2)));
  process.env.ZEPHR_TEST_DATABASE_URL = vars.ZEPHR_TEST_DATABASE_URL;
  console.log(vars.ZEPHR_TEST_DATABASE_URL);
  process.on('exit', () => execFileSync('bash', ['scripts/postgres-cluster.sh', 'stop', vars.PGCLUSTER_DIR], { stdio: 'ignore' }));
}
const results = [];
for (const suite of chosen) {
  console.log(`\n── suite: ${suite.name}`);
  const started = Date.now();
  const result = count(suite.kind, await run(suite.cmd, suite.cwd));
  results.push({ suite: suite.name, ...result, seconds: ((Date.now() - started) / 1000).toFixed(1) });
}
console.log('\n── summary');
for (const r of results) console.log(`${r.failed ? 'FAIL' : 'ok  '} ${r.suite.padEnd(18)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(4)} failed  ${r.seconds}s`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
