// What every engine shares: the consume rule, and the mapping of rows (same column names in every
// schema) to records. Written once so the engines cannot drift apart.
import { timingSafeEqual } from 'node:crypto';
import type { TierName } from 'zephr';
import type { ApiKeyRecord } from './api-key-store.js';
import type { NewSecret } from './secret-store.js';
import type { WebhookEventRecord } from './webhook-outbox.js';

/** A secret's state as far as consuming it goes. */
export interface SecretStateRow {
  expires_at: number;
  purge_at: number;
  consumed_at: number | null;
  has_blob: boolean;
  /** SHA-256 of the claim token (base64url), or null for a secret any holder of the id may consume. */
  claim_hash: string | null;
  burned_at: number | null;
  /** The Idempotency-Key of the claim that consumed it, and until when a retry of it is answered again. */
  claim_idem: string | null;
  retain_until: number | null;
}

/** What a request presents: the SHA-256 of its claim token, and its Idempotency-Key. */
export interface Proof {
  hash: string;
  idempotencyKey: string | null;
}

export type ConsumeOutcome = 'consumable' | 'replayable' | 'already_consumed' | 'burned' | 'expired' | 'not_found';

/** Constant-time equality of two base64url digests. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The consume rule, from a record (or its absence), the clock and what the request proves. A
 * record past purge_at is as good as gone. A record bound to a claim hash is, to a request
 * without the matching token, indistinguishable from one that never existed: nothing else about
 * it is revealed or changed. Past that: a burned record says so; a consumed one may be answered
 * again only to a retry of the claim that consumed it (same Idempotency-Key) while its blob is
 * retained; one past expires_at, or whose blob a sweep destroyed, expired. Only what is left may
 * be consumed. (PostgreSQL's one-statement consume states 'consumable' in its WHERE clause.)
 */
export function consumeOutcome(row: SecretStateRow | undefined, now: number, proof: Proof | null): ConsumeOutcome {
  if (row === undefined || row.purge_at <= now) return 'not_found';
  if (row.claim_hash !== null && (proof === null || !sameDigest(row.claim_hash, proof.hash))) return 'not_found';
  if (row.consumed_at !== null) {
    if (row.burned_at !== null) return 'burned';
    const retry = proof !== null && proof.idempotencyKey !== null && row.claim_idem !== null && row.has_blob
      && row.retain_until !== null && now < row.retain_until && sameDigest(row.claim_idem, proof.idempotencyKey);
    return retry ? 'replayable' : 'already_consumed';
  }
  if (now >= row.expires_at || !row.has_blob) return 'expired';
  return 'consumable';
}

/** The rule for requests that never retry a consume (preview, burn): proof by claim hash alone. */
export function proofOutcome(row: SecretStateRow | undefined, now: number, claimHash: string): Exclude<ConsumeOutcome, 'replayable'> {
  const outcome = consumeOutcome(row, now, { hash: claimHash, idempotencyKey: null });
  // Without an Idempotency-Key nothing is a retry: a consumed record is simply consumed.
  return outcome === 'replayable' ? 'already_consumed' : outcome;
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
  user_id: string | null; kind: string; last_used_at: number | null;
}

export const toKey = (r: KeyRow): ApiKeyRecord => ({
  id: r.id, hash: r.hash, prefix: r.prefix, tier: r.tier as TierName, label: r.label, createdAt: r.created_at, revokedAt: r.revoked_at,
  userId: r.user_id, kind: r.kind === 'web' ? 'web' : 'key', lastUsedAt: r.last_used_at,
});

/** The columns of api_keys in the order both engines insert them (KEY_COLUMNS). */
export const KEY_COLUMNS = 'id, hash, prefix, tier, label, created_at, revoked_at, user_id, kind, last_used_at';
export const keyValues = (r: ApiKeyRecord): unknown[] => [r.id, r.hash, r.prefix, r.tier, r.label, r.createdAt, r.revokedAt, r.userId ?? null, r.kind ?? 'key', r.lastUsedAt ?? null];

/**
 * Finds a key with its owner's tier and state: a user's keys follow the user's tier, and a
 * disabled or removed owner makes them unusable. `$hash` is the engine's placeholder.
 */
export const RESOLVE_KEY = `SELECT k.id, k.hash, k.prefix, coalesce(u.tier, k.tier) AS tier, k.label, k.created_at, k.revoked_at, k.user_id, k.kind, k.last_used_at,
  (k.user_id IS NOT NULL AND (u.id IS NULL OR u.disabled_at IS NOT NULL)) AS owner_disabled
  FROM api_keys k LEFT JOIN users u ON u.id = k.user_id WHERE k.hash = $hash`;

/** The secrets columns a new record fills, in the order both engines insert them (create, import). */
export const SECRET_COLUMNS = 'id, blob, created_at, expires_at, purge_at, hint, split_url_mode, owner_key_id, callback_url, callback_secret, claim_hash';

/** A new record's values in SECRET_COLUMNS order; `bool` maps split_url_mode to the engine's type. */
export const secretValues = (s: NewSecret, bool: (b: boolean) => unknown): unknown[] => [
  s.id, s.blob, s.createdAt, s.expiresAt, s.purgeAt, s.hint, bool(s.splitUrlMode), s.ownerKeyId, s.callbackUrl, s.callbackSecret, s.claimHash,
];
