// Secrets on SQLite: create, consume and each sweep batch go through the group commit (its sync
// runs off the event loop). better-sqlite3 is synchronous, so a transaction never interleaves
// with another request in this process, and BEGIN IMMEDIATE serialises writers across processes.
import type Database from 'better-sqlite3';
import { consumeOutcome, proofOutcome, SECRET_COLUMNS, type SecretStateRow, secretValues } from '../rows.js';
import type {
  BurnResult, ClaimAttempt, ConsumeResult, CreateRequest, CreateResult, PeekResult, SecretStore, SweepResult,
} from '../secret-store.js';
import type { CountedCreates } from './counted-create.js';
import type { GroupCommit } from './group-commit.js';
import { marks } from './sqlite-records.js';

interface SecretRow extends Omit<SecretStateRow, 'has_blob'> {
  blob: string | null;
  created_at: number;
  hint: string | null;
  callback_url: string | null;
  callback_secret: string | null;
}

const state = (row: SecretRow | undefined): SecretStateRow | undefined => row && { ...row, has_blob: row.blob !== null };

interface OwedRow {
  id: string;
  expires_at: number;
  hint: string | null;
  callback_url: string;
  callback_secret: string;
}

export class SqliteSecrets implements SecretStore {
  // The writes run inside the group commit's transaction (group-commit.ts), never on their own.
  private readonly createWrite;
  private readonly consumeWrite;
  private readonly burnWrite;
  private readonly sweepWrite;
  private readonly findSecret;

  constructor(db: Database.Database, private readonly commits: GroupCommit, private readonly counted: CountedCreates) {
    const s = {
      insertSecret: db.prepare(`INSERT INTO secrets (${SECRET_COLUMNS}) VALUES (${marks(SECRET_COLUMNS)})`),
      markConsumed: db.prepare('UPDATE secrets SET blob = NULL, consumed_at = ?, callback_url = NULL, callback_secret = NULL WHERE id = ?'),
      // A claim with an Idempotency-Key keeps the blob for a retry of itself until retain_until.
      markClaimed: db.prepare('UPDATE secrets SET consumed_at = ?, claim_idem = ?, retain_until = ?, callback_url = NULL, callback_secret = NULL WHERE id = ?'),
      markBurned: db.prepare('UPDATE secrets SET blob = NULL, consumed_at = ?, burned_at = ?, callback_url = NULL, callback_secret = NULL WHERE id = ?'),
      insertEvent: db.prepare(`INSERT INTO webhook_events (event_id, event, secret_id, occurred_at, hint, url, sealed_secret, next_attempt_at)
        VALUES (@eventId, @event, @secretId, @occurredAt, @hint, @url, @sealedSecret, @occurredAt)`),
      owedExpiry: db.prepare<[number, number], OwedRow>(`SELECT id, expires_at, hint, callback_url, callback_secret FROM secrets
        WHERE callback_url IS NOT NULL AND consumed_at IS NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?`),
      clearCallback: db.prepare('UPDATE secrets SET callback_url = NULL, callback_secret = NULL WHERE id = ?'),
      destroyBlob: db.prepare('UPDATE secrets SET blob = NULL WHERE id = ?'),
      expireBatch: db.prepare('UPDATE secrets SET blob = NULL WHERE rowid IN (SELECT rowid FROM secrets WHERE blob IS NOT NULL AND consumed_at IS NULL AND expires_at <= ? LIMIT ?)'),
      releaseBatch: db.prepare(`UPDATE secrets SET blob = NULL, claim_idem = NULL WHERE rowid IN
        (SELECT rowid FROM secrets WHERE blob IS NOT NULL AND consumed_at IS NOT NULL AND retain_until <= ? LIMIT ?)`),
      // A record still owed its expiry event (callback_url set) waits for the event before it goes.
      purgeBatch: db.prepare('DELETE FROM secrets WHERE rowid IN (SELECT rowid FROM secrets WHERE purge_at <= ? AND owner_key_id IS NULL AND callback_url IS NULL LIMIT ?)'),
      // A secret made with a key is its owner's audit record: kept (without its blob) until the retention after its end.
      purgeOwnedBatch: db.prepare(`DELETE FROM secrets WHERE rowid IN (SELECT rowid FROM secrets WHERE owner_key_id IS NOT NULL
        AND coalesce(consumed_at, expires_at) <= ? AND purge_at <= ? AND callback_url IS NULL LIMIT ?)`),
      // WITHOUT ROWID tables: batch by primary key.
      purgeIdem: db.prepare('DELETE FROM idempotency WHERE (scope, key) IN (SELECT scope, key FROM idempotency WHERE expires_at <= ? LIMIT ?)'),
      purgeQuota: db.prepare('DELETE FROM quota_usage WHERE (subject, period) IN (SELECT subject, period FROM quota_usage WHERE expires_at <= ? LIMIT ?)'),
    };
    this.findSecret = db.prepare<[string], SecretRow>(`SELECT blob, created_at, expires_at, purge_at, consumed_at, hint, callback_url, callback_secret,
      claim_hash, burned_at, claim_idem, retain_until FROM secrets WHERE id = ?`);
    const findSecret = this.findSecret;
    this.createWrite = (req: CreateRequest): CreateResult => this.counted.write(req, () => s.insertSecret.run(...secretValues(req.secret, Number)));

    this.consumeWrite = (id: string, now: number, eventId: string, claim: ClaimAttempt | null): ConsumeResult => {
      const row = findSecret.get(id);
      const outcome = consumeOutcome(state(row), now, claim);
      if (outcome === 'replayable') return { kind: 'consumed', blob: row!.blob!, hint: row!.hint, purgeAt: row!.purge_at, webhookQueued: false, replayed: true };
      if (outcome !== 'consumable') {
        // Reached only past the proof check: a wrong token changes nothing.
        if (outcome === 'expired' && row!.blob !== null) s.destroyBlob.run(id);
        return { kind: outcome };
      }
      const r = row!;
      const retain = r.claim_hash !== null && claim !== null && claim.idempotencyKey !== null && claim.retainUntil > now;
      if (retain) s.markClaimed.run(now, claim.idempotencyKey, claim.retainUntil, id);
      else s.markConsumed.run(now, id);
      const hooked = this.queueEvent(s.insertEvent, r, id, 'secret.consumed', now, eventId);
      return { kind: 'consumed', blob: r.blob!, hint: r.hint, purgeAt: r.purge_at, webhookQueued: hooked, replayed: false };
    };

    this.burnWrite = (id: string, now: number, claimHash: string, eventId: string): BurnResult => {
      const row = findSecret.get(id);
      const outcome = proofOutcome(state(row), now, claimHash);
      if (outcome === 'burned') return { kind: 'burned', again: true, webhookQueued: false };
      if (outcome !== 'consumable') {
        if (outcome === 'expired' && row!.blob !== null) s.destroyBlob.run(id);
        return { kind: outcome };
      }
      s.markBurned.run(now, now, id);
      return { kind: 'burned', again: false, webhookQueued: this.queueEvent(s.insertEvent, row!, id, 'secret.burned', now, eventId) };
    };

    this.sweepWrite = (now: number, batch: number, newEventId: () => string, retentionMs: number): SweepResult => ({
      // Events first: the purge below may delete records whose event is still owed.
      events: s.owedExpiry.all(now, batch).map((row) => {
        s.clearCallback.run(row.id);
        s.insertEvent.run({ eventId: newEventId(), event: 'secret.expired', secretId: row.id, occurredAt: now, hint: row.hint, url: row.callback_url, sealedSecret: row.callback_secret });
      }).length,
      expired: s.expireBatch.run(now, batch).changes,
      released: s.releaseBatch.run(now, batch).changes,
      purged: s.purgeBatch.run(now, batch).changes + s.purgeOwnedBatch.run(now - retentionMs, now, batch).changes,
      housekeeping: s.purgeIdem.run(now, batch).changes + s.purgeQuota.run(now, batch).changes,
    });
  }

