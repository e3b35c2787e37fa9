// Group commit for SQLite: writes queued in one event-loop turn run in a single transaction, each
// inside its own savepoint (one failing rolls back only itself), and are answered only after that
// transaction commits: one fsync for the batch instead of one per request.
import type Database from 'better-sqlite3';

interface QueuedWrite {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 256;

export class GroupCommit {
  private queue: QueuedWrite[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly batchTx;

  constructor(db: Database.Database) {
    this.batchTx = db.transaction((batch: QueuedWrite[]) => batch.map((op) => {
      try {
        return { ok: true as const, value: op.run() };
      } catch (error) {
        return { ok: false as const, error };
      }
    }));
  }

  /** Queues a write for the next group commit; resolves after its transaction is durable. */
  enqueue<T>(run: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // setImmediate lets every request already read from the sockets join this batch.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything still queued, then refuses new writes. */
  drain(): void {
    while (this.queue.length > 0) this.flush();
    this.closed = true;
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue.splice(0, MAX_BATCH);
    if (this.queue.length > 0) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    if (batch.length === 0) return;
    let results;
    try {
      if (this.closed) throw new Error('store is closed');
      // Nested transactions are savepoints: each write commits or rolls back on its own.
      results = this.batchTx.immediate(batch);
    } catch (error) {
      for (const op of batch) op.reject(error);
      return;
    }
    batch.forEach((op, i) => {
      const r = results[i]!;
      if (r.ok) op.resolve(r.value);
      else op.reject(r.error);
    });
  }
}
