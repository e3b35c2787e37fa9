// The store interface and its contract. Every engine (SQLite, PostgreSQL) passes the same
// contract suite (test/store-contract.ts). Times are milliseconds since the epoch, supplied by
// the caller (the domain's injected clock): a store never reads the clock itself.
import type { TierName } from '../domain/tiers.js';

/** The store cannot be reached (the database is down or unreachable): answered as 503. */
export class StoreUnavailable extends Error {
  override name = 'StoreUnavailable';
  readonly statusCode = 503;
}

export interface NewSecret {
  id: string;
  blob: string;
  createdAt: number;
  expiresAt: number;
  purgeAt: number;
  hint: string | null;
  splitUrlMode: boolean;
  ownerKeyId: string | null;
  callbackUrl: string | null;
  /** The callback secret sealed with the server key (never the plaintext). */
  callbackSecret: string | null;
}

/** The first 201 body of an idempotent create, returned verbatim on replay. */
export interface StoredResponse {
  id: string;
  expires_at: string;
}

export interface CreateRequest {
  secret: NewSecret;
  /** Counts this create against `subject` in `period`; refuses once `limit` creates succeeded. */
  quota: { subject: string; period: string; limit: number; periodEndsAt: number };
  /** When present, (scope, key) is claimed together with the insert. */
  idempotency: { scope: string; key: string; expiresAt: number } | null;
  response: StoredResponse;
  now: number;
}

export type CreateResult =
  | { kind: 'created' }
  | { kind: 'replayed'; response: StoredResponse }
  | { kind: 'quota_exceeded'; used: number };

export type ConsumeResult =
  | { kind: 'consumed'; blob: string; hint: string | null; purgeAt: number; webhookQueued: boolean }
  | { kind: 'already_consumed' }
  | { kind: 'expired' }
  | { kind: 'not_found' };

export interface SweepResult {
  /** Unconsumed secrets past expires_at whose ciphertext was destroyed in this call. */
  expired: number;
  /** secret.expired webhook events queued in this call (one per expired, unread secret with a callback, ever). */
  events: number;
  /** Records past purge_at deleted in this call. */
  purged: number;
  /** Stale idempotency and quota rows deleted. */
  housekeeping: number;
}

/** A queued webhook event, as claimed for delivery. */
export interface WebhookEventRecord {
  eventId: string;
  event: 'secret.consumed' | 'secret.expired';
  secretId: string;
  occurredAt: number;
  hint: string | null;
  url: string;
  sealedSecret: string;
  /** Attempts so far, including the one this claim is for. */
  attempts: number;
}

export interface ApiKeyRecord {
  id: string;
  hash: string;
  prefix: string;
  tier: TierName;
  label: string | null;
  createdAt: number;
  revokedAt: number | null;
}

export interface Store {
  readonly engine: string;

  /**
   * Atomically: if `idempotency` names a live claim for (scope, key), returns `replayed` with its
   * response and changes nothing. Otherwise, if the quota row shows `limit` or more creates,
   * returns `quota_exceeded`. Otherwise inserts the secret, increments the quota, stores the
   * idempotency claim, and returns `created`. Concurrent calls (across processes too) behave as
   * if run one at a time; when this resolves `created`, the secret is durable.
   */
  createSecret(request: CreateRequest): Promise<CreateResult>;

  /**
   * Consumes a secret exactly once. Returns `consumed` with the blob to exactly one caller, ever,
   * across processes, and in the same durable step destroys the blob (a tombstone remains until
   * purge_at). When the secret has a callback, that same step queues a `secret.consumed` event
   * with id `eventId` and clears the record's callback fields. `expired` when now >= expires_at
   * (destroying the blob if still present), `already_consumed` for a tombstone, `not_found` for
   * unknown ids and records past purge_at.
   */
  consumeSecret(id: string, now: number, eventId: string): Promise<ConsumeResult>;

  /**
   * Queues a `secret.expired` event (ids from `newEventId`) for up to `batchSize` unconsumed
   * secrets past expires_at that have a callback, clearing their callback fields in the same step
   * so each gets exactly one event, even with several processes sweeping; then destroys the
   * ciphertext of up to `batchSize` expired unconsumed secrets, deletes up to `batchSize` records
   * past purge_at, and deletes stale idempotency and quota rows. Callers loop while a batch comes
   * back full.
   */
  sweep(now: number, batchSize: number, newEventId: () => string): Promise<SweepResult>;

  /**
   * Claims up to `limit` queued webhook events that are due (next attempt <= now) and not leased,
   * leasing them until `leaseUntil` and counting the attempt. Two concurrent claims never return
   * the same event while its lease holds.
   */
  claimWebhookEvents(now: number, leaseUntil: number, limit: number): Promise<WebhookEventRecord[]>;
  /** Schedules another attempt and releases the lease. */
  retryWebhookEvent(eventId: string, nextAttemptAt: number): Promise<void>;
  /** Deletes the event (delivered, or failed for good), and its sealed callback secret with it. */
  completeWebhookEvent(eventId: string): Promise<void>;

  /** Creates counted for `subject` in `period` (0 when none). */
  quotaUsage(subject: string, period: string): Promise<number>;

  /** A random 32-byte value made once per store and kept forever (used to hash client IPs). */
  installationSecret(): Promise<Uint8Array>;

  /**
   * Stores `value` under `key` unless a value is already there (first writer wins, across
   * processes); returns the stored value.
   */
  claimSetting(key: string, value: string): Promise<string>;

  insertApiKey(record: ApiKeyRecord): Promise<void>;
  /** The key with this hash, revoked or not; null if none. */
  findApiKeyByHash(hash: string): Promise<ApiKeyRecord | null>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /** Returns false when no such key exists. */
  revokeApiKey(id: string, now: number): Promise<boolean>;
  /** Returns false when no such key exists. */
  setApiKeyTier(id: string, tier: TierName): Promise<boolean>;

  /** Resolves when the store answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  /** Flushes and releases the store. Idempotent. */
  close(): Promise<void>;
}
