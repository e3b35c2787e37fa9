// What secure deletion costs on SQLite (secure_delete=ON and journal_size_limit=0, issue 14):
// the real server with it on and off, interleaved, each doing the same fixed work (N creates,
// then N consumes of those secrets, at a fixed concurrency). The figure is the server process's
// CPU time per request from /proc/<pid>/stat (all threads, the checkpoint worker included), which
// is steady on a shared machine where req/s is not; wall time and file sizes are printed beside.
// Not a test. Usage: npx tsx bench/secure-delete.ts [--requests 20000] [--rounds 3] [--connections 16]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuMicros } from './support/proc.js';
import autocannon from 'autocannon';
import { encryptSecret } from 'zephr';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '3' }, connections: { type: 'string', default: '16' } } });
const REQUESTS = Number(values.requests);
const ROUNDS = Number(values.rounds);
const CONNECTIONS = Number(values.connections);
const root = join(import.meta.dirname, '..');
const cpuMs = (pid: number) => cpuMicros(pid) / 1000;

function start(dir: string, secureDelete: boolean): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/support/serve-sqlite.ts'], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env, BENCH_SECURE_DELETE: secureDelete ? 'on' : 'off', ZEPHR_DATA_DIR: dir, ZEPHR_PORT: '0', ZEPHR_HOST: '127.0.0.1',
      ZEPHR_LOG_LEVEL: 'info', ZEPHR_ANON_DAILY_CREATES: '100000000', ZEPHR_RATE_LIMIT_PER_MINUTE: '100000000',
    },
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (c: Buffer) => {
      out += c;
      const m = /Zephr listening on (http:\/\/[^"\s]+)/.exec(out);
      if (m) resolve({ url: m[1]!, child });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

let cursor = 0;
function next(n: number): number {
  return cursor++ % n;
}

const sealed = await encryptSecret('x'.repeat(2048));
const body = JSON.stringify({ encrypted_blob: sealed.blob, expiry: 60 });

interface Round { create: number; consume: number; wall: number; dbBytes: number; walBytes: number; errors: number }
const results: Record<'on' | 'off', Round[]> = { on: [], off: [] };

for (let round = 0; round < ROUNDS; round++) {
  for (const mode of round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
    const dir = mkdtempSync(join(tmpdir(), 'zephr-bench-sd-'));
    const server = await start(dir, mode === 'on');
    const pid = server.child.pid!;
    const started = performance.now();
    // Creates: collect the ids from the 201 bodies.
    const ids: string[] = [];
    cursor = 0;
    let cpu = cpuMs(pid);
    const created = await autocannon({
      url: server.url, connections: CONNECTIONS, amount: REQUESTS,
      requests: [{ method: 'POST', path: '/api/secrets', headers: { 'content-type': 'application/json' }, body, onResponse: (status, text) => { if (status === 201) ids.push((JSON.parse(text) as { id: string }).id); } }],
    });
    const createCpu = cpuMs(pid) - cpu;
    cpu = cpuMs(pid);
    cursor = 0;
    const consumed = await autocannon({
      url: server.url, connections: CONNECTIONS, amount: ids.length,
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/secrets/${ids[next(ids.length)]}` }) }],
    });
    const consumeCpu = cpuMs(pid) - cpu;
    const wall = performance.now() - started;
    const size = (f: string) => { try { return statSync(join(dir, f)).size; } catch { return 0; } };
    results[mode].push({
      create: createCpu / REQUESTS, consume: consumeCpu / Math.max(1, ids.length), wall,
      dbBytes: size('zephr.db'), walBytes: size('zephr.db-wal'),
      errors: created.non2xx + created.errors + consumed.non2xx + consumed.errors,
    });
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
    console.error(`round ${round + 1} secure delete ${mode}: create ${(createCpu / REQUESTS).toFixed(3)} ms CPU/req, consume ${(consumeCpu / Math.max(1, ids.length)).toFixed(3)} ms CPU/req`);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const figure = (mode: 'on' | 'off', key: keyof Round) => median(results[mode].map((r) => r[key]));
console.log(`\nSecure deletion on SQLite: ${availableParallelism()} cores, ${REQUESTS} creates then as many consumes per run, ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds (medians)`);
const rows = [
  ['', 'secure delete on', 'off', 'cost'],
  ...(['create', 'consume'] as const).map((k) => [`${k} CPU ms/request`, figure('on', k).toFixed(3), figure('off', k).toFixed(3), `${(((figure('on', k) / figure('off', k)) - 1) * 100).toFixed(1)}%`]),
  ['wall time, s', (figure('on', 'wall') / 1000).toFixed(1), (figure('off', 'wall') / 1000).toFixed(1), `${(((figure('on', 'wall') / figure('off', 'wall')) - 1) * 100).toFixed(1)}%`],
  ['database file, KiB', (figure('on', 'dbBytes') / 1024).toFixed(0), (figure('off', 'dbBytes') / 1024).toFixed(0), ''],
  ['WAL after the run, KiB', (figure('on', 'walBytes') / 1024).toFixed(0), (figure('off', 'walBytes') / 1024).toFixed(0), ''],
  ['non-2xx answers', String(results.on.reduce((n, r) => n + r.errors, 0)), String(results.off.reduce((n, r) => n + r.errors, 0)), ''],
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
