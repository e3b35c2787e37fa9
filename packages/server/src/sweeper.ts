// Runs the sweep in small batches with a pause between them, so request handling never stalls
// behind a large purge. Purging is housekeeping: an expired secret is never served whether or
// not it has been swept, so the sweeper trades speed for smooth latency (about 10,000 rows/s).
import { setTimeout as pause } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { SecretService } from './domain/secret-service.js';

export interface Sweeper {
  /** Sweeps until nothing is left to do; resolves with the totals. */
  runOnce(): Promise<{ expired: number; released: number; purged: number; housekeeping: number }>;
  stop(): Promise<void>;
}

export interface SweeperOptions {
  intervalMs: number;
  batchSize?: number;
  pauseMs?: number;
  log: FastifyBaseLogger;
  /** Other housekeeping run once per sweep (ended sessions, expired challenges); returns rows deleted. */
  housekeeping?: () => Promise<number>;
}

export function startSweeper(service: SecretService, options: SweeperOptions): Sweeper {
  const batchSize = options.batchSize ?? 100;
  const pauseMs = options.pauseMs ?? 5;
  let current: Promise<unknown> | null = null;
  let stopped = false;

  async function sweepAll() {
    const total = { expired: 0, released: 0, purged: 0, housekeeping: 0 };
    for (;;) {
      const r = await service.sweepBatch(batchSize);
      total.expired += r.expired;
      total.released += r.released;
      total.purged += r.purged;
      total.housekeeping += r.housekeeping;
      const full = r.expired === batchSize || r.released === batchSize || r.purged >= batchSize || r.housekeeping >= batchSize;
      if (!full || stopped) break;
      await pause(pauseMs);
    }
    if (options.housekeeping !== undefined) total.housekeeping += await options.housekeeping();
    if (total.expired + total.released + total.purged > 0) options.log.info({ sweep: total }, 'sweep finished');
    return total;
  }

  function runOnce() {
    const run = (current ?? Promise.resolve()).then(sweepAll, sweepAll);
    current = run.catch((error: unknown) => options.log.error({ err: { message: (error as Error).message } }, 'sweep failed'));
    return run;
  }

  const timer = setInterval(() => { if (!stopped) void runOnce().catch(() => undefined); }, options.intervalMs);
  timer.unref();
  void runOnce().catch(() => undefined);

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}
