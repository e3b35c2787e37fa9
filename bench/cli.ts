// CLI benchmark: `zephr "secret"` end to end (start-up, encryption, one create over loopback)
// beside bare `node -e ""`, interleaved in the same run, through the bin launcher npm links
// (packages/zephr/bin/zephr.cjs → the bundled dist/cli/zephr.cjs). Goal: at most 1.3× bare Node.
// A third line, support/cli-floor.cjs, does only what no create can skip (load node:http and
// node:crypto, seal, one POST over a fresh connection): the floor under the CLI on this machine.
// Usage: npm run build && npx tsx bench/cli.ts [--runs 40]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '40' } } });
const RUNS = Number(values.runs);
const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'zephr-cli-bench-'));

// The server logs to a file, not a pipe: spawnSync blocks this process's event loop, so a pipe
// would go undrained and the server's log writes would stall the very requests being timed.
const log = join(dir, 'server.log');
const server = spawn(process.execPath, [join(root, 'packages/server/dist/cli.js'), 'serve'], {
  env: { ...process.env, ZEPHR_DATA_DIR: dir, ZEPHR_PORT: '0', ZEPHR_ANON_DAILY_CREATES: '100000', ZEPHR_RATE_LIMIT_PER_MINUTE: '100000', ZEPHR_LOG_LEVEL: 'info' }, stdio: ['ignore', openSync(log, 'w'), 'inherit'],
});
let url = '';
for (let waited = 0; url === '' && waited < 30_000; waited += 50) {
  await new Promise((r) => setTimeout(r, 50));
  url = /Zephr listening on (http:\/\/[^"\s]+)/.exec(readFileSync(log, 'utf8'))?.[1] ?? '';
}
if (url === '') throw new Error(`the server did not start: ${readFileSync(log, 'utf8')}`);

function time(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { env: { ...process.env, ZEPHR_URL: url }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return performance.now() - t;
}

const bare: number[] = [];
const cli: number[] = [];
const floor: number[] = [];
const FLOOR = join(root, 'bench/support/cli-floor.cjs');
time(['-e', '']); // warm the file cache
const CLI = join(root, 'packages/zephr/bin/zephr.cjs');
time([CLI, 'warm-up']);
for (let i = 0; i < RUNS; i++) {
  bare.push(time(['-e', '']));
  cli.push(time([CLI, 'benchmark secret']));
  floor.push(time([FLOOR, 'benchmark secret']));
}
server.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(`zephr CLI benchmark: ${availableParallelism()} cores, ${RUNS} interleaved runs each`);
console.log(`node -e ""          median ${median(bare).toFixed(1)} ms  mean ${mean(bare).toFixed(1)} ms`);
console.log(`zephr "secret"      median ${median(cli).toFixed(1)} ms  mean ${mean(cli).toFixed(1)} ms`);
console.log(`the floor           median ${median(floor).toFixed(1)} ms  mean ${mean(floor).toFixed(1)} ms  (support/cli-floor.cjs)`);
console.log(`ratio (median)      ${(median(cli) / median(bare)).toFixed(2)}×  (goal ≤ 1.3×); the floor ${(median(floor) / median(bare)).toFixed(2)}×`);
// Each zephr run beside the bare run just before it: steadier when the host's speed drifts.
console.log(`paired ratio        ${median(cli.map((c, i) => c / bare[i]!)).toFixed(2)}×  (median of ${RUNS} adjacent pairs); the floor ${median(floor.map((f, i) => f / bare[i]!)).toFixed(2)}×`);
