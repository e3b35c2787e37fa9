// Requests on PostgreSQL. A registration counts the quota as a create does (zephr_take_quota,
// committed on its own; given back if the insert fails or a concurrent duplicate won), and claims
// its Idempotency-Key in the insert's transaction, so one key registers one request. A fulfil is one short transaction that
// locks the request row (FOR UPDATE), so of concurrent fulfils across instances exactly one finds
// it open; the others wait for its commit and find it fulfilled.
import { REQUEST_COLUMNS, REQUEST_RECORD_COLUMNS, type RequestRow, requestRecord, requestValues } from '../request-rows.js';
import type { FulfilResult, NewRequest, RequestRecord, RequestStore } from '../request-store.js';
import { SECRET_COLUMNS, secretValues } from '../rows.js';
import type { CreateRequest, CreateResult, NewSecret, StoredResponse } from '../secret-store.js';
import { placeholders, type Pool, prepared } from './pool.js';

const TAKE_QUOTA = prepared('request_take_quota', 'SELECT zephr_take_quota($1, $2, $3, $4, $5, $6, $7) AS taken');
const RETURN_QUOTA = prepared('request_return_quota', 'SELECT zephr_return_quota($1, $2)');
const INSERT = prepared('request_insert', `INSERT INTO requests (${REQUEST_COLUMNS}) VALUES (${placeholders(REQUEST_COLUMNS)})`);
const FIND_IDEM = prepared('request_find_idem', 'SELECT response FROM idempotency WHERE scope = $1 AND key = $2 AND expires_at > $3');
const CLAIM_IDEM = `INSERT INTO idempotency AS i (scope, key, response, expires_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (scope, key) DO UPDATE SET response = excluded.response, expires_at = excluded.expires_at WHERE i.expires_at <= $5`;
const FIND = prepared('request_find', `SELECT ${REQUEST_RECORD_COLUMNS} FROM requests WHERE id = $1 AND purge_at > $2`);

export class PostgresRequests implements RequestStore {
  constructor(private readonly pool: Pool) {}

  async createRequest(request: NewRequest, quota: CreateRequest['quota'], idempotency: CreateRequest['idempotency'], response: StoredResponse, now: number): Promise<CreateResult> {
    const replay = async (): Promise<CreateResult | null> => {
      if (idempotency === null) return null;
      const hit = (await this.pool.query<{ response: string }>(FIND_IDEM, [idempotency.scope, idempotency.key, now])).rows[0];
      return hit === undefined ? null : { kind: 'replayed', response: JSON.parse(hit.response) as StoredResponse };
    };
    const early = await replay();
    if (early !== null) return early;
    const taken = (await this.pool.query<{ taken: boolean }>(TAKE_QUOTA, [idempotency?.scope ?? null, idempotency?.key ?? null, now, quota.subject, quota.period, quota.limit, quota.periodEndsAt])).rows[0]!.taken;
    if (!taken) return (await replay()) ?? { kind: 'quota_exceeded' };
    // Best effort, as for a create: should it fail, the caller has one create fewer this period.
    const giveBack = () => this.pool.query(RETURN_QUOTA, [quota.subject, quota.period]).catch(() => undefined);
    let claimed: boolean;
    try {
      claimed = await this.pool.tx(async (c) => {
        if (idempotency !== null) {
          // Only a missing or expired claim is replaced; a concurrent duplicate waits for this commit, then replays.
          const won = await c.query(CLAIM_IDEM, [idempotency.scope, idempotency.key, JSON.stringify(response), idempotency.expiresAt, now]);
          if (won.rowCount !== 1) return false;
        }
        await c.query(INSERT.text, requestValues(request));
        return true;
      });
    } catch (error) {
      await giveBack();
      throw error;
    }
    if (claimed) return { kind: 'created' };
    await giveBack();
    return (await replay()) ?? { kind: 'quota_exceeded' };
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
