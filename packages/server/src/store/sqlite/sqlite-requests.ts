// Requests on SQLite: the writes go through the group commit, like secrets (one durable step
// each); better-sqlite3 runs each write alone, so a fulfil reads and changes the row with no
// other write in between, in this process or (BEGIN IMMEDIATE) in another.
import type Database from 'better-sqlite3';
import { REQUEST_COLUMNS, REQUEST_RECORD_COLUMNS, type RequestRow, requestRecord, requestValues } from '../request-rows.js';
import type { FulfilResult, NewRequest, RequestRecord, RequestStore } from '../request-store.js';
import { SECRET_COLUMNS, secretValues } from '../rows.js';
import type { CreateRequest, CreateResult, NewSecret, StoredResponse } from '../secret-store.js';
import type { GroupCommit } from './group-commit.js';
import { marks } from './sqlite-records.js';

export class SqliteRequests implements RequestStore {
  private readonly s;

  constructor(db: Database.Database, private readonly commits: GroupCommit) {
    this.s = {
      usage: db.prepare<[string, string], { count: number }>('SELECT count FROM quota_usage WHERE subject = ? AND period = ?'),
      findIdem: db.prepare<[string, string, number], { response: string }>('SELECT response FROM idempotency WHERE scope = ? AND key = ? AND expires_at > ?'),
      upsertIdem: db.prepare('INSERT INTO idempotency (scope, key, response, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (scope, key) DO UPDATE SET response = excluded.response, expires_at = excluded.expires_at'),
      bumpUsage: db.prepare('INSERT INTO quota_usage (subject, period, count, expires_at) VALUES (?, ?, 1, ?) ON CONFLICT (subject, period) DO UPDATE SET count = count + 1'),
      insert: db.prepare(`INSERT INTO requests (${REQUEST_COLUMNS}) VALUES (${marks(REQUEST_COLUMNS)})`),
      find: db.prepare<[string, number], RequestRow>(`SELECT ${REQUEST_RECORD_COLUMNS} FROM requests WHERE id = ? AND purge_at > ?`),
      callback: db.prepare<[string], { hint: string | null; callback_url: string | null; callback_secret: string | null }>('SELECT hint, callback_url, callback_secret FROM requests WHERE id = ?'),
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
    return this.commits.enqueue((): CreateResult => {
      if (idempotency !== null) {
        const hit = this.s.findIdem.get(idempotency.scope, idempotency.key, now);
        if (hit !== undefined) return { kind: 'replayed', response: JSON.parse(hit.response) as StoredResponse };
      }
      const used = this.s.usage.get(quota.subject, quota.period)?.count ?? 0;
      if (used >= quota.limit) return { kind: 'quota_exceeded' };
      this.s.insert.run(...requestValues(request));
      this.s.bumpUsage.run(quota.subject, quota.period, quota.periodEndsAt);
      if (idempotency !== null) this.s.upsertIdem.run(idempotency.scope, idempotency.key, JSON.stringify(response), idempotency.expiresAt);
      return { kind: 'created' };
    });
  }

  async findRequest(id: string, now: number): Promise<RequestRecord | null> {
    const row = this.s.find.get(id, now);
    return row === undefined ? null : requestRecord(row);
  }

  async fulfil(id: string, now: number, secret: NewSecret, eventId: string): Promise<FulfilResult> {
    return this.commits.enqueue((): FulfilResult => {
      const row = this.s.find.get(id, now);
      if (row === undefined) return { kind: 'not_found' };
      if (row.cancelled_at !== null) return { kind: 'cancelled' };
      if (row.fulfilled_at !== null) return { kind: 'already_fulfilled' };
      if (now >= Number(row.expires_at)) return { kind: 'expired' };
      const hook = this.s.callback.get(id)!;
      this.s.insertSecret.run(...secretValues(secret, Number));
      this.s.markFulfilled.run(now, secret.id, id);
      const hooked = hook.callback_url !== null && hook.callback_secret !== null;
      if (hooked) this.s.insertEvent.run(eventId, id, now, hook.hint, hook.callback_url, hook.callback_secret, now);
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
