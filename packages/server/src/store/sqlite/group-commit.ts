// Group commit for SQLite: writes queued in one event-loop turn run in a single transaction and
// are answered only after that transaction is durable: one sync for the batch instead of one per
// request. One failing write must roll back only itself. A savepoint per write costs two
// statements each, so a batch first runs its writes bare; should one throw, the whole batch rolls
// back and runs again with each write in its own savepoint. Writes are functions of the database
// alone (no side effects outside it), so running one twice is safe.
//
// With a `WalSync` (the server's file store), the sync runs off the event loop: the batch commits
// under synchronous=NORMAL (its WAL frames written, not yet synced), then the WAL file is
// fdatasync'd on libuv's thread pool while the loop goes on reading requests and committing the
// next batch; only then are the batch's writes answered. What reaches a client is therefore as
// durable as under synchronous=FULL, which the connection keeps for everything else. NORMAL, not
// OFF, so SQLite still syncs the WAL header after a restart of the log (OFF would skip it).
import type Database from 'better-sqlite3';

interface QueuedWrite {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Syncs the WAL file: `sync` off the event loop, `syncNow` on it (for the last batch at close). */
export interface WalSync {
  sync(): Promise<void>;
  syncNow(): void;
}

const MAX_BATCH = 256;

export class GroupCommit {
  private queue: QueuedWrite[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly batchTx;
  private readonly isolatedBatchTx;
  /** Committed writes waiting for the next sync to finish; and the sync running now, if any. */
  private unsynced: { op: QueuedWrite; outcome: Outcome }[] = [];
  private syncing: Promise<void> | null = null;

  constructor(private readonly db: Database.Database, private readonly walSync: WalSync | null = null) {
    this.batchTx = db.transaction((batch: QueuedWrite[]): Outcome[] => {
      const results = new Array<Outcome>(batch.length);
      for (let i = 0; i < batch.length; i++) {
        try {
          results[i] = { ok: true, value: batch[i]!.run() };
        } catch (error) {
          throw new WriteFailed(error);
        }
      }
      return results;
    });
    // Nested transactions are savepoints: each write commits or rolls back on its own.
    const isolated = db.transaction((op: QueuedWrite) => op.run());
    this.isolatedBatchTx = db.transaction((batch: QueuedWrite[]) => batch.map((op): Outcome => {
      try {
        return { ok: true, value: isolated(op) };
      } catch (error) {
        return { ok: false, error };
      }
    }));
  }

  /** The batch in one transaction: bare if every write succeeds, else again with a savepoint each. */
  private commit(batch: QueuedWrite[]): Outcome[] {
    try {
      return this.batchTx.immediate(batch);
    } catch (error) {
      // Only a write's own failure is worth a second pass; BEGIN or COMMIT failing fails them all.
      if (!(error instanceof WriteFailed)) throw error;
      return this.isolatedBatchTx.immediate(batch);
    }
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

  /** Commits and syncs everything still queued, then refuses new writes. */
  async drain(): Promise<void> {
    while (this.queue.length > 0) this.flush();
    this.closed = true;
    await this.syncing; // never rejects: a failed sync rejects its batch's writes instead
    if (this.unsynced.length === 0) return;
    const batch = this.unsynced.splice(0);
    try {
      this.walSync!.syncNow();
    } catch (error) {
      for (const { op } of batch) op.reject(error);
      return;
    }
    settle(batch);
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue.splice(0, MAX_BATCH);
    if (this.queue.length > 0) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    if (batch.length === 0) return;
    let results: Outcome[];
    try {
      if (this.closed) throw new Error('store is closed');
      // Not prepared statements: SQLite applies this pragma when it compiles it, not when it runs.
      if (this.walSync !== null) this.db.pragma('synchronous = NORMAL');
      try {
        results = this.commit(batch);
      } finally {
        if (this.walSync !== null) this.db.pragma('synchronous = FULL');
      }
    } catch (error) {
      for (const op of batch) op.reject(error);
      return;
    }
    if (this.walSync === null) {
      settle(batch.map((op, i) => ({ op, outcome: results[i]! })));
      return;
    }
    for (let i = 0; i < batch.length; i++) this.unsynced.push({ op: batch[i]!, outcome: results[i]! });
    this.startSync();
  }

  /** One sync at a time: a batch committed while one runs waits for the next, which covers it. */
  private startSync(): void {
    if (this.syncing !== null || this.unsynced.length === 0) return;
    const batch = this.unsynced.splice(0);
    this.syncing = this.walSync!.sync().then(
      () => settle(batch),
      (error: unknown) => { for (const { op } of batch) op.reject(error); },
    ).finally(() => {
      this.syncing = null;
      if (!this.closed) this.startSync();
    });
  }
}

/** A write threw inside the bare batch (which then rolled back). */
class WriteFailed extends Error {
  constructor(cause: unknown) {
    super('a write in the batch failed', { cause });
  }
}

function settle(batch: { op: QueuedWrite; outcome: Outcome }[]): void {
  for (const { op, outcome } of batch) {
    if (outcome.ok) op.resolve(outcome.value);
    else op.reject(outcome.error);
  }
}
