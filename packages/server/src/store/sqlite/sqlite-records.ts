// The small parts of the store on SQLite: the webhook outbox, API keys and settings. Their writes
// go through the group commit like every other write: made durable off the event loop, and held
// while the WAL catches up (group-commit.ts), so none of them syncs or truncates the WAL on the loop.
import type Database from 'better-sqlite3';
import type { TierName } from 'zephr';
import type { ApiKeyRecord, ApiKeyStore, ResolvedKey } from '../api-key-store.js';
import { type EventRow, KEY_COLUMNS, keyValues, type KeyRow, RESOLVE_KEY, toEvent, toKey } from '../rows.js';
import type { WebhookOutcome } from '../audit-store.js';
import type { SettingsStore } from '../settings-store.js';
import type { WebhookEventRecord, WebhookOutbox } from '../webhook-outbox.js';
import type { GroupCommit } from './group-commit.js';

/** `?, ?, …`: one placeholder per column of a comma-separated list. */
export const marks = (columns: string): string => columns.split(',').map(() => '?').join(', ');

export class SqliteOutbox implements WebhookOutbox {
  private readonly claimRows;
  private readonly retryEvent;
  private readonly completeRows;

  constructor(db: Database.Database, private readonly commits: GroupCommit) {
    const due = db.prepare<[number, number, number], EventRow>(`SELECT * FROM webhook_events
      WHERE next_attempt_at <= ? AND lease_until <= ? ORDER BY next_attempt_at LIMIT ?`);
    const lease = db.prepare('UPDATE webhook_events SET lease_until = ?, attempts = attempts + 1 WHERE event_id = ?');
    // Run inside a group commit's transaction: the select and the leases commit together.
    this.claimRows = (now: number, leaseUntil: number, limit: number): WebhookEventRecord[] =>
      due.all(now, now, limit).map((row) => {
        lease.run(leaseUntil, row.event_id);
        return toEvent({ ...row, attempts: row.attempts + 1 });
      });
    this.retryEvent = db.prepare('UPDATE webhook_events SET next_attempt_at = ?, lease_until = 0 WHERE event_id = ?');
    const deleteEvent = db.prepare('DELETE FROM webhook_events WHERE event_id = ?');
    // The outcome stays on the secret's record for its owner's audit trail.
    const recordOutcome = db.prepare('UPDATE secrets SET webhook_outcome = ? WHERE id = (SELECT secret_id FROM webhook_events WHERE event_id = ?)');
    this.completeRows = (eventId: string, outcome: WebhookOutcome) => {
      recordOutcome.run(outcome, eventId);
      deleteEvent.run(eventId);
    };
  }

  async claim(now: number, leaseUntil: number, limit: number): Promise<WebhookEventRecord[]> {
    return this.commits.enqueue(() => this.claimRows(now, leaseUntil, limit));
  }

  async retry(eventId: string, nextAttemptAt: number): Promise<void> {
    await this.commits.enqueue(() => this.retryEvent.run(nextAttemptAt, eventId));
  }

  async complete(eventId: string, outcome: WebhookOutcome): Promise<void> {
    await this.commits.enqueue(() => this.completeRows(eventId, outcome));
  }
}

export class SqliteApiKeys implements ApiKeyStore {
  private readonly s;

  constructor(db: Database.Database, private readonly commits: GroupCommit) {
    this.s = {
      insert: db.prepare(`INSERT INTO api_keys (${KEY_COLUMNS}) VALUES (${marks(KEY_COLUMNS)})`),
      byHash: db.prepare<{ hash: string }, KeyRow & { owner_disabled: number }>(RESOLVE_KEY),
      get: db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE id = ?'),
      list: db.prepare<[], KeyRow>('SELECT * FROM api_keys ORDER BY created_at, id'),
      listForUser: db.prepare<[string], KeyRow>("SELECT * FROM api_keys WHERE user_id = ? AND kind = 'key' ORDER BY created_at, id"),
      touch: db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ? AND coalesce(last_used_at, 0) < ?'),
      revoke: db.prepare('UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?'),
      setTier: db.prepare('UPDATE api_keys SET tier = ? WHERE id = ?'),
    };
  }

  async insert(record: ApiKeyRecord): Promise<void> {
    await this.commits.enqueue(() => this.s.insert.run(...keyValues(record)));
  }

  async findByHash(hash: string): Promise<ResolvedKey | null> {
    const row = this.s.byHash.get({ hash });
    return row === undefined ? null : { ...toKey(row), ownerDisabled: Boolean(row.owner_disabled) };
  }

  async get(id: string): Promise<ApiKeyRecord | null> {
    const row = this.s.get.get(id);
    return row === undefined ? null : toKey(row);
  }

  async listForUser(userId: string): Promise<ApiKeyRecord[]> {
    return this.s.listForUser.all(userId).map(toKey);
  }

  async touch(id: string, now: number, olderThan: number): Promise<void> {
    await this.commits.enqueue(() => this.s.touch.run(now, id, olderThan));
  }

  async list(): Promise<ApiKeyRecord[]> {
    return this.s.list.all().map(toKey);
  }

  async revoke(id: string, now: number): Promise<boolean> {
    return this.commits.enqueue(() => this.s.revoke.run(now, id).changes > 0);
  }

  async setTier(id: string, tier: TierName): Promise<boolean> {
    return this.commits.enqueue(() => this.s.setTier.run(tier, id).changes > 0);
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
