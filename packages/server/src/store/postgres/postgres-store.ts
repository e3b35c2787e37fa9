// The store for many server instances: PostgreSQL through node-postgres with a connection pool.
//
// Every guarantee of the contract holds across instances because each one is a single statement
// or one transaction whose conflicts PostgreSQL itself resolves:
// - consume: one statement locks the row (FOR UPDATE), re-checks it after any wait, destroys the
//   blob and queues the webhook event; a concurrent consumer finds it consumed.
// - create: one call of the zephr_create_secret function (migration 2), one round trip. Quotas:
//   INSERT … ON CONFLICT DO UPDATE … WHERE count < limit; conflicting upserts queue on the row
//   lock, so N allowed means N succeed. Idempotency: the claim is an upsert that only replaces an
//   expired claim; a concurrent request with the same key waits for the first one's commit and
//   then replays its response.
// - sweeps and webhook claims take rows with FOR UPDATE SKIP LOCKED, so any number of instances
//   sweep and deliver without double work; an expiry event is queued in the same transaction that
//   clears the record's callback, so it is queued exactly once.
// Durability is PostgreSQL's: with synchronous_commit=on (the default) a commit, and so a 201 or
// a consuming 200, is on disk before the response (see docs/deploy.md for replicas and failover).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TierName } from '../../domain/tiers.js';
import { type ApiKeyRecord, type ConsumeResult, type CreateRequest, type CreateResult, type Store, type StoredResponse, StoreUnavailable, type SweepResult, type WebhookEventRecord } from '../store.js';
import { POSTGRES_MIGRATIONS } from './migrations.js';

export interface PostgresOptions {
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

// BIGINT (oid 20) arrives as a string by default; our values are milliseconds, far below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: string) => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser,
};

const MIGRATION_LOCK = 7_470_121; // an arbitrary constant: the advisory lock all instances share

interface KeyRow { id: string; hash: string; prefix: string; tier: string; label: string | null; created_at: number; revoked_at: number | null }
const toKey = (r: KeyRow): ApiKeyRecord => ({
  id: r.id, hash: r.hash, prefix: r.prefix, tier: r.tier as TierName, label: r.label, createdAt: r.created_at, revokedAt: r.revoked_at,
});

interface EventRow { event_id: string; event: string; secret_id: string; occurred_at: number; hint: string | null; url: string; sealed_secret: string; attempts: number }
const toEvent = (r: EventRow): WebhookEventRecord => ({
  eventId: r.event_id, event: r.event as WebhookEventRecord['event'], secretId: r.secret_id, occurredAt: r.occurred_at,
  hint: r.hint, url: r.url, sealedSecret: r.sealed_secret, attempts: r.attempts,
});

// Errors that mean "no usable connection" rather than a fault in a statement: answered as 503.
const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '53300', '3D000']);

function unavailable(error: unknown): unknown {
  const e = error as { code?: string; message?: string };
  if ((e?.code !== undefined && (CONNECTION_ERRORS.has(e.code) || e.code.startsWith('08'))) || /timeout exceeded when trying to connect|Connection terminated/i.test(e?.message ?? '')) {
    return new StoreUnavailable(`PostgreSQL is not reachable (${e.code ?? e.message})`, { cause: error });
  }
  return error;
}

const CONSUME = `
  WITH old AS (
    SELECT id, blob, hint, purge_at, callback_url, callback_secret FROM secrets
    WHERE id = $1 AND consumed_at IS NULL AND blob IS NOT NULL AND expires_at > $2 AND purge_at > $2
    FOR UPDATE
  ), done AS (
    UPDATE secrets s SET blob = NULL, consumed_at = $2, callback_url = NULL, callback_secret = NULL
    FROM old WHERE s.id = old.id
    RETURNING old.blob, old.hint, old.purge_at, old.callback_url, old.callback_secret
  ), event AS (
    INSERT INTO webhook_events (event_id, event, secret_id, occurred_at, hint, url, sealed_secret, next_attempt_at)
    SELECT $3, 'secret.consumed', $1, $2, hint, callback_url, callback_secret, $2 FROM done
    WHERE callback_url IS NOT NULL AND callback_secret IS NOT NULL
  )
  SELECT blob, hint, purge_at, callback_url IS NOT NULL AS hooked FROM done`;

export class PostgresStore implements Store {
  readonly engine = 'postgres';
  private readonly pool: pg.Pool;
  private closed = false;

