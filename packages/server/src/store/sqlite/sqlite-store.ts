// The embedded default store: one SQLite file in WAL mode via better-sqlite3.
//
// Durability: journal_mode=WAL with synchronous=FULL fsyncs the WAL on every commit, so a 201 or
// a consuming 200 is on disk before the response is sent, surviving kill -9 and power loss.
// (synchronous=NORMAL would survive kill -9 but not power loss; it is available as an option.)
// The requests' group commit syncs the WAL itself, off the event loop (group-commit.ts, WalSync),
// and answers only once that sync is done: the same guarantee without the loop waiting on the disk.
// Checkpoints: the server moves WAL pages into the database file from a worker thread
// (checkpointer.ts), keeping that copy and its fsync off the event loop; measured, this cut create
// p99 from 23–25 to 15–21 ms and the worst stalls by about half, for ~10% of consume throughput.
// The checkpointer also keeps the WAL bounded (walBoundBytes): without that, sustained writes grew
// it by ~45 MB/s (a checkpoint from another connection cannot start the log over), and the first
// commit after the load truncated hundreds of MB on the event loop (130–170 ms stalls).
// Creates and consumes share one group commit (group-commit.ts).
import { closeSync, fdatasync, fstatSync, openSync } from 'node:fs';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import type { Store } from '../store.js';
import { Checkpointer } from './checkpointer.js';
import { GroupCommit, type WalBound, type WalSync } from './group-commit.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { describeOpenError, preparePrivateFiles, StoreOpenError } from './private-files.js';
import { SqliteAudit, SqliteDeviceCodes, SqlitePasskeys, SqliteSessions, SqliteUsers } from './sqlite-accounts.js';
import { SqliteApiKeys, SqliteOutbox, SqliteSettings } from './sqlite-records.js';
import { CountedCreates } from './counted-create.js';
import { SqliteRequests } from './sqlite-requests.js';
import { SqliteSecrets } from './sqlite-secrets.js';
import { SqliteTransfer } from './sqlite-transfer.js';

export interface SqliteOptions {
  /** `full` (default): durable across power loss. `normal`: durable across process crashes only. */
  synchronous?: 'full' | 'normal';
  /**
   * `worker`: checkpoint the WAL from a worker thread (the server's choice: no checkpoint work on
   * the event loop). `auto` (default): SQLite's own auto-checkpoint, for short-lived stores.
   */
  checkpoint?: 'worker' | 'auto';
  /**
   * true (default): freed pages are zeroed and a reset WAL truncated, so consumed ciphertext leaves
   * the files. false exists only so bench/secure-delete.ts can measure what that costs.
   */
  secureDelete?: boolean;
  /** With `checkpoint: 'worker'`: the WAL is started over once it holds this much (default 64 MiB). */
  walBoundBytes?: number;
}

