// Group commit for SQLite: writes queued while the previous batch is being made durable run in a
// single transaction and are answered only after that transaction is durable: one commit and one
// sync for the batch instead of one per request. One failing write must roll back only itself. A
// savepoint per write costs two statements each, so a batch first runs its writes bare; should
// one throw, the whole batch rolls back and runs again with each write in its own savepoint.
// Writes are functions of the database alone (no side effects outside it), so running one twice
// is safe.
//
// With a `WalSync` (the server's file store), the sync runs off the event loop: the batch commits
// under synchronous=NORMAL (its WAL frames written, not yet synced), then the WAL file is
// fdatasync'd on libuv's thread pool while the loop goes on reading requests; only then are the
// batch's writes answered, and the writes that queued meanwhile commit as the next batch. What
// reaches a client is therefore as durable as under synchronous=FULL, which the connection keeps
// for everything else. NORMAL, not OFF, so SQLite still syncs the WAL header after a restart of
// the log (OFF would skip it). Waiting for the sync before the next commit costs a write no time
// (it could not be answered before that sync and the next anyway) and makes batches several
// times larger: fewer commits, fewer WAL frames, less CPU per write.
//
// With a `WalBound` (the checkpointer), the WAL stays bounded under sustained writes. A
// checkpoint from another connection copies frames but cannot start the log over: SQLite restarts
// the WAL only when a write transaction begins while every frame has been copied, which never
// happens while commits follow each other. When a commit leaves the WAL oversized, the next
// commit waits (the event loop does not) until the checkpointer has copied everything; that
// commit then starts the log over.
import type Database from 'better-sqlite3';

interface QueuedWrite {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Syncs the WAL file off the event loop. */
export interface WalSync {
  sync(): Promise<void>;
}

/** Keeps the WAL bounded (sqlite-store.ts, checkpointer.ts). */
export interface WalBound {
  /** Asked after each commit: whether the WAL has outgrown its bound. */
  oversized(): boolean;
  /** Checkpoints every frame, with no commit in between; never rejects. */
  catchUp(): Promise<void>;
}

const MAX_BATCH = 512;

export class GroupCommit {
  private queue: QueuedWrite[] = [];
  private flushScheduled = false;
  private closing = false;
  private readonly batchTx;
  private readonly isolatedBatchTx;
  /** The sync of the last committed batch, and a checkpoint the next commit waits for. */
  private syncing: Promise<void> | null = null;
  private catchingUp: Promise<void> | null = null;
  private idle: (() => void) | null = null;

  constructor(private readonly db: Database.Database, private readonly walSync: WalSync | null = null, private readonly walBound: WalBound | null = null) {
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
    if (this.closing) return Promise.reject(new Error('store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Commits and syncs everything still queued, then refuses new writes. */
  async drain(): Promise<void> {
    this.closing = true;
    if (this.busy()) await new Promise<void>((resolve) => { this.idle = resolve; });
  }

  private busy(): boolean {
    return this.queue.length > 0 || this.syncing !== null || this.catchingUp !== null;
  }

  // setImmediate lets every request already read from the sockets join the batch.
  private schedule(): void {
    if (this.flushScheduled) return;
    if (this.queue.length === 0 || this.syncing !== null || this.catchingUp !== null) {
      if (this.idle !== null && !this.busy()) this.idle();
      return;
    }
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.syncing !== null || this.catchingUp !== null) return; // the one in flight schedules the next
    const batch = this.queue.splice(0, MAX_BATCH);
    if (batch.length === 0) return this.schedule();
    let results: Outcome[];
    try {
      // Not prepared statements: SQLite applies this pragma when it compiles it, not when it runs.
      if (this.walSync !== null) this.db.exec('PRAGMA synchronous = NORMAL');
      try {
        results = this.commit(batch);
      } finally {
        if (this.walSync !== null) this.db.exec('PRAGMA synchronous = FULL');
      }
    } catch (error) {
      for (const op of batch) op.reject(error);
      return this.schedule();
    }
    if (this.walSync === null) {
      settle(batch, results);
    } else {
      this.syncing = this.walSync.sync().then(
        () => settle(batch, results),
        (error: unknown) => { for (const op of batch) op.reject(error); },
      ).finally(() => {
        this.syncing = null;
        this.schedule();
      });
    }
    if (this.oversized()) {
      this.catchingUp = this.walBound!.catchUp().finally(() => {
        this.catchingUp = null;
        this.schedule();
      });
    }
    this.schedule();
  }

  /** Whether the bound asks for a catch-up; a failure to tell (never seen) is a no. */
  private oversized(): boolean {
    try {
      return this.walBound?.oversized() === true;
    } catch {
      return false;
    }
  }
}

/** A write threw inside the bare batch (which then rolled back). */
class WriteFailed extends Error {
  constructor(cause: unknown) {
    super('a write in the batch failed', { cause });
  }
}

function settle(batch: QueuedWrite[], results: Outcome[]): void {
  for (let i = 0; i < batch.length; i++) {
    const outcome = results[i]!;
    if (outcome.ok) batch[i]!.resolve(outcome.value);
    else batch[i]!.reject(outcome.error);
  }
}