  private constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  /** Connects, applies pending migrations, and returns the store. */
  static async open(connectionString: string, options: PostgresOptions = {}): Promise<PostgresStore> {
    // A bounded connect timeout: /readyz and requests answer 503 instead of hanging on a dead database.
    const pool = new pg.Pool({ connectionString, max: options.poolSize ?? 10, types, application_name: 'zephr-server', connectionTimeoutMillis: 5000 });
    // An idle client that loses its connection must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    const store = new PostgresStore(pool);
    try {
      await store.migrate();
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  private async query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(text, values);
    } catch (error) {
      throw unavailable(error);
    }
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw unavailable(error);
    }
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw unavailable(error);
    } finally {
      client.release();
    }
  }

  private async migrate(): Promise<void> {
    await this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await c.query('CREATE TABLE IF NOT EXISTS zephr_schema (version INTEGER NOT NULL)');
      const row = (await c.query<{ version: number }>('SELECT version FROM zephr_schema')).rows[0];
      const current = row?.version ?? 0;
      if (current > POSTGRES_MIGRATIONS.length) {
        throw new Error(`database schema version ${current} is newer than this server knows (${POSTGRES_MIGRATIONS.length}); upgrade the server`);
      }
      for (let v = current; v < POSTGRES_MIGRATIONS.length; v++) await c.query(POSTGRES_MIGRATIONS[v]!);
      if (row === undefined) await c.query('INSERT INTO zephr_schema (version) VALUES ($1)', [POSTGRES_MIGRATIONS.length]);
      else await c.query('UPDATE zephr_schema SET version = $1', [POSTGRES_MIGRATIONS.length]);
    });
  }

  async createSecret(req: CreateRequest): Promise<CreateResult> {
    const { secret: s, quota: q, idempotency: i } = req;
    const { rows } = await this.query<{ kind: CreateResult['kind']; response: string | null; used: number }>(
      'SELECT kind, response, used FROM zephr_create_secret($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)',
      [i?.scope ?? null, i?.key ?? null, JSON.stringify(req.response), i?.expiresAt ?? null, req.now,
        q.subject, q.period, q.limit, q.periodEndsAt,
        s.id, s.blob, s.createdAt, s.expiresAt, s.purgeAt, s.hint, s.splitUrlMode, s.ownerKeyId, s.callbackUrl, s.callbackSecret]);
    const row = rows[0]!;
    if (row.kind === 'replayed') return { kind: 'replayed', response: JSON.parse(row.response!) as StoredResponse };
    if (row.kind === 'quota_exceeded') return { kind: 'quota_exceeded', used: row.used };
    return { kind: 'created' };
  }

  async consumeSecret(id: string, now: number, eventId: string): Promise<ConsumeResult> {
    const hit = await this.query<{ blob: string; hint: string | null; purge_at: number; hooked: boolean }>(CONSUME, [id, now, eventId]);
    const row = hit.rows[0];
    if (row !== undefined) return { kind: 'consumed', blob: row.blob, hint: row.hint, purgeAt: row.purge_at, webhookQueued: row.hooked };
    // Not consumable: say why. Reading after the failed attempt is safe: a record never becomes
    // consumable again.
    const state = (await this.query<{ blob_present: boolean; expires_at: number; purge_at: number; consumed_at: number | null }>(
      'SELECT blob IS NOT NULL AS blob_present, expires_at, purge_at, consumed_at FROM secrets WHERE id = $1', [id])).rows[0];
    if (state === undefined || state.purge_at <= now) return { kind: 'not_found' };
    if (state.consumed_at !== null) return { kind: 'already_consumed' };
    if (state.blob_present) await this.query('UPDATE secrets SET blob = NULL WHERE id = $1 AND blob IS NOT NULL AND expires_at <= $2', [id, now]);
    return { kind: 'expired' };
  }

  async sweep(now: number, batchSize: number, newEventId: () => string): Promise<SweepResult> {
    return this.tx(async (c) => {
      // Events first: the purge below leaves records that still owe one.
      const owed = await c.query<{ id: string; hint: string | null; callback_url: string; callback_secret: string }>(
        `SELECT id, hint, callback_url, callback_secret FROM secrets
         WHERE callback_url IS NOT NULL AND consumed_at IS NULL AND expires_at <= $1
         ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`, [now, batchSize]);
      if (owed.rows.length > 0) {
        const ids = owed.rows.map((r) => r.id);
        await c.query('UPDATE secrets SET callback_url = NULL, callback_secret = NULL WHERE id = ANY($1)', [ids]);
        await c.query(
          `INSERT INTO webhook_events (event_id, event, secret_id, occurred_at, hint, url, sealed_secret, next_attempt_at)
           SELECT e, 'secret.expired', s, $1, h, u, k, $1 FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(e, s, h, u, k)`,
          [now, owed.rows.map(() => newEventId()), ids, owed.rows.map((r) => r.hint), owed.rows.map((r) => r.callback_url), owed.rows.map((r) => r.callback_secret)]);
      }
      const expired = await c.query(
        'UPDATE secrets SET blob = NULL WHERE id IN (SELECT id FROM secrets WHERE blob IS NOT NULL AND expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)', [now, batchSize]);
      const purged = await c.query(
        'DELETE FROM secrets WHERE id IN (SELECT id FROM secrets WHERE purge_at <= $1 AND callback_url IS NULL LIMIT $2 FOR UPDATE SKIP LOCKED)', [now, batchSize]);
      const idem = await c.query(
        'DELETE FROM idempotency WHERE (scope, key) IN (SELECT scope, key FROM idempotency WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)', [now, batchSize]);
      const quota = await c.query(
        'DELETE FROM quota_usage WHERE (subject, period) IN (SELECT subject, period FROM quota_usage WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)', [now, batchSize]);
      return { events: owed.rows.length, expired: expired.rowCount ?? 0, purged: purged.rowCount ?? 0, housekeeping: (idem.rowCount ?? 0) + (quota.rowCount ?? 0) };
    });
  }

  async claimWebhookEvents(now: number, leaseUntil: number, limit: number): Promise<WebhookEventRecord[]> {
    const { rows } = await this.query<EventRow>(
      `UPDATE webhook_events SET lease_until = $2, attempts = attempts + 1
       WHERE event_id IN (SELECT event_id FROM webhook_events WHERE next_attempt_at <= $1 AND lease_until <= $1
                          ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING event_id, event, secret_id, occurred_at, hint, url, sealed_secret, attempts`, [now, leaseUntil, limit]);
    return rows.map(toEvent);
  }

  async retryWebhookEvent(eventId: string, nextAttemptAt: number): Promise<void> {
    await this.query('UPDATE webhook_events SET next_attempt_at = $2, lease_until = 0 WHERE event_id = $1', [eventId, nextAttemptAt]);
  }

  async completeWebhookEvent(eventId: string): Promise<void> {
    await this.query('DELETE FROM webhook_events WHERE event_id = $1', [eventId]);
  }

  async quotaUsage(subject: string, period: string): Promise<number> {
    return (await this.query<{ count: number }>('SELECT count FROM quota_usage WHERE subject = $1 AND period = $2', [subject, period])).rows[0]?.count ?? 0;
  }

  async installationSecret(): Promise<Uint8Array> {
    await this.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', ['installation_secret', randomBytes(32).toString('hex')]);
    const { rows } = await this.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', ['installation_secret']);
    return new Uint8Array(Buffer.from(rows[0]!.value, 'hex'));
  }

  async claimSetting(key: string, value: string): Promise<string> {
    await this.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value]);
    return (await this.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key])).rows[0]!.value;
  }

  async insertApiKey(r: ApiKeyRecord): Promise<void> {
    await this.query('INSERT INTO api_keys (id, hash, prefix, tier, label, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [r.id, r.hash, r.prefix, r.tier, r.label, r.createdAt, r.revokedAt]);
  }

  async findApiKeyByHash(hash: string): Promise<ApiKeyRecord | null> {
    const row = (await this.query<KeyRow>('SELECT * FROM api_keys WHERE hash = $1', [hash])).rows[0];
    return row === undefined ? null : toKey(row);
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return (await this.query<KeyRow>('SELECT * FROM api_keys ORDER BY created_at, id')).rows.map(toKey);
  }

  async revokeApiKey(id: string, now: number): Promise<boolean> {
    return ((await this.query('UPDATE api_keys SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2', [now, id])).rowCount ?? 0) > 0;
  }

  async setApiKeyTier(id: string, tier: TierName): Promise<boolean> {
    return ((await this.query('UPDATE api_keys SET tier = $1 WHERE id = $2', [tier, id])).rowCount ?? 0) > 0;
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('store is closed');
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
