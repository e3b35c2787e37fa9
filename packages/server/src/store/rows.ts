// What every engine shares: the consume rule, and the mapping of rows (same column names in every
// schema) to records. Written once so the engines cannot drift apart.
import type { TierName } from 'zephr';
import type { ApiKeyRecord } from './api-key-store.js';
import type { WebhookEventRecord } from './webhook-outbox.js';

/** A secret's state as far as consuming it goes. */
export interface SecretStateRow {
  expires_at: number;
  purge_at: number;
  consumed_at: number | null;
  has_blob: boolean;
}

export type ConsumeOutcome = 'consumable' | 'already_consumed' | 'expired' | 'not_found';

/**
 * The consume rule, from a record (or its absence) and the clock. A record past purge_at is as
 * good as gone; a tombstone was consumed; one past expires_at, or whose blob a sweep destroyed,
 * expired. Only what is left may be consumed. (PostgreSQL's one-statement consume states the same
 * rule in its WHERE clause.)
 */
export function consumeOutcome(row: SecretStateRow | undefined, now: number): ConsumeOutcome {
  if (row === undefined || row.purge_at <= now) return 'not_found';
  if (row.consumed_at !== null) return 'already_consumed';
  if (now >= row.expires_at || !row.has_blob) return 'expired';
  return 'consumable';
}

export interface EventRow {
  event_id: string; event: string; secret_id: string; occurred_at: number; hint: string | null; url: string; sealed_secret: string; attempts: number;
}

export const toEvent = (r: EventRow): WebhookEventRecord => ({
  eventId: r.event_id, event: r.event as WebhookEventRecord['event'], secretId: r.secret_id, occurredAt: r.occurred_at,
  hint: r.hint, url: r.url, sealedSecret: r.sealed_secret, attempts: r.attempts,
});

export interface KeyRow {
  id: string; hash: string; prefix: string; tier: string; label: string | null; created_at: number; revoked_at: number | null;
}

export const toKey = (r: KeyRow): ApiKeyRecord => ({
  id: r.id, hash: r.hash, prefix: r.prefix, tier: r.tier as TierName, label: r.label, createdAt: r.created_at, revokedAt: r.revoked_at,
});

/** The columns of api_keys in the order both engines insert them. */
export const keyValues = (r: ApiKeyRecord): unknown[] => [r.id, r.hash, r.prefix, r.tier, r.label, r.createdAt, r.revokedAt];
