// Secrets on PostgreSQL. Every guarantee of the contract holds across instances because each
// call is a single statement or one transaction whose conflicts PostgreSQL itself resolves:
// - consume: one statement locks the row (FOR UPDATE), re-checks it after any wait, destroys the
//   blob (or keeps it for a retry of this claim) and queues the webhook event; a concurrent
//   consumer finds it consumed. Burn is the same shape. The claim hash is matched in SQL as well
//   as in constant time in consumeOutcome: both compare SHA-256 digests of the presented token,
//   so timing can tell an attacker nothing about the token.
// - create: one round trip, the procedure zephr_create_secret_call (migration 7), which runs two
//   transactions. First zephr_take_quota counts the create: INSERT … ON CONFLICT DO UPDATE …
//   WHERE count < limit, committed on its own without waiting for the WAL flush, so one caller's
//   concurrent creates hold its quota row only for the update, not for a flush each; conflicting
//   upserts queue on the row lock, so N allowed means N succeed. Then zephr_create_secret_counted
//   claims the idempotency key and inserts, committed durably. The claim is an upsert that only
//   replaces an expired one; a concurrent request with the same key waits for the first one's
//   commit and then replays its response. A retry of a committed create is seen by
//   zephr_take_quota and counts nothing; a replay gives a counted create back. So only a
//   duplicate sent while its first request is still in flight is counted and given back, and while
//   it holds that count a concurrent create at the very limit may be refused, as may the duplicate
//   itself (429 instead of the replay; a later retry replays). A create that fails after its count
//   keeps it: one create fewer this period, which errs on the safe side.
// - sweeps take rows with FOR UPDATE SKIP LOCKED, so any number of instances sweep without double
//   work; an expiry event is queued in the same transaction that clears the record's callback.
import { consumeOutcome, proofOutcome, type SecretStateRow, secretValues } from '../rows.js';
import type {
  BurnResult, ClaimAttempt, ConsumeResult, CreateRequest, CreateResult, PeekResult, SecretStore, StoredResponse, SweepResult,
} from '../secret-store.js';
import { placeholders, type Pool, prepared } from './pool.js';

// The WHERE clause of `old` is consumeOutcome's 'consumable', in SQL. $4 is the presented claim
// hash (NULL for a plain GET, which then matches only records without one); $5 and $6 the
// claim's Idempotency-Key and retain-until, which keep the blob for a retry of this claim.
const CONSUMABLE = 'id = $1 AND consumed_at IS NULL AND blob IS NOT NULL AND expires_at > $2 AND purge_at > $2 AND (claim_hash IS NULL OR claim_hash = $4)';
const CONSUME = prepared('consume', `
  WITH old AS (
    SELECT id, blob, hint, purge_at, callback_url, callback_secret,
      (claim_hash IS NOT NULL AND $5::text IS NOT NULL AND $6::bigint > $2) AS retain
    FROM secrets WHERE ${CONSUMABLE}
    FOR UPDATE
  ), done AS (
    UPDATE secrets s SET consumed_at = $2, callback_url = NULL, callback_secret = NULL,
      blob = CASE WHEN old.retain THEN s.blob END,
      claim_idem = CASE WHEN old.retain THEN $5::text END,
      retain_until = CASE WHEN old.retain THEN $6::bigint END
    FROM old WHERE s.id = old.id
    RETURNING old.blob, old.hint, old.purge_at, old.callback_url, old.callback_secret
  ), event AS (
    INSERT INTO webhook_events (event_id, event, secret_id, occurred_at, hint, url, sealed_secret, next_attempt_at)
    SELECT $3, 'secret.consumed', $1, $2, hint, callback_url, callback_secret, $2 FROM done
    WHERE callback_url IS NOT NULL AND callback_secret IS NOT NULL
  )
  SELECT blob, hint, purge_at, (callback_url IS NOT NULL AND callback_secret IS NOT NULL) AS hooked FROM done`);

