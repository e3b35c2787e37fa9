// The small parts of the store on SQLite: the webhook outbox, API keys and settings. Each call is
// one statement (or one short transaction), committed on its own.
import type Database from 'better-sqlite3';
import type { TierName } from 'zephr';
import type { ApiKeyRecord, ApiKeyStore } from '../api-key-store.js';
import { type EventRow, keyValues, type KeyRow, toEvent, toKey } from '../rows.js';
import type { SettingsStore } from '../settings-store.js';
import type { WebhookEventRecord, WebhookOutbox } from '../webhook-outbox.js';

export class SqliteOutbox implements WebhookOutbox {
  private readonly claimTx;
  private readonly retryEvent;
  private readonly deleteEvent;

  constructor(db: Database.Database) {
    const due = db.prepare<[number, number, number], EventRow>(`SELECT * FROM webhook_events
      WHERE next_attempt_at <= ? AND lease_until <= ? ORDER BY next_attempt_at LIMIT ?`);
    const lease = db.prepare('UPDATE webhook_events SET lease_until = ?, attempts = attempts + 1 WHERE event_id = ?');
    this.claimTx = db.transaction((now: number, leaseUntil: number, limit: number): WebhookEventRecord[] =>
      due.all(now, now, limit).map((row) => {
        lease.run(leaseUntil, row.event_id);
        return toEvent({ ...row, attempts: row.attempts + 1 });
      }));
    this.retryEvent = db.prepare('UPDATE webhook_events SET next_attempt_at = ?, lease_until = 0 WHERE event_id = ?');
    this.deleteEvent = db.prepare('DELETE FROM webhook_events WHERE event_id = ?');
  }

  async claim(now: number, leaseUntil: number, limit: number): Promise<WebhookEventRecord[]> {
    return this.claimTx.immediate(now, leaseUntil, limit);
  }

  async retry(eventId: string, nextAttemptAt: number): Promise<void> {
    this.retryEvent.run(nextAttemptAt, eventId);
  }

  async complete(eventId: string): Promise<void> {
    this.deleteEvent.run(eventId);
  }
}

export class SqliteApiKeys implements ApiKeyStore {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      insert: db.prepare('INSERT INTO api_keys (id, hash, prefix, tier, label, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      byHash: db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE hash = ?'),
      list: db.prepare<[], KeyRow>('SELECT * FROM api_keys ORDER BY created_at, id'),
      revoke: db.prepare('UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?'),
      setTier: db.prepare('UPDATE api_keys SET tier = ? WHERE id = ?'),
    };
  }

  async insert(record: ApiKeyRecord): Promise<void> {
    this.s.insert.run(...keyValues(record));
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | null> {
    const row = this.s.byHash.get(hash);
    return row === undefined ? null : toKey(row);
  }

  async list(): Promise<ApiKeyRecord[]> {
    return this.s.list.all().map(toKey);
  }

  async revoke(id: string, now: number): Promise<boolean> {
    return this.s.revoke.run(now, id).changes > 0;
  }

  async setTier(id: string, tier: TierName): Promise<boolean> {
    return this.s.setTier.run(tier, id).changes > 0;
  }
}

export class SqliteSettings implements SettingsStore {
  private readonly get;
  private readonly insert;

  constructor(db: Database.Database) {
    this.get = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
    this.insert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
  }

  async claim(key: string, value: string): Promise<string> {
    this.insert.run(key, value);
    return this.get.get(key)!.value;
  }
}
