// The small parts of the store on PostgreSQL: the webhook outbox, API keys and settings. Each
// call is one statement; claims take rows with FOR UPDATE SKIP LOCKED, so instances never
// deliver the same event twice while its lease holds.
import type { TierName } from 'zephr';
import type { ApiKeyRecord, ApiKeyStore, ResolvedKey } from '../api-key-store.js';
import type { WebhookOutcome } from '../audit-store.js';
import { type EventRow, KEY_COLUMNS, keyValues, type KeyRow, RESOLVE_KEY, toEvent, toKey } from '../rows.js';
import type { SettingsStore } from '../settings-store.js';
import type { WebhookEventRecord, WebhookOutbox } from '../webhook-outbox.js';
import { placeholders, type Pool, prepared } from './pool.js';

export class PostgresOutbox implements WebhookOutbox {
  constructor(private readonly pool: Pool) {}

  async claim(now: number, leaseUntil: number, limit: number): Promise<WebhookEventRecord[]> {
    const { rows } = await this.pool.query<EventRow>(
      `UPDATE webhook_events SET lease_until = $2, attempts = attempts + 1
       WHERE event_id IN (SELECT event_id FROM webhook_events WHERE next_attempt_at <= $1 AND lease_until <= $1
                          ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING event_id, event, secret_id, occurred_at, hint, url, sealed_secret, attempts`, [now, leaseUntil, limit]);
    return rows.map(toEvent);
  }

  async retry(eventId: string, nextAttemptAt: number): Promise<void> {
    await this.pool.query('UPDATE webhook_events SET next_attempt_at = $2, lease_until = 0 WHERE event_id = $1', [eventId, nextAttemptAt]);
  }

  async complete(eventId: string, outcome: WebhookOutcome): Promise<void> {
    // One statement: the outcome stays on the secret's record for its owner's audit trail.
    await this.pool.query(`WITH gone AS (DELETE FROM webhook_events WHERE event_id = $1 RETURNING secret_id)
      UPDATE secrets SET webhook_outcome = $2 WHERE id IN (SELECT secret_id FROM gone)`, [eventId, outcome]);
  }
}

/** The insert of an api_keys row, in KEY_COLUMNS order. */
export const INSERT_KEY = `INSERT INTO api_keys (${KEY_COLUMNS}) VALUES (${placeholders(KEY_COLUMNS)})`;
const FIND_KEY = prepared('find_key', RESOLVE_KEY.replace('$hash', '$1'));

export class PostgresApiKeys implements ApiKeyStore {
  constructor(private readonly pool: Pool) {}

  async insert(record: ApiKeyRecord): Promise<void> {
    await this.pool.query(INSERT_KEY, keyValues(record));
  }

  async findByHash(hash: string): Promise<ResolvedKey | null> {
    const row = (await this.pool.query<KeyRow & { owner_disabled: boolean }>(FIND_KEY, [hash])).rows[0];
    return row === undefined ? null : { ...toKey(row), ownerDisabled: row.owner_disabled };
  }

  async get(id: string): Promise<ApiKeyRecord | null> {
    const row = (await this.pool.query<KeyRow>('SELECT * FROM api_keys WHERE id = $1', [id])).rows[0];
    return row === undefined ? null : toKey(row);
  }

  async listForUser(userId: string): Promise<ApiKeyRecord[]> {
    return (await this.pool.query<KeyRow>("SELECT * FROM api_keys WHERE user_id = $1 AND kind = 'key' ORDER BY created_at, id", [userId])).rows.map(toKey);
  }

  async touch(id: string, now: number, olderThan: number): Promise<void> {
    await this.pool.query('UPDATE api_keys SET last_used_at = $1 WHERE id = $2 AND coalesce(last_used_at, 0) < $3', [now, id, olderThan]);
  }

  async list(): Promise<ApiKeyRecord[]> {
    return (await this.pool.query<KeyRow>('SELECT * FROM api_keys ORDER BY created_at, id')).rows.map(toKey);
  }

  async revoke(id: string, now: number): Promise<boolean> {
    return ((await this.pool.query('UPDATE api_keys SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2', [now, id])).rowCount ?? 0) > 0;
  }

  async setTier(id: string, tier: TierName): Promise<boolean> {
    return ((await this.pool.query('UPDATE api_keys SET tier = $1 WHERE id = $2', [tier, id])).rowCount ?? 0) > 0;
  }
}

export class PostgresSettings implements SettingsStore {
  constructor(private readonly pool: Pool) {}

  async claim(key: string, value: string): Promise<string> {
    await this.pool.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value]);
    return (await this.pool.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key])).rows[0]!.value;
  }
}
