// Secrets and consume-once: the part of the store every request touches.
import type { CreatedResponse } from 'zephr';
import type { Proof } from './rows.js';

export type { Proof } from './rows.js';

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
  /** SHA-256 of the claim token (base64url): only a request with that token may consume, preview or burn. */
  claimHash: string | null;
}

/** A claim: the proof, and until when the blob is kept for a retry of this same claim. */
export interface ClaimAttempt extends Proof {
  /** The blob stays for a retry with the same Idempotency-Key until then (no retention when <= now). */
  retainUntil: number;
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

/** Why a secret cannot be consumed, previewed or burned (see consumeOutcome in rows.ts). */
export type Refusal = { kind: 'already_consumed' } | { kind: 'burned' } | { kind: 'expired' } | { kind: 'not_found' };

export type ConsumeResult =
  /** `replayed`: a retry of the claim that consumed it, answered again with the same blob (no new event). */
  | { kind: 'consumed'; blob: string; hint: string | null; purgeAt: number; webhookQueued: boolean; replayed: boolean }
  | Refusal;

export type PeekResult = { kind: 'live'; createdAt: number; expiresAt: number; hint: string | null } | Refusal;

/** `again`: it had already been burned (by this holder or another); nothing changed. */
export type BurnResult = { kind: 'burned'; again: boolean; webhookQueued: boolean } | Exclude<Refusal, { kind: 'burned' }>;

export interface SweepResult {
  /** Unconsumed secrets past expires_at whose ciphertext was destroyed in this call. */
  expired: number;
  /** secret.expired webhook events queued in this call (one per expired, unread secret with a callback, ever). */
  events: number;
  /** Retained blobs of consumed secrets whose retry window closed, destroyed in this call. */
  released: number;
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
   * present), `already_consumed` for a tombstone, `burned` for a burned one, `not_found` for
   * unknown ids and records past purge_at. `claim` is null for a plain GET: a record with a claim
   * hash is then `not_found` and unchanged, as it is for a claim whose token does not match.
   * A matching claim with an Idempotency-Key and `retainUntil` > now keeps the blob on the
   * consumed record until then, and a later call with the same token and key gets `consumed`
   * again with `replayed` (every other caller gets `already_consumed`).
   */
  consume(id: string, now: number, eventId: string, claim: ClaimAttempt | null): Promise<ConsumeResult>;

  /** Reads a live secret's metadata for a matching claim hash, changing nothing; refusals as for consume. */
  peek(id: string, now: number, claimHash: string): Promise<PeekResult>;

  /**
   * For a matching claim hash, destroys an unread secret in one durable step: the blob goes, the
   * record becomes a burned tombstone, and when it has a callback a `secret.burned` event with
   * id `eventId` is queued (once, ever). Refusals as for consume; burning a burned record again
   * is `burned` with `again`.
   */
  burn(id: string, now: number, claimHash: string, eventId: string): Promise<BurnResult>;

  /**
   * Queues a `secret.expired` event (ids from `newEventId`) for up to `batchSize` unconsumed
   * secrets past expires_at that have a callback, clearing their callback fields in the same step
   * so each gets exactly one event, even with several processes sweeping; then destroys the
   * ciphertext of up to `batchSize` expired unconsumed secrets and the retained blobs of up to
   * `batchSize` consumed ones whose retry window closed, deletes up to `batchSize` records
   * past purge_at (never one still owed its event), and deletes stale idempotency and quota rows.
   * A record made with an API key (ownerKeyId set) is its owner's audit record: it is deleted only
   * once it is past purge_at and `retentionMs` (default 0) have passed since it ended (consumed,
   * burned or expired). Callers loop while a batch comes back full (up to `batchSize` of each kind).
   */
  sweep(now: number, batchSize: number, newEventId: () => string, retentionMs?: number): Promise<SweepResult>;

  /** Creates counted for `subject` in `period` (0 when none). */
  quotaUsage(subject: string, period: string): Promise<number>;
}
