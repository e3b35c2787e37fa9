// Checkpoints the WAL from a worker thread with its own connection, so the copy of WAL pages into
// the database file (and its fsync) never runs on the event loop inside a request's commit.
// PASSIVE checkpoints never block writers; SQLite's own auto-checkpoint is turned off on the
// request connection while this runs.
//
// It also helps keep the WAL bounded (group-commit.ts, WalBound): a checkpoint from here cannot
// start the log over while commits keep coming, so once the WAL has outgrown its bound the store
// holds its next commit until `catchUp` has checkpointed every frame. And once writes have
// stopped for `idleMs` it truncates the WAL to nothing, so the frames that carried ciphertext do
// not stay in the file at rest.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface CheckpointerOptions {
  /** Between checkpoints while the WAL grows (so a catch-up has little left to copy), and when it does not. */
  busyIntervalMs?: number;
  idleIntervalMs?: number;
  /** Quiet time after which the WAL is truncated; Infinity: never. */
  idleMs?: number;
}

// Plain CommonJS run by the worker: opens the same file and checkpoints on a timer.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.module);
const { busyIntervalMs, idleIntervalMs, idleMs } = workerData;
const db = new Database(workerData.path);
// No waiting: a PASSIVE checkpoint never waits anyway, and a TRUNCATE that waited for a reader
// (a backup) would hold every writer, the server's event loop among them, for as long.
db.pragma('busy_timeout = 0');
const passive = () => db.pragma('wal_checkpoint(PASSIVE)')[0];
let lastLog = -1;
let quietSince = Date.now();
let truncated = true;
let timer;
const tick = () => {
  let growing = false;
  try {
    const r = passive();
    growing = r.log !== lastLog;
    if (growing) { lastLog = r.log; quietSince = Date.now(); truncated = false; }
    if (!truncated && r.log === r.checkpointed && Date.now() - quietSince >= idleMs) {
      db.pragma('wal_checkpoint(TRUNCATE)');
      truncated = true;
    }
  } catch { /* busy: try again next time */ }
  timer = setTimeout(tick, growing ? busyIntervalMs : idleIntervalMs);
};
timer = setTimeout(tick, idleIntervalMs);
parentPort.on('message', (m) => {
  if (m === 'catch-up') {
    try { passive(); } catch { /* busy: the store goes on, and asks again */ }
    parentPort.postMessage('caught-up');
  } else if (m === 'stop') {
    clearTimeout(timer);
    db.pragma('busy_timeout = 5000'); // the store's own connection is closed by now
    try { db.pragma('wal_checkpoint(TRUNCATE)'); } catch {}
    db.close();
    parentPort.postMessage('stopped');
  }
});
`;

export class Checkpointer {
  private readonly worker: Worker;
  private caughtUp: (() => void)[] = [];
  private stopped: (() => void) | null = null;
  private exited = false;

  /** `onFailure` runs if the worker dies, so the caller can hand checkpoints back to SQLite. */
  constructor(path: string, onFailure: (error: Error) => void, options: CheckpointerOptions) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER, { eval: true, workerData: {
      path, module, busyIntervalMs: options.busyIntervalMs ?? 20, idleIntervalMs: options.idleIntervalMs ?? 250, idleMs: options.idleMs ?? 1000,
    } });
    this.worker.on('message', (m) => {
      if (m === 'caught-up') {
        this.caughtUp.shift()?.();
        if (this.caughtUp.length === 0) this.worker.unref();
      }
      else if (m === 'stopped') this.stopped?.();
    });
    this.worker.on('error', onFailure);
    // A dead worker answers nothing: nobody may wait on it.
    this.worker.on('exit', () => {
      this.exited = true;
      for (const resolve of this.caughtUp.splice(0)) resolve();
      this.stopped?.();
    });
    this.worker.unref();
  }

  /** Checkpoints every frame now; never rejects. */
  catchUp(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => {
      this.caughtUp.push(resolve);
      this.worker.ref(); // the answer must arrive even if nothing else keeps the process alive
      this.worker.postMessage('catch-up');
    });
  }

  /** Runs a last checkpoint and closes the worker's connection. */
  async stop(): Promise<void> {
    if (!this.exited) {
      await new Promise<void>((resolve) => {
        this.stopped = resolve;
        this.worker.ref();
        this.worker.postMessage('stop');
      });
    }
    await this.worker.terminate();
  }
}
