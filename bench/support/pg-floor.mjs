// The floor under any PostgreSQL-backed request, for bench/server.ts: the driver alone, with no
// HTTP and no server. One prepared statement per "request" (a lookup of a seeded secret by id,
// answering its blob, as a consume does) through pg.Pool with the server's pool size, CONNECTIONS
// in flight, for DURATION seconds after a one-second warm-up. Prints one line,
// `ZEPHR_BENCH {json}`: queries, latencies in ms, and the CPU per query in µs of this process and
// of the pool's PostgreSQL backends (read from /proc by their pids, so the database must be local;
// null otherwise). The backends are read before the pool ends: a backend that has exited is gone
// from /proc, and its CPU with it.
// Usage: node bench/support/pg-floor.mjs DATABASE_URL IDS_FILE DURATION CONNECTIONS
import { readFileSync } from 'node:fs';
import pg from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux
/** CPU time of local processes so far, µs; null if one cannot be read (not on this machine). */
function cpuOf(pids) {
  let total = 0;
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
      total += ((Number(f[11]) + Number(f[12])) * 1_000_000) / TICKS_PER_SECOND;
    } catch {
      return null;
    }
  }
  return total;
}

const [url, idsFile, durationText, connectionsText] = process.argv.slice(2);
const ids = readFileSync(idsFile, 'utf8').trim().split('\n');
const pool = new pg.Pool({ connectionString: url, max: 10 });
const statement = { name: 'floor_lookup', text: 'SELECT blob FROM secrets WHERE id = $1' };

async function run(seconds) {
  const latencies = [];
  const until = performance.now() + seconds * 1000;
  let next = 0;
  const client = async () => {
    while (performance.now() < until) {
      const t = performance.now();
      await pool.query({ ...statement, values: [ids[next++ % ids.length]] });
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: Number(connectionsText) }, client));
  return latencies;
}

await run(1);
// Every connection of the pool at once, to learn each backend's pid.
const clients = await Promise.all(Array.from({ length: 10 }, () => pool.connect()));
const backends = await Promise.all(clients.map(async (c) => (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid));
for (const c of clients) c.release();
const pg0 = cpuOf(backends);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const latencies = await run(Number(durationText));
const cpu = process.cpuUsage(cpu0);
const seconds = (performance.now() - t0) / 1000;
const pg1 = cpuOf(backends);
await pool.end();
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
console.log(`ZEPHR_BENCH ${JSON.stringify({
  queries: latencies.length, rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1],
  cpu: (cpu.user + cpu.system) / latencies.length, pgCpu: pg0 === null || pg1 === null ? null : (pg1 - pg0) / latencies.length,
})}`);