const BURN = prepared('burn', `
  WITH old AS (
    SELECT id, hint, callback_url, callback_secret FROM secrets WHERE ${CONSUMABLE} FOR UPDATE
  ), done AS (
    UPDATE secrets s SET blob = NULL, consumed_at = $2, burned_at = $2, callback_url = NULL, callback_secret = NULL
    FROM old WHERE s.id = old.id
    RETURNING old.hint, old.callback_url, old.callback_secret
  ), event AS (
    INSERT INTO webhook_events (event_id, event, secret_id, occurred_at, hint, url, sealed_secret, next_attempt_at)
    SELECT $3, 'secret.burned', $1, $2, hint, callback_url, callback_secret, $2 FROM done
    WHERE callback_url IS NOT NULL AND callback_secret IS NOT NULL
  )
  SELECT (callback_url IS NOT NULL AND callback_secret IS NOT NULL) AS hooked FROM done`);

// A record's state for consumeOutcome; the blob only of a consumed record (a retained one).
const STATE = prepared('state', `SELECT blob IS NOT NULL AS has_blob, expires_at, purge_at, consumed_at, claim_hash, burned_at, claim_idem, retain_until,
  created_at, hint, CASE WHEN consumed_at IS NOT NULL THEN blob END AS retained FROM secrets WHERE id = $1`);

// Prepared like the rest: a CALL, unlike a SELECT of a function, may commit inside (it is never
// in a transaction block here), and it answers its INOUT arguments as one row.
const CREATE = prepared('create_call', `CALL zephr_create_secret_call(${placeholders('scope,key,response,idem_expires,now,subject,period,limit,period_ends,id,blob,created,expires,purge,hint,split,owner,callback_url,callback_secret,claim_hash')}, NULL, NULL)`);

interface StateRow extends SecretStateRow {
  created_at: number;
  hint: string | null;
  retained: string | null;
}

export class PostgresSecrets implements SecretStore {
  constructor(private readonly pool: Pool) {}

  async create(req: CreateRequest): Promise<CreateResult> {
    const { secret: s, quota: q, idempotency: i } = req;
    const row = (await this.pool.query<{ kind: CreateResult['kind']; response: string | null }>(CREATE, [
      i?.scope ?? null, i?.key ?? null, JSON.stringify(req.response), i?.expiresAt ?? null, req.now,
      q.subject, q.period, q.limit, q.periodEndsAt, ...secretValues(s, (b) => b),
    ])).rows[0]!;
    if (row.kind === 'replayed') return { kind: 'replayed', response: JSON.parse(row.response!) as StoredResponse };
    return { kind: row.kind === 'quota_exceeded' ? 'quota_exceeded' : 'created' };
  }

  async consume(id: string, now: number, eventId: string, claim: ClaimAttempt | null): Promise<ConsumeResult> {
    const hit = await this.pool.query<{ blob: string; hint: string | null; purge_at: number; hooked: boolean }>(
      CONSUME, [id, now, eventId, claim?.hash ?? null, claim?.idempotencyKey ?? null, claim?.retainUntil ?? now]);
    const row = hit.rows[0];
    if (row !== undefined) return { kind: 'consumed', blob: row.blob, hint: row.hint, purgeAt: row.purge_at, webhookQueued: row.hooked, replayed: false };
    // Not consumable: say why, by the shared rule. Reading after the failed attempt is safe: a
    // record never becomes consumable again.
    const st = await this.state(id);
    const outcome = consumeOutcome(st, now, claim);
    if (outcome === 'replayable') return { kind: 'consumed', blob: st!.retained!, hint: st!.hint, purgeAt: st!.purge_at, webhookQueued: false, replayed: true };
    if (outcome === 'consumable') throw new Error(`secret ${id.slice(0, 4)}… became consumable after a failed consume`);
    await this.destroyIfExpired(id, now, outcome, st);
    return { kind: outcome };
  }