  async create(request: CreateRequest): Promise<CreateResult> {
    return this.commits.enqueue(() => this.createWrite(request));
  }

  /** Queues the webhook event for a record with a callback; says whether it did. */
  private queueEvent(insert: Database.Statement, r: SecretRow, id: string, event: string, now: number, eventId: string): boolean {
    if (r.callback_url === null || r.callback_secret === null) return false;
    insert.run({ eventId, event, secretId: id, occurredAt: now, hint: r.hint, url: r.callback_url, sealedSecret: r.callback_secret });
    return true;
  }

  async consume(id: string, now: number, eventId: string, claim: ClaimAttempt | null): Promise<ConsumeResult> {
    return this.commits.enqueue(() => this.consumeWrite(id, now, eventId, claim));
  }

  async peek(id: string, now: number, claimHash: string): Promise<PeekResult> {
    // A read: no transaction, and nothing is written, not even for an expired record.
    const row = this.findSecret.get(id);
    const outcome = proofOutcome(state(row), now, claimHash);
    if (outcome === 'consumable') return { kind: 'live', createdAt: row!.created_at, expiresAt: row!.expires_at, hint: row!.hint };
    return { kind: outcome };
  }

  async burn(id: string, now: number, claimHash: string, eventId: string): Promise<BurnResult> {
    return this.commits.enqueue(() => this.burnWrite(id, now, claimHash, eventId));
  }

  async sweep(now: number, batchSize: number, newEventId: () => string, retentionMs = 0): Promise<SweepResult> {
    return this.commits.enqueue(() => this.sweepWrite(now, batchSize, newEventId, retentionMs));
  }

  async quotaUsage(subject: string, period: string): Promise<number> {
    return this.counted.usage(subject, period);
  }
}
