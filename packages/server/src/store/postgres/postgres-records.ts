// The small parts of the store on PostgreSQL: the webhook outbox, API keys and settings. Each
// call is one statement; claims take rows with FOR UPDATE SKIP LOCKED, so instances never
// deliver the same event twice while its lease holds.
import type { TierName } from 'zephr';
import type { ApiKeyRecord, ApiKeyStore } from '../api-key-store.js';
import { type EventRow, keyValues, type KeyRow, toEvent, toKey } from '../rows.js';
import type { SettingsStore } from '../settings-store.js';
import type { WebhookEventRecord, WebhookOutbox } from '../webhook-outbox.js';
import type { Pool } from './pool.js';

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

  async complete(eventId: string): Promise<void> {
    await this.pool.query('DELETE FROM webhook_events WHERE event_id = $1', [eventId]);
  }
}

export class PostgresApiKeys implements ApiKeyStore {
  constructor(private readonly pool: Pool) {}

  async insert(record: ApiKeyRecord): Promise<void> {
    await this.pool.query('INSERT INTO api_keys (id, hash, prefix, tier, label, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', keyValues(record));
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | null> {
    const row = (await this.pool.query<KeyRow>('SELECT * FROM api_keys WHERE hash = $1', [hash])).rows[0];
    return row === undefined ? null : toKey(row);
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
