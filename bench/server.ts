// Server benchmark: create and consume on the real zephr-server process, against a bare Fastify
// baseline receiving the same body sizes, measured in the same run, and against that baseline
// plus what the server does for every answer (the spec's security headers and the access line):
// the floor under any Zephr answer. On SQLite it repeats with 1,000,000 live secrets in the store
// and during a purge of 1,000,000 expired ones; on PostgreSQL it runs one instance and then three
// sharing one database (the load split across them), and first the driver alone
// (support/pg-floor.mjs: one prepared query per request through pg.Pool, no HTTP), the floor under
// any PostgreSQL-backed request. Prints req/s, p50, p99 and max latency, the server's CPU
// microseconds per request (from /proc/<pid>/stat over the run, all threads: far steadier than
// req/s on a shared machine), the same for PostgreSQL's processes when the cluster is local, RSS
// after the run (and, for the baseline and the empty SQLite store, at rest 40 s later), and the
// CPU ratio to the baseline. Not a test: figures vary by machine. PostgreSQL:
// ZEPHR_TEST_DATABASE_URL, else a throwaway local cluster; the CPU of either is measured when local
// (with PGCLUSTER_DIR, as scripts/postgres-cluster.sh prints it, for a cluster of ours). The load
// comes from wrk when it is installed (apt install wrk; its script is support/wrk.lua), else from
// autocannon.
// Usage: npm run build && npx tsx bench/server.ts [--duration 8] [--connections 32] [--secret-bytes 200] [--rows 1000000] [--engines sqlite,postgres] [--load wrk|autocannon]
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import { encryptSecret, generateSecretId } from 'zephr';
import { SqliteStore } from '../packages/server/src/store/sqlite/sqlite-store.js';
import { cpuMicros, rssMb, treeCpuMicros, treeDelta } from './support/proc.js';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '8' }, connections: { type: 'string', default: '32' }, 'secret-bytes': { type: 'string', default: '200' }, rows: { type: 'string', default: '1000000' }, engines: { type: 'string', default: 'sqlite,postgres' }, load: { type: 'string' } } });
const ENGINES = values.engines.split(',');
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const ROWS = Number(values.rows);
const root = join(import.meta.dirname, '..');
// The server runs as `npm start`, the container image and the systemd unit run it: with a smaller
// young generation (less RSS under load, no measurable CPU cost).
const SERVER_FLAGS = ['--max-semi-space-size=4'];
// The load generator: wrk when installed (as the figures were taken), else autocannon.
const hasWrk = (() => { try { execFileSync('wrk', ['--version'], { stdio: 'ignore' }); return true; } catch (e) { return (e as { status?: number }).status !== undefined; } })();
const LOAD = values.load ?? (hasWrk ? 'wrk' : 'autocannon');
if (LOAD !== 'wrk' && LOAD !== 'autocannon') throw new Error('--load is wrk or autocannon');

