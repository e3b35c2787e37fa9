// Requests on SQLite: the writes go through the group commit, like secrets (one durable step
// each); better-sqlite3 runs each write alone, so a fulfil reads and changes the row with no
// other write in between, in this process or (BEGIN IMMEDIATE) in another.
import type Database from 'better-sqlite3';
import { REQUEST_COLUMNS, REQUEST_RECORD_COLUMNS, type RequestRow, requestRecord, requestValues } from '../request-rows.js';
import type { FulfilResult, NewRequest, RequestRecord, RequestStore } from '../request-store.js';
import { SECRET_COLUMNS, secretValues } from '../rows.js';
import type { CreateRequest, CreateResult, NewSecret, StoredResponse } from '../secret-store.js';
import type { CountedCreates } from './counted-create.js';
import type { GroupCommit } from './group-commit.js';
import { marks } from './sqlite-records.js';

export class SqliteRequests implements RequestStore {
  private readonly s;

  constructor(db: Database.Database, private readonly commits: GroupCommit, private readonly counted: CountedCreates) {
    this.s = {
      insert: db.prepare(`INSERT INTO requests (${REQUEST_COLUMNS}) VALUES (${marks(REQUEST_COLUMNS)})`),
      find: db.prepare<[string, number], RequestRow>(`SELECT ${REQUEST_RECORD_COLUMNS} FROM requests WHERE id = ? AND purge_at > ?`),
      // The fulfil's one read: the record and its callback.
      findWithCallback: db.prepare<[string, number], RequestRow & { callback_url: string | null; callback_secret: string | null }>(
        `SELECT ${REQUEST_RECORD_COLUMNS}, callback_url, callback_secret FROM requests WHERE id = ? AND purge_at > ?`),
      insertSecret: db.prepare(`INSERT INTO secrets (${SECRET_COLUMNS}) VALUES (${marks(SECRET_COLUMNS)})`),
      markFulfilled: db.prepare('UPDATE requests SET fulfilled_at = ?, secret_id = ?, callback_url = NULL, callback_secret = NULL WHERE id = ?'),
      insertEvent: db.prepare(`INSERT INTO webhook_events (event_id, event, secret_id, occurred_at, hint, url, sealed_secret, next_attempt_at)
        VALUES (?, 'request.fulfilled', ?, ?, ?, ?, ?, ?)`),
      cancelOpen: db.prepare('UPDATE requests SET cancelled_at = ? WHERE id = ? AND fulfilled_at IS NULL AND cancelled_at IS NULL'),
      markCancelled: db.prepare('UPDATE requests SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL'),
      purge: db.prepare('DELETE FROM requests WHERE id IN (SELECT id FROM requests WHERE purge_at <= ? AND owner_key_id IS NULL LIMIT ?)'),
      purgeOwned: db.prepare(`DELETE FROM requests WHERE id IN (SELECT id FROM requests WHERE owner_key_id IS NOT NULL AND purge_at <= ?
        AND coalesce(fulfilled_at, cancelled_at, expires_at) <= ? LIMIT ?)`),
    };
  }

  async createRequest(request: NewRequest, quota: CreateRequest['quota'], idempotency: CreateRequest['idempotency'], response: StoredResponse, now: number): Promise<CreateResult> {
    return this.commits.enqueue(() => this.counted.write({ quota, idempotency, response, now }, () => this.s.insert.run(...requestValues(request))));
  }

  async findRequest(id: string, now: number): Promise<RequestRecord | null> {
    const row = this.s.find.get(id, now);
    return row === undefined ? null : requestRecord(row);
  }

  async fulfil(id: string, now: number, secret: NewSecret, eventId: string): Promise<FulfilResult> {
    return this.commits.enqueue((): FulfilResult => {
      const row = this.s.findWithCallback.get(id, now);
      if (row === undefined) return { kind: 'not_found' };
      if (row.cancelled_at !== null) return { kind: 'cancelled' };
      if (row.fulfilled_at !== null) return { kind: 'already_fulfilled' };
      if (now >= Number(row.expires_at)) return { kind: 'expired' };
      this.s.insertSecret.run(...secretValues(secret, Number));
      this.s.markFulfilled.run(now, secret.id, id);
      const hooked = row.callback_url !== null && row.callback_secret !== null;
      if (hooked) this.s.insertEvent.run(eventId, id, now, row.hint, row.callback_url, row.callback_secret, now);
      return { kind: 'fulfilled', webhookQueued: hooked };
    });
  }

  async cancelOpen(id: string, now: number): Promise<boolean> {
    return this.commits.enqueue(() => this.s.cancelOpen.run(now, id).changes === 1);
  }

  async markCancelled(id: string, now: number): Promise<void> {
    await this.commits.enqueue(() => this.s.markCancelled.run(now, id));
  }

  async sweepRequests(now: number, batchSize: number, retentionMs: number): Promise<number> {
    return this.commits.enqueue(() => this.s.purge.run(now, batchSize).changes + this.s.purgeOwned.run(now, now - retentionMs, batchSize).changes);
  }
}
