// Moving a store's lasting contents to another engine (zephr-server copy-to): unread secrets that
// have not expired, and webhook events still queued. API keys move through ApiKeyStore. Imports
// skip what the target already holds (by id), so a copy interrupted halfway can simply run again.
import { type EventRow, toEvent } from './rows.js';
import type { NewSecret } from './secret-store.js';
import type { WebhookEventRecord } from './webhook-outbox.js';

/** A webhook event waiting for delivery, with its schedule (attempts: those made so far). */
export interface QueuedEvent extends WebhookEventRecord {
  nextAttemptAt: number;
}

export interface StoreTransfer {
  /** Unread, unburned secrets with expires_at > now and ids after `afterId`, by id, at most `limit`. */
  liveSecrets(now: number, afterId: string, limit: number): Promise<NewSecret[]>;
  /** Every event still queued, oldest first. */
  queuedEvents(): Promise<QueuedEvent[]>;
  /** Inserts each secret whose id is not present yet (never touching one that is); returns how many. */
  importSecrets(secrets: NewSecret[]): Promise<number>;
  /** Inserts each event whose id is not present yet, unleased; returns how many. */
  importEvents(events: QueuedEvent[]): Promise<number>;
}

/** The webhook_events columns both engines read and write, in this order. */
export const EVENT_COLUMNS = 'event_id, event, secret_id, occurred_at, hint, url, sealed_secret, attempts, next_attempt_at';

export interface SecretRow {
  id: string; blob: string; created_at: number; expires_at: number; purge_at: number; hint: string | null; split_url_mode: boolean | number;
  owner_key_id: string | null; callback_url: string | null; callback_secret: string | null; claim_hash: string | null;
}

export const toSecret = (r: SecretRow): NewSecret => ({
  id: r.id, blob: r.blob, createdAt: r.created_at, expiresAt: r.expires_at, purgeAt: r.purge_at, hint: r.hint, splitUrlMode: Boolean(r.split_url_mode),
  ownerKeyId: r.owner_key_id, callbackUrl: r.callback_url, callbackSecret: r.callback_secret, claimHash: r.claim_hash,
});

export interface QueuedEventRow extends EventRow {
  next_attempt_at: number;
}

export const toQueuedEvent = (r: QueuedEventRow): QueuedEvent => ({ ...toEvent(r), nextAttemptAt: r.next_attempt_at });

export const eventValues = (e: QueuedEvent): unknown[] => [e.eventId, e.event, e.secretId, e.occurredAt, e.hint, e.url, e.sealedSecret, e.attempts, e.nextAttemptAt];

/** The WHERE clause of a live secret; `now` and `afterId` are the two parameters, in that order. */
export const LIVE = 'blob IS NOT NULL AND consumed_at IS NULL AND burned_at IS NULL AND expires_at > {now} AND id > {after}';