function start(args: string[], env: Record<string, string>, pattern: RegExp): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    let found = false;
    const onData = (c: Buffer) => {
      if (found) return; // keep draining the pipe, stop buffering
      out += c;
      const m = pattern.exec(out);
      if (m) { found = true; resolve({ url: m[1]!, child }); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => { if (!found) reject(new Error(`exited ${code}: ${out}`)); });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Seeds `count` secrets straight into the SQLite file (fast bulk insert, outside the server). */
function seed(path: string, count: number, blob: string, at: { expiresAt: number; purgeAt: number }): string[] {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare('INSERT INTO secrets (id, blob, created_at, expires_at, purge_at, split_url_mode) VALUES (?, ?, ?, ?, ?, 0)');
  const ids: string[] = [];
  const batch = db.transaction((n: number) => { for (let i = 0; i < n; i++) { const id = generateSecretId(); ids.push(id); insert.run(id, blob, Date.now(), at.expiresAt, at.purgeAt); } });
  for (let left = count; left > 0; left -= 50_000) batch(Math.min(50_000, left));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return ids;
}

interface Load { rps: number; p50: number; p99: number; max: number; errors: number; total: number }
interface Figures extends Load {
  /** Server CPU per request (all instances), µs. */
  cpu: number;
  /** PostgreSQL CPU per request (postmaster and backends), µs; null when the cluster is not local. */
  pgCpu: number | null;
  /** Largest server RSS after the run, MB. */
  rss: number;
}
/**
 * RSS once the process has been idle long enough for V8's memory reducer to collect what the load
 * left behind (it starts some seconds after allocation stops; 40 s is past its last pass here).
 * Right after a run the heap still holds the run's garbage, up to ~30 MB of it.
 */
async function restingRss(pid: number): Promise<number> {
  await new Promise((r) => setTimeout(r, 40_000));
  return rssMb(pid);
}

/** What to watch while a load runs: the server processes, and PostgreSQL's postmaster if local. */
interface Watch { pids: number[]; postmaster: number | null }

async function measured(watch: Watch, run: () => Promise<Load>, warmUp?: () => Promise<unknown>): Promise<Figures> {
  // A short unmeasured load first, so JIT warm-up does not land in the figures (max latency above all).
  if (warmUp) await warmUp();
  const cpu0 = watch.pids.map(cpuMicros);
  const pg0 = watch.postmaster === null ? null : treeCpuMicros(watch.postmaster);
  const f = await run();
  const cpu = watch.pids.reduce((n, pid, i) => n + cpuMicros(pid) - cpu0[i]!, 0);
  const pgCpu = pg0 === null ? null : treeDelta(pg0, treeCpuMicros(watch.postmaster!));
  return { ...f, cpu: cpu / f.total, pgCpu: pgCpu === null ? null : pgCpu / f.total, rss: Math.max(...watch.pids.map(rssMb)) };
}

async function load(url: string, kind: 'create' | 'consume', body: string, ids: string[], connections = CONNECTIONS, duration = DURATION): Promise<Load> {
  return LOAD === 'wrk' ? loadWrk(url, kind, body, ids, connections, duration) : loadAutocannon(url, kind, body, ids, connections, duration);
}

/** wrk (C, two threads): far less CPU than autocannon, so more of the two cores stay with the server. */
function loadWrk(url: string, kind: 'create' | 'consume', body: string, ids: string[], connections: number, duration: number): Promise<Load> {
  const dir = mkdtempSync(join(tmpdir(), 'zephr-wrk-'));
  const input = join(dir, kind);
  writeFileSync(input, kind === 'create' ? body : ids.join('\n') + '\n');
  const threads = Math.min(2, connections);
  const args = ['-t', String(threads), '-c', String(connections), '-d', `${duration}s`, '--timeout', '10s', '-s', join(root, 'bench/support/wrk.lua'), url, '--', kind, input, String(threads)];
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c; });
    child.on('error', reject);
    child.on('exit', (code) => {
      rmSync(dir, { recursive: true, force: true });
      const line = /ZEPHR_BENCH (\{.*\})/.exec(out);
      if (code !== 0 || line === null) return reject(new Error(`wrk exited ${code}: ${out}`));
      const r = JSON.parse(line[1]!) as { requests: number; duration_us: number; p50: number; p99: number; max: number; status_errors: number; socket_errors: number };
      resolve({ rps: r.requests / (r.duration_us / 1e6), p50: r.p50, p99: r.p99, max: r.max, errors: r.status_errors + r.socket_errors, total: r.requests });
    });
  });
}

