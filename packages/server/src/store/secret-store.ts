// Secrets and consume-once: the part of the store every request touches.
import type { CreatedResponse } from 'zephr';

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
export type StoredResponse = CreatedResponse;

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
  | { kind: 'quota_exceeded' };

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

export interface SecretStore {
  /**
   * Atomically: if `idempotency` names a live claim for (scope, key), returns `replayed` with its
   * response and changes nothing. Otherwise, if the quota row shows `limit` or more creates,
   * returns `quota_exceeded`. Otherwise inserts the secret, increments the quota, stores the
   * idempotency claim, and returns `created`. Concurrent calls (across processes too) behave as
   * if run one at a time; when this resolves `created`, the secret is durable.
   */
  create(request: CreateRequest): Promise<CreateResult>;

  /**
   * Consumes a secret exactly once, by the rule in rows.ts (consumeOutcome). Returns `consumed`
   * with the blob to exactly one caller, ever, across processes, and in the same durable step
   * destroys the blob (a tombstone remains until purge_at). When the secret has a callback, that
   * same step queues a `secret.consumed` event with id `eventId` in the outbox and clears the
   * record's callback fields. `expired` when now >= expires_at (destroying the blob if still
   * present), `already_consumed` for a tombstone, `not_found` for unknown ids and records past
   * purge_at.
   */
  consume(id: string, now: number, eventId: string): Promise<ConsumeResult>;

  /**
   * Queues a `secret.expired` event (ids from `newEventId`) for up to `batchSize` unconsumed
   * secrets past expires_at that have a callback, clearing their callback fields in the same step
   * so each gets exactly one event, even with several processes sweeping; then destroys the
   * ciphertext of up to `batchSize` expired unconsumed secrets, deletes up to `batchSize` records
   * past purge_at (never one still owed its event), and deletes stale idempotency and quota rows.
   * Callers loop while a batch comes back full.
   */
  sweep(now: number, batchSize: number, newEventId: () => string): Promise<SweepResult>;

  /** Creates counted for `subject` in `period` (0 when none). */
  quotaUsage(subject: string, period: string): Promise<number>;
}
