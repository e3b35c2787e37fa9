// What a secret's create and a request's registration share on SQLite (spec A-TIER-5, A-IDEM-2):
// replay a live Idempotency-Key claim, else refuse a spent quota, else insert, count, and claim
// the key. Run inside the group commit's transaction, so the steps are one durable step.
import type Database from 'better-sqlite3';
import type { CreateRequest, CreateResult, StoredResponse } from '../secret-store.js';

export type CountedCreate = Pick<CreateRequest, 'quota' | 'idempotency' | 'response' | 'now'>;

export class CountedCreates {
  private readonly usageOf;
  private readonly findIdem;
  private readonly bumpUsage;
  private readonly upsertIdem;

  constructor(db: Database.Database) {
    this.usageOf = db.prepare<[string, string], { count: number }>('SELECT count FROM quota_usage WHERE subject = ? AND period = ?');
    this.findIdem = db.prepare<[string, string, number], { response: string }>('SELECT response FROM idempotency WHERE scope = ? AND key = ? AND expires_at > ?');
    this.bumpUsage = db.prepare('INSERT INTO quota_usage (subject, period, count, expires_at) VALUES (?, ?, 1, ?) ON CONFLICT (subject, period) DO UPDATE SET count = count + 1');
    this.upsertIdem = db.prepare('INSERT INTO idempotency (scope, key, response, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (scope, key) DO UPDATE SET response = excluded.response, expires_at = excluded.expires_at');
  }

  /** Creates counted for `subject` in `period` (0 when none). */
  usage(subject: string, period: string): number {
    return this.usageOf.get(subject, period)?.count ?? 0;
  }

  /** `insert` writes the new record; it runs only when the create is neither a replay nor over quota. */
  write(c: CountedCreate, insert: () => void): CreateResult {
    if (c.idempotency !== null) {
      const hit = this.findIdem.get(c.idempotency.scope, c.idempotency.key, c.now);
      if (hit !== undefined) return { kind: 'replayed', response: JSON.parse(hit.response) as StoredResponse };
    }
    const used = this.usage(c.quota.subject, c.quota.period);
    if (used >= c.quota.limit) return { kind: 'quota_exceeded' };
    insert();
    this.bumpUsage.run(c.quota.subject, c.quota.period, c.quota.periodEndsAt);
    if (c.idempotency !== null) this.upsertIdem.run(c.idempotency.scope, c.idempotency.key, JSON.stringify(c.response), c.idempotency.expiresAt);
    return { kind: 'created' };
  }
}
