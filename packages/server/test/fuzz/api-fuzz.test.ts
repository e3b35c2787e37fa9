// The API fuzz suite: schemathesis (PyPI) against the running server's own /openapi.json with
// every check and every phase, once anonymous and once with an API key. The stateful phase follows
// the OpenAPI link from POST /api/secrets to GET /api/secrets/{id}, so the success path is fuzzed
// too. Passes only with zero failures: no 5xx, no schema, status, header or content-type
// violation, no schema-valid request refused and no schema-invalid one accepted. Prints the counts.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { PYTHON_SDK_SRC, repoRoot, run, runBin, type ServerProcess, startProcess, tempDir } from '@zephr/test-support';

const SCHEMATHESIS = join(repoRoot, '.venv', 'bin', 'schemathesis');
const here = import.meta.dirname;

let started: ServerProcess | undefined;
const server = (): ServerProcess => {
  assert.ok(started, 'the server started');
  return started;
};
let dataDir: string;

before(async () => {
  dataDir = tempDir('zephr-fuzz-');
  started = await startProcess({
    ZEPHR_DATA_DIR: dataDir, ZEPHR_HOST: '127.0.0.1', ZEPHR_METRICS: '1',
    // The fuzzer sends thousands of requests from one address; quotas are tested elsewhere.
    ZEPHR_ANON_DAILY_CREATES: '1000000', ZEPHR_RATE_LIMIT_PER_MINUTE: '1000000000',
  });
});

after(() => {
  started?.child.kill('SIGTERM');
});

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${server().url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
}

async function fuzz(label: string, extra: string[]): Promise<void> {
  const created = await metric('zephr_secrets_created_total');
  const consumed = await metric('zephr_secrets_consumed_total');
  const burned = await metric('zephr_secrets_burned_total');
  const work = tempDir('zephr-fuzz-run-');
  const result = await run('bash', ['-c', `cd "$0" && exec "$@"`, work, SCHEMATHESIS, '--config-file', join(here, 'schemathesis.toml'),
    'run', `${server().url}/openapi.json`, ...extra], { PYTHONPATH: `${here}:${PYTHON_SDK_SRC}`, NO_COLOR: '1', COLUMNS: '120' });
  const out = result.stdout + result.stderr;
  const cases = /(\d+) generated, (\d+) passed/.exec(out);
  const seed = /Seed: (\d+)/.exec(out)?.[1];
  const madeNow = (await metric('zephr_secrets_created_total')) - created;
  const readNow = (await metric('zephr_secrets_consumed_total')) - consumed;
  const burnedNow = (await metric('zephr_secrets_burned_total')) - burned;
  console.log(`fuzz ${label}: ${cases?.[1] ?? '?'} cases generated, ${cases?.[2] ?? '?'} passed; ${madeNow} secrets created, ${readNow} consumed, ${burnedNow} burned; seed ${seed ?? '?'}`);
  assert.equal(result.code, 0, `schemathesis found problems (${label}):\n${out}`);
  // A warning may remain: random ids on GET /api/secrets/{id} are mostly 404, as they should be.
  assert.match(out, /=+ (No issues found|\d+ warnings?) in [\d.]+s =+/, out);
  assert.doesNotMatch(out, /FAILURES|ERRORS/, out);
  assert.ok(cases && cases[1] === cases[2] && Number(cases[1]) > 500, `every generated case passes, and there are many:\n${out}`);
  const links = /API Links: +(\d+) covered \/ (\d+) selected/.exec(out);
  assert.ok(links && Number(links[1]) >= 1 && links[1] === links[2], 'the stateful phase followed every link, create → consume among them');
  assert.ok(madeNow > 0 && readNow > 0, `the success path was reached: ${madeNow} created, ${readNow} consumed`);
}

it('anonymous: every operation, every check', async () => {
  await fuzz('anonymous', []);
});

it('with an API key (callbacks allowed): every operation, every check', async () => {
  const created = runBin(['keys', 'create', '--tier', 'pro', '--label', 'fuzz'], { ZEPHR_DATA_DIR: dataDir });
  const key = /zeph_[A-Za-z0-9_-]{43}/.exec(created.stdout)?.[0];
  assert.ok(key, created.stdout + created.stderr);
  // revokeCurrentKey would revoke this very key midway (its job), leaving the rest of the run anonymous-by-401.
  await fuzz('keyed', ['-H', `Authorization: Bearer ${key}`, '--exclude-operation-id', 'revokeCurrentKey']);
});

it('the server logged no error and contacted no generated host', () => {
  const lines = server().output().split('\n').filter((l) => l.startsWith('{'));
  const errors = lines.filter((l) => (JSON.parse(l) as { level: number }).level >= 50);
  assert.deepEqual(errors, []);
  // Valid callback URLs were pointed at fuzz.invalid by the hooks before they were sent.
  const hosts = new Set(lines.flatMap((l) => [...l.matchAll(/"host":"([^"]*)"/g)].map((m) => m[1])));
  for (const host of hosts) assert.match(host!, /^fuzz\.invalid(:\d+)?$/);
});
