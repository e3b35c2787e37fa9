// Requests on PostgreSQL. A registration counts the quota as a create does (zephr_take_quota,
// committed on its own; given back if the insert fails). A fulfil is one short transaction that
// locks the request row (FOR UPDATE), so of concurrent fulfils across instances exactly one finds
// it open; the others wait for its commit and find it fulfilled.
import { REQUEST_COLUMNS, REQUEST_RECORD_COLUMNS, type RequestRow, requestRecord, requestValues } from '../request-rows.js';
import type { FulfilResult, NewRequest, RequestRecord, RequestStore } from '../request-store.js';
import { SECRET_COLUMNS, secretValues } from '../rows.js';
import type { CreateRequest, NewSecret } from '../secret-store.js';
import { placeholders, type Pool, prepared } from './pool.js';

const TAKE_QUOTA = prepared('request_take_quota', 'SELECT zephr_take_quota(NULL, NULL, $1, $2, $3, $4, $5) AS taken');
const RETURN_QUOTA = prepared('request_return_quota', 'SELECT zephr_return_quota($1, $2)');
const INSERT = prepared('request_insert', `INSERT INTO requests (${REQUEST_COLUMNS}) VALUES (${placeholders(REQUEST_COLUMNS)})`);
const FIND = prepared('request_find', `SELECT ${REQUEST_RECORD_COLUMNS} FROM requests WHERE id = $1 AND purge_at > $2`);

export class PostgresRequests implements RequestStore {
  constructor(private readonly pool: Pool) {}

  async createRequest(request: NewRequest, quota: CreateRequest['quota']): Promise<{ kind: 'created' } | { kind: 'quota_exceeded' }> {
    const taken = (await this.pool.query<{ taken: boolean }>(TAKE_QUOTA, [request.createdAt, quota.subject, quota.period, quota.limit, quota.periodEndsAt])).rows[0]!.taken;
    if (!taken) return { kind: 'quota_exceeded' };
    try {
      await this.pool.query(INSERT, requestValues(request));
    } catch (error) {
      // Best effort, as for a create: should it fail, the caller has one create fewer this period.
      await this.pool.query(RETURN_QUOTA, [quota.subject, quota.period]).catch(() => undefined);
      throw error;
    }
    return { kind: 'created' };
  }

  async findRequest(id: string, now: number): Promise<RequestRecord | null> {
    const row = (await this.pool.query<RequestRow>(FIND, [id, now])).rows[0];
    return row === undefined ? null : requestRecord(row);
  }

  async fulfil(id: string, now: number, secret: NewSecret, eventId: string): Promise<FulfilResult> {
    return this.pool.tx(async (c): Promise<FulfilResult> => {
      const row = (await c.query<{ fulfilled_at: string | null; cancelled_at: string | null; expires_at: string; hint: string | null; callback_url: string | null; callback_secret: string | null }>(
        'SELECT fulfilled_at, cancelled_at, expires_at, hint, callback_url, callback_secret FROM requests WHERE id = $1 AND purge_at > $2 FOR UPDATE', [id, now])).rows[0];
      if (row === undefined) return { kind: 'not_found' };
      if (row.cancelled_at !== null) return { kind: 'cancelled' };
      if (row.fulfilled_at !== null) return { kind: 'already_fulfilled' };
      if (now >= Number(row.expires_at)) return { kind: 'expired' };
      await c.query(`INSERT INTO secrets (${SECRET_COLUMNS}) VALUES (${placeholders(SECRET_COLUMNS)})`, secretValues(secret, (b) => b));
      await c.query('UPDATE requests SET fulfilled_at = $1, secret_id = $2, callback_url = NULL, callback_secret = NULL WHERE id = $3', [now, secret.id, id]);
      const hooked = row.callback_url !== null && row.callback_secret !== null;
      if (hooked) {
        await c.query(`INSERT INTO webhook_events (event_id, event, secret_id, occurred_at, hint, url, sealed_secret, next_attempt_at)
          VALUES ($1, 'request.fulfilled', $2, $3, $4, $5, $6, $3)`, [eventId, id, now, row.hint, row.callback_url, row.callback_secret]);
      }
      return { kind: 'fulfilled', webhookQueued: hooked };
    });
  }

  async cancelOpen(id: string, now: number): Promise<boolean> {
    return (await this.pool.query('UPDATE requests SET cancelled_at = $1 WHERE id = $2 AND fulfilled_at IS NULL AND cancelled_at IS NULL', [now, id])).rowCount === 1;
  }

  async markCancelled(id: string, now: number): Promise<void> {
    await this.pool.query('UPDATE requests SET cancelled_at = $1 WHERE id = $2 AND cancelled_at IS NULL', [now, id]);
  }

  async sweepRequests(now: number, batchSize: number, retentionMs: number): Promise<number> {
    const unowned = await this.pool.query('DELETE FROM requests WHERE id IN (SELECT id FROM requests WHERE purge_at <= $1 AND owner_key_id IS NULL LIMIT $2 FOR UPDATE SKIP LOCKED)', [now, batchSize]);
    const owned = await this.pool.query(`DELETE FROM requests WHERE id IN (SELECT id FROM requests WHERE owner_key_id IS NOT NULL AND purge_at <= $1
      AND coalesce(fulfilled_at, cancelled_at, expires_at) <= $2 LIMIT $3 FOR UPDATE SKIP LOCKED)`, [now, now - retentionMs, batchSize]);
    return (unowned.rowCount ?? 0) + (owned.rowCount ?? 0);
  }
}