async function loadAutocannon(url: string, kind: 'create' | 'consume', body: string, ids: string[], connections: number, duration: number): Promise<Load> {
  let next = 0;
  const result = await autocannon({
    url, connections, duration,
    requests: [kind === 'create'
      ? { method: 'POST', path: '/api/secrets', headers: { 'content-type': 'application/json' }, body }
      : { method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/secrets/${ids[next++ % ids.length]}` }) }],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, errors: result.non2xx + result.errors + result.timeouts, total: result.requests.total };
}

/** One second of the same kind of load on every url, unmeasured (consumes ask for unknown ids). */
const warm = (urls: string[], kind: 'create' | 'consume', body: string) => () =>
  Promise.all(urls.map((url) => load(url, kind, body, ['AAAAAAAAAAAAAAAAAAAAAA'], Math.max(1, Math.round(CONNECTIONS / urls.length)), 1)));

const rows: string[][] = [];
function report(scenario: string, op: string, target: string, f: Figures, base?: Figures) {
  rows.push([
    scenario, op, target, f.rps.toFixed(0), f.p50.toFixed(1), f.p99.toFixed(1), f.max.toFixed(0), String(f.errors),
    f.cpu.toFixed(0), base ? `${(f.cpu / base.cpu).toFixed(2)}×` : '—', f.pgCpu === null ? '—' : f.pgCpu.toFixed(0), Number.isNaN(f.rss) ? '—' : f.rss.toFixed(0),
  ]);
}

const sealed = await encryptSecret('x'.repeat(Number(values['secret-bytes'])));
const createBody = JSON.stringify({ encrypted_blob: sealed.blob, expiry: 60, split_url_mode: false });
const consumeIdsNeeded = Math.ceil(DURATION * 20_000);

// The bare baseline, then the same plus what the server does for every answer whatever the route,
// with the server's own code: the spec's security headers, then those and the access line (the
// floor under any answer). Its URL is matched as a whole line: with the access line's logger,
// Fastify logs the address too.
const atRest: string[] = [];
const baselines: { label: string; create: Figures; consume: Figures }[] = [];
for (const [label, work] of [['baseline', ''], ['baseline + security headers', 'headers'], ['baseline + headers, access line', 'headers,log']] as const) {
  const b = await start([...SERVER_FLAGS, 'bench/baseline-server.mjs'], { BLOB_LENGTH: String(sealed.blob.length), BASELINE_PER_ANSWER: work }, /^(http:\/\/127\.0\.0\.1:\d+)$/m);
  const watch: Watch = { pids: [b.child.pid!], postmaster: null };
  const create = await measured(watch, () => load(b.url, 'create', createBody, []), warm([b.url], 'create', createBody));
  const consume = await measured(watch, () => load(b.url, 'consume', '', ['AAAAAAAAAAAAAAAAAAAAAA']), warm([b.url], 'consume', ''));
  if (work === '') atRest.push(`bare Fastify ${(await restingRss(b.child.pid!)).toFixed(0)} MB`);
  baselines.push({ label, create, consume });
  await stop(b.child);
}
const { create: baseCreate, consume: baseConsume } = baselines[0]!;

const scenarios: { name: string; filler: number; fillerExpired: boolean }[] = [
  { name: 'empty store', filler: 0, fillerExpired: false },
  { name: `${ROWS.toLocaleString('en')} live`, filler: ROWS, fillerExpired: false },
  { name: `purging ${ROWS.toLocaleString('en')}`, filler: ROWS, fillerExpired: true },
];
for (const [i, f] of baselines.entries()) {
  report(f.label, 'create', 'bare fastify', f.create, i === 0 ? undefined : baseCreate);
  report(f.label, 'consume', 'bare fastify', f.consume, i === 0 ? undefined : baseConsume);
}

/** The same load split across several instances at once: req/s add up, latencies take the worst. */
async function loadSpread(urls: string[], kind: 'create' | 'consume', body: string, ids: string[]): Promise<Load> {
  const share = Math.ceil(ids.length / urls.length);
  const parts = await Promise.all(urls.map((url, i) => load(url, kind, body, ids.slice(i * share, (i + 1) * share), Math.max(1, Math.round(CONNECTIONS / urls.length)))));
  return {
    rps: parts.reduce((n, f) => n + f.rps, 0), p50: Math.max(...parts.map((f) => f.p50)), p99: Math.max(...parts.map((f) => f.p99)),
    max: Math.max(...parts.map((f) => f.max)), errors: parts.reduce((n, f) => n + f.errors, 0), total: parts.reduce((n, f) => n + f.total, 0),
  };
}

for (const s of ENGINES.includes('sqlite') ? scenarios : []) {
  const dir = mkdtempSync(join(tmpdir(), 'zephr-bench-'));
  const path = join(dir, 'zephr.db');
  await new SqliteStore(path).close();
  const now = Date.now();
  const t0 = performance.now();
  if (s.filler > 0) seed(path, s.filler, 'eyJpdiI6ImZpbGxlciJ9' + 'A'.repeat(80), s.fillerExpired ? { expiresAt: now - 7_200_000, purgeAt: now - 3_600_000 } : { expiresAt: now + 86_400_000, purgeAt: now + 90_000_000 });
  const ids = seed(path, consumeIdsNeeded, sealed.blob, { expiresAt: now + 86_400_000, purgeAt: now + 90_000_000 });
  console.error(`[${s.name}] seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const server = await start([...SERVER_FLAGS, 'packages/server/dist/cli.js', 'serve'], {
    ZEPHR_DATA_DIR: dir, ZEPHR_PORT: '0', ZEPHR_LOG_LEVEL: 'info', ZEPHR_ANON_DAILY_CREATES: '100000000',
    ZEPHR_RATE_LIMIT_PER_MINUTE: '100000000', ZEPHR_SWEEP_INTERVAL_SECONDS: '1',
  }, /Zephr listening on (http:\/\/[^"\s]+)/);
  const watch: Watch = { pids: [server.child.pid!], postmaster: null };
  report(s.name, 'create', 'zephr', await measured(watch, () => load(server.url, 'create', createBody, []), warm([server.url], 'create', createBody)), baseCreate);
  report(s.name, 'consume', 'zephr', await measured(watch, () => load(server.url, 'consume', '', ids), warm([server.url], 'consume', '')), baseConsume);
  if (s.filler === 0) atRest.push(`Zephr on SQLite ${(await restingRss(server.child.pid!)).toFixed(0)} MB`);
  await stop(server.child);
  if (s.fillerExpired) {
    const db = new Database(path, { readonly: true });
    const left = (db.prepare('SELECT count(*) AS n FROM secrets WHERE purge_at < ?').get(now) as { n: number }).n;
    db.close();
    console.error(`[${s.name}] expired rows still to purge after the run: ${left.toLocaleString('en')} of ${s.filler.toLocaleString('en')}`);
  }
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The floor under a PostgreSQL-backed request: the driver alone (support/pg-floor.mjs), one
 * prepared lookup of a seeded secret per query through pg.Pool, no HTTP. It reads its own CPU and
 * its backends'.
 */
function driverFloor(url: string, ids: string[]): Figures {
  const dir = mkdtempSync(join(tmpdir(), 'zephr-floor-'));
  writeFileSync(join(dir, 'ids'), ids.join('\n') + '\n');
  const out = execFileSync(process.execPath, [join(root, 'bench/support/pg-floor.mjs'), url, join(dir, 'ids'), String(DURATION), String(CONNECTIONS)], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  const r = JSON.parse(/ZEPHR_BENCH (\{.*\})/.exec(out)![1]!) as { queries: number; rps: number; p50: number; p99: number; max: number; cpu: number; pgCpu: number | null };
  return { rps: r.rps, p50: r.p50, p99: r.p99, max: r.max, errors: 0, total: r.queries, cpu: r.cpu, pgCpu: r.pgCpu, rss: Number.NaN };
}

if (ENGINES.includes('postgres')) {
  let admin = process.env.ZEPHR_TEST_DATABASE_URL;
  // A cluster started by scripts/postgres-cluster.sh exports its directory too: its CPU is counted.
  let cluster: string | undefined = admin === undefined ? undefined : process.env.PGCLUSTER_DIR;
  const ownCluster = admin === undefined;
  if (admin === undefined) {
    const out = execFileSync('bash', ['scripts/postgres-cluster.sh', 'start'], { cwd: root, encoding: 'utf8' });
    admin = /ZEPHR_TEST_DATABASE_URL=(\S+)/.exec(out)![1]!;
    cluster = /PGCLUSTER_DIR=(\S+)/.exec(out)![1]!;
  }
  // The postmaster's pid is the first line of postmaster.pid; its children are the backends.
  const pidFile = cluster === undefined ? null : join(cluster, 'data', 'postmaster.pid');
  const postmaster = pidFile === null || !existsSync(pidFile) ? null : Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  for (const instances of [1, 3]) {
    const name = `zephr_bench_${randomBytes(4).toString('hex')}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    const env = {
      ZEPHR_DATABASE_URL: url.toString(), ZEPHR_SECRET_KEY: randomBytes(32).toString('hex'), ZEPHR_PORT: '0', ZEPHR_LOG_LEVEL: 'info',
      ZEPHR_ANON_DAILY_CREATES: '100000000', ZEPHR_RATE_LIMIT_PER_MINUTE: '100000000', ZEPHR_SWEEP_INTERVAL_SECONDS: '1',
    };
    const servers = [];
    for (let i = 0; i < instances; i++) {
      servers.push(await start([...SERVER_FLAGS, 'packages/server/dist/cli.js', 'serve'], { ...env, ZEPHR_DATA_DIR: mkdtempSync(join(tmpdir(), 'zephr-bench-')) }, /Zephr listening on (http:\/\/[^"\s]+)/));
    }
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    const ids: string[] = [];
    const now = Date.now();
    for (let left = consumeIdsNeeded; left > 0; left -= 20_000) {
      const chunk = Array.from({ length: Math.min(20_000, left) }, () => generateSecretId());
      ids.push(...chunk);
      await db.query('INSERT INTO secrets (id, blob, created_at, expires_at, purge_at) SELECT unnest($1::text[]), $2, $3, $4, $5', [chunk, sealed.blob, now, now + 86_400_000, now + 90_000_000]);
    }
    // Settle the bulk load before measuring: vacuum and analyse it, and write it out, so neither
    // autovacuum nor the checkpoint of 160,000 fresh rows lands inside the measured runs.
    await db.query('VACUUM (ANALYZE) secrets');
    await db.query('CHECKPOINT');
    await db.end();
    if (instances === 1) report('postgres, driver alone', 'lookup', 'pg.Pool', driverFloor(url.toString(), ids), baseConsume);
    const label = instances === 1 ? 'postgres, 1 instance' : `postgres, ${instances} instances`;
    const urls = servers.map((x) => x.url);
    const watch: Watch = { pids: servers.map((x) => x.child.pid!), postmaster };
    report(label, 'create', 'zephr', await measured(watch, () => loadSpread(urls, 'create', createBody, []), warm(urls, 'create', createBody)), baseCreate);
    report(label, 'consume', 'zephr', await measured(watch, () => loadSpread(urls, 'consume', '', ids), warm(urls, 'consume', '')), baseConsume);
    for (const x of servers) await stop(x.child);
    const drop = new pg.Client({ connectionString: admin });
    await drop.connect();
    await drop.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await drop.end();
  }
  if (ownCluster && cluster !== undefined) execFileSync('bash', ['scripts/postgres-cluster.sh', 'stop', cluster], { cwd: root });
}

const header = ['scenario', 'op', 'target', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx', 'CPU µs/req', 'CPU vs baseline', 'PostgreSQL µs/req', 'RSS MB'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
console.log(`\nZephr server benchmark: ${availableParallelism()} cores, ${CONNECTIONS} connections, ${DURATION} s per run, ${values['secret-bytes']}-byte secrets, SQLite synchronous=FULL, PostgreSQL synchronous_commit=on; load by ${LOAD} on the same machine; server: node ${SERVER_FLAGS.join(' ')}`);
for (const r of [header, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
console.log(`RSS at rest, 40 s after the last run: ${atRest.join(', ')}`);