  async peek(id: string, now: number, claimHash: string): Promise<PeekResult> {
    const st = await this.state(id);
    const outcome = proofOutcome(st, now, claimHash);
    if (outcome === 'consumable') return { kind: 'live', createdAt: st!.created_at, expiresAt: st!.expires_at, hint: st!.hint };
    return { kind: outcome };
  }

  async burn(id: string, now: number, claimHash: string, eventId: string): Promise<BurnResult> {
    const hit = await this.pool.query<{ hooked: boolean }>(BURN, [id, now, eventId, claimHash]);
    if (hit.rows[0] !== undefined) return { kind: 'burned', again: false, webhookQueued: hit.rows[0].hooked };
    const st = await this.state(id);
    const outcome = proofOutcome(st, now, claimHash);
    if (outcome === 'consumable') throw new Error(`secret ${id.slice(0, 4)}… became burnable after a failed burn`);
    if (outcome === 'burned') return { kind: 'burned', again: true, webhookQueued: false };
    await this.destroyIfExpired(id, now, outcome, st);
    return { kind: outcome };
  }

  private async state(id: string): Promise<StateRow | undefined> {
    return (await this.pool.query<StateRow>(STATE, [id])).rows[0];
  }

  /** An expired record's blob goes at once, whether or not a sweep has run (reached only past the proof check). */
  private async destroyIfExpired(id: string, now: number, outcome: string, st: StateRow | undefined): Promise<void> {
    if (outcome === 'expired' && st!.has_blob) await this.pool.query('UPDATE secrets SET blob = NULL WHERE id = $1 AND blob IS NOT NULL AND consumed_at IS NULL AND expires_at <= $2', [id, now]);
  }

  async sweep(now: number, batchSize: number, newEventId: () => string, retentionMs = 0): Promise<SweepResult> {
    return this.pool.tx(async (c) => {
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
        'UPDATE secrets SET blob = NULL WHERE id IN (SELECT id FROM secrets WHERE blob IS NOT NULL AND consumed_at IS NULL AND expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)', [now, batchSize]);
      const released = await c.query(
        `UPDATE secrets SET blob = NULL, claim_idem = NULL WHERE id IN
         (SELECT id FROM secrets WHERE blob IS NOT NULL AND consumed_at IS NOT NULL AND retain_until <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`, [now, batchSize]);
      const purged = await c.query(
        'DELETE FROM secrets WHERE id IN (SELECT id FROM secrets WHERE purge_at <= $1 AND owner_key_id IS NULL AND callback_url IS NULL LIMIT $2 FOR UPDATE SKIP LOCKED)', [now, batchSize]);
      // A secret made with a key is its owner's audit record: kept (without its blob) until the retention after its end.
      const purgedOwned = await c.query(`DELETE FROM secrets WHERE id IN (SELECT id FROM secrets WHERE owner_key_id IS NOT NULL
        AND coalesce(consumed_at, expires_at) <= $1 AND purge_at <= $2 AND callback_url IS NULL LIMIT $3 FOR UPDATE SKIP LOCKED)`, [now - retentionMs, now, batchSize]);
      const idem = await c.query(
        'DELETE FROM idempotency WHERE (scope, key) IN (SELECT scope, key FROM idempotency WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)', [now, batchSize]);
      const quota = await c.query(
        'DELETE FROM quota_usage WHERE (subject, period) IN (SELECT subject, period FROM quota_usage WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)', [now, batchSize]);
      return { events: owed.rows.length, expired: expired.rowCount ?? 0, released: released.rowCount ?? 0, purged: (purged.rowCount ?? 0) + (purgedOwned.rowCount ?? 0), housekeeping: (idem.rowCount ?? 0) + (quota.rowCount ?? 0) };
    });
  }

  async quotaUsage(subject: string, period: string): Promise<number> {
    return (await this.pool.query<{ count: number }>('SELECT count FROM quota_usage WHERE subject = $1 AND period = $2', [subject, period])).rows[0]?.count ?? 0;
  }
}
