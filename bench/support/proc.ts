// Process figures from /proc, steadier than req/s on a shared machine: CPU time of a process (all
// its threads) or of a process and its children (PostgreSQL's postmaster and backends), and RSS.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function stat(pid: number): string[] | null {
  try {
    // Fields after the parenthesised name: ppid is the 2nd, utime the 12th, stime the 13th.
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  } catch {
    return null; // gone
  }
}

/** CPU time (user + system) of one process so far, in microseconds. */
export function cpuMicros(pid: number): number {
  const f = stat(pid);
  return f === null ? 0 : ((Number(f[11]) + Number(f[12])) * 1_000_000) / TICKS_PER_SECOND;
}

/** CPU time of `pid` and of its live children, per process, in microseconds. */
export function treeCpuMicros(pid: number): Map<number, number> {
  const out = new Map([[pid, cpuMicros(pid)]]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = stat(Number(entry));
    if (f !== null && Number(f[1]) === pid) out.set(Number(entry), ((Number(f[11]) + Number(f[12])) * 1_000_000) / TICKS_PER_SECOND);
  }
  return out;
}

/** CPU spent by a process tree between two treeCpuMicros snapshots (children born since count whole). */
export function treeDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, micros] of after) total += micros - (before.get(pid) ?? 0);
  return total;
}

/** Resident set size, in MB. */
export function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb === undefined ? 0 : Number(kb) / 1024;
}