const WAL_BOUND_BYTES = 64 * 1024 * 1024;

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SQLITE_MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this server knows (${SQLITE_MIGRATIONS.length}); upgrade the server`);
  }
  for (let v = current; v < SQLITE_MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(SQLITE_MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

function openDatabase(path: string, options: SqliteOptions): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // Freed content is overwritten with zeros, so a consumed or expired blob does not linger in
    // free pages of the file; with no WAL size limit kept, a reset WAL is truncated, and the
    // frames that carried a blob do not outlive their checkpoint.
    if (options.secureDelete !== false) {
      db.pragma('secure_delete = ON');
      db.pragma('journal_size_limit = 0');
    }
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    // A newer schema explains itself; anything else from SQLite becomes one clear line.
    if (error instanceof Error && /newer than this server knows/.test(error.message)) throw error;
    throw error instanceof StoreOpenError ? error : describeOpenError(path, error);
  }
}

export class SqliteStore implements Store {
  readonly engine = 'sqlite';
  readonly secrets: SqliteSecrets;
  readonly requests: SqliteRequests;
  readonly outbox: SqliteOutbox;
  readonly apiKeys: SqliteApiKeys;
  readonly settings: SqliteSettings;
  readonly transfer: SqliteTransfer;
  readonly users: SqliteUsers;
  readonly passkeys: SqlitePasskeys;
  readonly sessions: SqliteSessions;
  readonly deviceCodes: SqliteDeviceCodes;
  readonly audit: SqliteAudit;
  private readonly db: Database.Database;
  private readonly commits: GroupCommit;
  private readonly checkpointer: Checkpointer | null = null;
  private readonly ping1;
  private readonly walFd: number | null = null;
  private closed = false;

  constructor(path: string, options: SqliteOptions = {}) {
    if (path !== ':memory:') preparePrivateFiles(path);
    this.db = openDatabase(path, options);
    const walBoundBytes = options.walBoundBytes ?? WAL_BOUND_BYTES;
    if (options.checkpoint === 'worker' && path !== ':memory:') {
      this.db.pragma('wal_autocheckpoint = 0');
      // A restart of the log truncates the file back to the bound, not to nothing: cutting hundreds
      // of MB is slow, and a file of stable size syncs without metadata. So the file outgrows the
      // bound only when the log does (walBound below). The checkpointer truncates it to nothing
      // once writes stop (secure deletion at rest).
      this.db.pragma(`journal_size_limit = ${walBoundBytes}`);
      // Should the worker die, SQLite's own auto-checkpoint takes over again.
      this.checkpointer = new Checkpointer(path, () => { if (!this.closed) this.db.pragma('wal_autocheckpoint = 1000'); }, {
        idleMs: options.secureDelete === false ? Number.POSITIVE_INFINITY : 1000,
      });
    }
    // The WAL file exists while this connection is open (SQLite removes it only when the last
    // connection closes), so one descriptor opened now syncs it (and sizes it) for the store's life.
    if (path !== ':memory:' && this.db.pragma('journal_mode', { simple: true }) === 'wal') {
      this.db.prepare('SELECT count(*) FROM sqlite_master').get(); // a read opens (creates) the -wal file
      this.walFd = openSync(`${path}-wal`, 'r+');
    }
    // synchronous=normal: no sync of our own, but the WAL is bounded all the same.
    const sync = this.walFd !== null && options.synchronous !== 'normal' ? walSync(this.walFd) : null;
    const bound = this.walFd !== null && this.checkpointer !== null ? walBound(this.walFd, walBoundBytes, this.checkpointer) : null;
    this.commits = new GroupCommit(this.db, sync, bound);
    const counted = new CountedCreates(this.db);
    this.secrets = new SqliteSecrets(this.db, this.commits, counted);
    this.requests = new SqliteRequests(this.db, this.commits, counted);
    this.outbox = new SqliteOutbox(this.db, this.commits);
    this.apiKeys = new SqliteApiKeys(this.db, this.commits);
    this.settings = new SqliteSettings(this.db);
    this.transfer = new SqliteTransfer(this.db);
    this.users = new SqliteUsers(this.db, this.commits);
    this.passkeys = new SqlitePasskeys(this.db, this.commits);
    this.sessions = new SqliteSessions(this.db, this.commits);
    this.deviceCodes = new SqliteDeviceCodes(this.db, this.commits);
    this.audit = new SqliteAudit(this.db);
    this.ping1 = this.db.prepare('SELECT 1');
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('store is closed');
    this.ping1.get();
  }

  /**
   * Copies the database into `file` with SQLite's online backup API: a consistent snapshot,
   * taken page by page while the server keeps serving. `file` must exist and be empty (the
   * caller creates it with the permissions it wants).
   */
  async backup(file: string): Promise<void> {
    if (this.closed) throw new Error('store is closed');
    await this.db.backup(file);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.commits.drain(); // commit and sync what is queued before closing
    this.db.close();
    if (this.walFd !== null) closeSync(this.walFd);
    await this.checkpointer?.stop();
  }
}

/**
 * The WAL's file size says when the log outgrew the bound: a restart truncates the file back to
 * it (or to what the first batch after the restart wrote, if that is more). Should a catch-up fail
 * to restart the log (a reader still on old frames, e.g. a backup), the next one waits for another
 * bound's worth of growth.
 */
function walBound(fd: number, bytes: number, checkpointer: Checkpointer): WalBound {
  let threshold = bytes;
  let last = 0;
  return {
    oversized() {
      const size = fstatSync(fd).size;
      if (size <= bytes || size < last) threshold = bytes; // within the bound, or the log started over
      last = size;
      if (size <= threshold) return false;
      threshold = size + bytes;
      return true;
    },
    catchUp: () => checkpointer.catchUp(),
  };
}

/** fdatasync of the WAL on libuv's thread pool. */
function walSync(fd: number): WalSync {
  const datasync = promisify(fdatasync);
  return { sync: () => datasync(fd) };
}
