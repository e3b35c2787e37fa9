// Secrets on SQLite: create and consume go through the group commit; the sweep is one
// transaction. better-sqlite3 is synchronous, so a transaction never interleaves with another
// request in this process, and BEGIN IMMEDIATE serialises writers across processes.
import type Database from 'better-sqlite3';
import { consumeOutcome } from '../rows.js';
import type { ConsumeResult, CreateRequest, CreateResult, SecretStore, StoredResponse, SweepResult } from '../secret-store.js';
import type { GroupCommit } from './group-commit.js';

interface SecretRow {
  blob: string | null;
  expires_at: number;
  purge_at: number;
  consumed_at: number | null;
  hint: string | null;
  callback_url: string | null;
  callback_secret: string | null;
}

interface OwedRow {
  id: string;
  expires_at: number;
  hint: string | null;
  callback_url: string;
  callback_secret: string;
}

export class SqliteSecrets implements SecretStore {
  private readonly createTx;
  private readonly consumeTx;
  private readonly sweepTx;
  private readonly usage;

  constructor(db: Database.Database, private readonly commits: GroupCommit) {
    const s = {
      findIdem: db.prepare<[string, string, number], { response: string }>('SELECT response FROM idempotency WHERE scope = ? AND key = ? AND expires_at > ?'),
      bumpUsage: db.prepare('INSERT INTO quota_usage (subject, period, count, expires_at) VALUES (?, ?, 1, ?) ON CONFLICT (subject, period) DO UPDATE SET count = count + 1'),
      insertSecret: db.prepare(`INSERT INTO secrets (id, blob, created_at, expires_at, purge_at, hint, split_url_mode, owner_key_id, callback_url, callback_secret)
        VALUES (@id, @blob, @createdAt, @expiresAt, @purgeAt, @hint, @splitUrlMode, @ownerKeyId, @callbackUrl, @callbackSecret)`),
      upsertIdem: db.prepare('INSERT INTO idempotency (scope, key, response, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (scope, key) DO UPDATE SET response = excluded.response, expires_at = excluded.expires_at'),
      findSecret: db.prepare<[string], SecretRow>('SELECT blob, expires_at, purge_at, consumed_at, hint, callback_url, callback_secret FROM secrets WHERE id = ?'),
      markConsumed: db.prepare('UPDATE secrets SET blob = NULL, consumed_at = ?, callback_url = NULL, callback_secret = NULL WHERE id = ?'),
      insertEvent: db.prepare(`INSERT INTO webhook_events (event_id, event, secret_id, occurred_at, hint, url, sealed_secret, next_attempt_at)
        VALUES (@eventId, @event, @secretId, @occurredAt, @hint, @url, @sealedSecret, @occurredAt)`),
      owedExpiry: db.prepare<[number, number], OwedRow>(`SELECT id, expires_at, hint, callback_url, callback_secret FROM secrets
        WHERE callback_url IS NOT NULL AND consumed_at IS NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?`),
      clearCallback: db.prepare('UPDATE secrets SET callback_url = NULL, callback_secret = NULL WHERE id = ?'),
      destroyBlob: db.prepare('UPDATE secrets SET blob = NULL WHERE id = ?'),
      expireBatch: db.prepare('UPDATE secrets SET blob = NULL WHERE rowid IN (SELECT rowid FROM secrets WHERE blob IS NOT NULL AND expires_at <= ? LIMIT ?)'),
      // A record still owed its expiry event (callback_url set) waits for the event before it goes.
      purgeBatch: db.prepare('DELETE FROM secrets WHERE rowid IN (SELECT rowid FROM secrets WHERE purge_at <= ? AND callback_url IS NULL LIMIT ?)'),
      // WITHOUT ROWID tables: batch by primary key.
      purgeIdem: db.prepare('DELETE FROM idempotency WHERE (scope, key) IN (SELECT scope, key FROM idempotency WHERE expires_at <= ? LIMIT ?)'),
      purgeQuota: db.prepare('DELETE FROM quota_usage WHERE (subject, period) IN (SELECT subject, period FROM quota_usage WHERE expires_at <= ? LIMIT ?)'),
    };
    this.usage = db.prepare<[string, string], { count: number }>('SELECT count FROM quota_usage WHERE subject = ? AND period = ?');

    this.createTx = db.transaction((req: CreateRequest): CreateResult => {
      if (req.idempotency !== null) {
        const hit = s.findIdem.get(req.idempotency.scope, req.idempotency.key, req.now);
        if (hit !== undefined) return { kind: 'replayed', response: JSON.parse(hit.response) as StoredResponse };
      }
      const used = this.usage.get(req.quota.subject, req.quota.period)?.count ?? 0;
      if (used >= req.quota.limit) return { kind: 'quota_exceeded' };
      const secret = req.secret;
      s.insertSecret.run({ ...secret, splitUrlMode: secret.splitUrlMode ? 1 : 0 });
      s.bumpUsage.run(req.quota.subject, req.quota.period, req.quota.periodEndsAt);
      if (req.idempotency !== null) s.upsertIdem.run(req.idempotency.scope, req.idempotency.key, JSON.stringify(req.response), req.idempotency.expiresAt);
      return { kind: 'created' };
    });

    this.consumeTx = db.transaction((id: string, now: number, eventId: string): ConsumeResult => {
      const row = s.findSecret.get(id);
      const outcome = consumeOutcome(row && { ...row, has_blob: row.blob !== null }, now);
      if (outcome !== 'consumable') {
        if (outcome === 'expired' && row!.blob !== null) s.destroyBlob.run(id);
        return { kind: outcome };
      }
      const r = row!;
      s.markConsumed.run(now, id);
      if (r.callback_url !== null && r.callback_secret !== null) {
        s.insertEvent.run({ eventId, event: 'secret.consumed', secretId: id, occurredAt: now, hint: r.hint, url: r.callback_url, sealedSecret: r.callback_secret });
      }
      return { kind: 'consumed', blob: r.blob!, hint: r.hint, purgeAt: r.purge_at, webhookQueued: r.callback_url !== null };
    });

    this.sweepTx = db.transaction((now: number, batch: number, newEventId: () => string): SweepResult => ({
      // Events first: the purge below may delete records whose event is still owed.
      events: s.owedExpiry.all(now, batch).map((row) => {
        s.clearCallback.run(row.id);
        s.insertEvent.run({ eventId: newEventId(), event: 'secret.expired', secretId: row.id, occurredAt: now, hint: row.hint, url: row.callback_url, sealedSecret: row.callback_secret });
      }).length,
      expired: s.expireBatch.run(now, batch).changes,
      purged: s.purgeBatch.run(now, batch).changes,
      housekeeping: s.purgeIdem.run(now, batch).changes + s.purgeQuota.run(now, batch).changes,
    }));
  }

  async create(request: CreateRequest): Promise<CreateResult> {
    return this.commits.enqueue(() => this.createTx(request));
  }

  async consume(id: string, now: number, eventId: string): Promise<ConsumeResult> {
    return this.commits.enqueue(() => this.consumeTx(id, now, eventId));
  }

  async sweep(now: number, batchSize: number, newEventId: () => string): Promise<SweepResult> {
    return this.sweepTx.immediate(now, batchSize, newEventId);
  }

  async quotaUsage(subject: string, period: string): Promise<number> {
    return this.usage.get(subject, period)?.count ?? 0;
  }
}
