// Checkpoints the WAL from a worker thread with its own connection, so the copy of WAL pages into
// the database file (and its fsync) never runs on the event loop inside a request's commit.
// PASSIVE checkpoints never block writers; SQLite's own auto-checkpoint is turned off on the
// request connection while this runs.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Plain CommonJS run by the worker: opens the same file and checkpoints on a timer.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const tick = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: try again next time */ }
};
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'stop') {
    clearInterval(timer);
    try { db.pragma('wal_checkpoint(TRUNCATE)'); } catch {}
    db.close();
    parentPort.postMessage('stopped');
  }
});
`;

export class Checkpointer {
  private readonly worker: Worker;

  /** `onFailure` runs if the worker dies, so the caller can hand checkpoints back to SQLite. */
  constructor(path: string, onFailure: (error: Error) => void, intervalMs = 1000) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER, { eval: true, workerData: { path, module, intervalMs } });
    this.worker.on('error', onFailure);
    this.worker.unref();
  }

  /** Runs a last checkpoint and closes the worker's connection. */
  async stop(): Promise<void> {
    const done = new Promise<void>((resolve) => {
      this.worker.once('message', () => resolve());
      this.worker.once('exit', () => resolve());
    });
    this.worker.postMessage('stop');
    await done;
    await this.worker.terminate();
  }
}
