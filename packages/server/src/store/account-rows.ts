// Rows of the account tables (same column names in every schema) to records, and back: written
// once so the engines cannot drift apart. Booleans arrive as 0/1 from SQLite and true/false from
// PostgreSQL; Boolean() reads both.
import type { TierName } from 'zephr';
import type { AuditEntry, WebhookOutcome } from './audit-store.js';
import type { DeviceCodeRecord } from './device-code-store.js';
import type { ChallengeRecord, PasskeyRecord } from './passkey-store.js';
import type { SessionRecord } from './session-store.js';
import type { InviteRecord, UserRecord } from './user-store.js';

export interface UserRow { id: string; name: string; tier: string; is_admin: number | boolean; created_at: number; disabled_at: number | null }
export const toUser = (r: UserRow): UserRecord => ({
  id: r.id, name: r.name, tier: r.tier as TierName, isAdmin: Boolean(r.is_admin), createdAt: r.created_at, disabledAt: r.disabled_at,
});
export const USER_COLUMNS = 'id, name, tier, is_admin, created_at, disabled_at';
export const userValues = (u: UserRecord, bool: (b: boolean) => unknown): unknown[] => [u.id, u.name, u.tier, bool(u.isAdmin), u.createdAt, u.disabledAt];

export interface InviteRow {
  id: string; hash: string; tier: string; is_admin: number | boolean; created_by: string | null; created_at: number; expires_at: number; used_at: number | null; used_by: string | null;
}
export const toInvite = (r: InviteRow): InviteRecord => ({
  id: r.id, hash: r.hash, tier: r.tier as TierName, isAdmin: Boolean(r.is_admin), createdBy: r.created_by, createdAt: r.created_at,
  expiresAt: r.expires_at, usedAt: r.used_at, usedBy: r.used_by,
});
export const INVITE_COLUMNS = 'id, hash, tier, is_admin, created_by, created_at, expires_at, used_at, used_by';
export const inviteValues = (i: InviteRecord, bool: (b: boolean) => unknown): unknown[] => [i.id, i.hash, i.tier, bool(i.isAdmin), i.createdBy, i.createdAt, i.expiresAt, i.usedAt, i.usedBy];

export interface PasskeyRow {
  id: string; user_id: string; public_key: string; counter: number; transports: string; name: string; created_at: number; last_used_at: number | null;
}
export const toPasskey = (r: PasskeyRow): PasskeyRecord => ({
  id: r.id, userId: r.user_id, publicKey: r.public_key, counter: Number(r.counter), transports: JSON.parse(r.transports) as string[],
  name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at,
});
export const PASSKEY_COLUMNS = 'id, user_id, public_key, counter, transports, name, created_at, last_used_at';
export const passkeyValues = (p: PasskeyRecord): unknown[] => [p.id, p.userId, p.publicKey, p.counter, JSON.stringify(p.transports), p.name, p.createdAt, p.lastUsedAt];

export interface ChallengeRow { challenge: string; purpose: string; data: string; expires_at: number }
export const toChallenge = (r: ChallengeRow): ChallengeRecord => ({
  challenge: r.challenge, purpose: r.purpose as ChallengeRecord['purpose'], data: r.data, expiresAt: r.expires_at,
});

export interface SessionRow { id: string; hash: string; user_id: string; created_at: number; last_seen_at: number; expires_at: number; label: string | null }
export const toSession = (r: SessionRow): SessionRecord => ({
  id: r.id, hash: r.hash, userId: r.user_id, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at, label: r.label,
});
export const SESSION_COLUMNS = 'id, hash, user_id, created_at, last_seen_at, expires_at, label';
export const sessionValues = (s: SessionRecord): unknown[] => [s.id, s.hash, s.userId, s.createdAt, s.lastSeenAt, s.expiresAt, s.label];

export interface DeviceCodeRow {
  id: string; hash: string; user_code: string; label: string | null; created_at: number; expires_at: number;
  user_id: string | null; approved_at: number | null; denied_at: number | null; key_id: string | null;
}
export const toDeviceCode = (r: DeviceCodeRow): DeviceCodeRecord => ({
  id: r.id, hash: r.hash, userCode: r.user_code, label: r.label, createdAt: r.created_at, expiresAt: r.expires_at,
  userId: r.user_id, approvedAt: r.approved_at, deniedAt: r.denied_at, keyId: r.key_id,
});
export const DEVICE_CODE_COLUMNS = 'id, hash, user_code, label, created_at, expires_at, user_id, approved_at, denied_at, key_id';
export const deviceCodeValues = (d: DeviceCodeRecord): unknown[] => [d.id, d.hash, d.userCode, d.label, d.createdAt, d.expiresAt, d.userId, d.approvedAt, d.deniedAt, d.keyId];

/** What a device-code poll finds, in order of precedence. */
export function deviceState(r: DeviceCodeRow | undefined, now: number): 'invalid' | 'expired' | 'denied' | 'pending' | 'approved' {
  if (r === undefined || r.key_id !== null) return 'invalid';
  if (r.denied_at !== null) return 'denied';
  if (now >= r.expires_at) return 'expired';
  return r.approved_at !== null && r.user_id !== null ? 'approved' : 'pending';
}

/** The audit trail's query: a user's secrets, through the keys that created them. `$user`, `$before`, `$limit` are placeholders. */
// Secrets, except those that fulfilled a request (the request's row speaks for them), and the
// user's requests with their fulfilment's state.
export const AUDIT_QUERY = `SELECT * FROM (
  SELECT 'secret' AS kind, s.id, s.hint, s.created_at, s.expires_at, s.consumed_at, s.burned_at, (s.blob IS NOT NULL) AS has_blob, NULL AS fulfilled_at,
      k.id AS key_id, k.prefix AS key_prefix, k.label AS key_label, k.kind AS key_kind, s.webhook_outcome,
      (s.callback_url IS NOT NULL) AS armed, EXISTS (SELECT 1 FROM webhook_events e WHERE e.secret_id = s.id) AS queued
    FROM api_keys k JOIN secrets s ON s.owner_key_id = k.id
    WHERE k.user_id = $user AND s.created_at < $before AND NOT EXISTS (SELECT 1 FROM requests q WHERE q.secret_id = s.id)
  UNION ALL
  SELECT 'request' AS kind, r.id, r.hint, r.created_at, coalesce(f.expires_at, r.expires_at) AS expires_at, f.consumed_at,
      coalesce(r.cancelled_at, f.burned_at) AS burned_at, (f.blob IS NOT NULL OR (r.secret_id IS NULL AND r.cancelled_at IS NULL)) AS has_blob, r.fulfilled_at,
      k.id AS key_id, k.prefix AS key_prefix, k.label AS key_label, k.kind AS key_kind, NULL AS webhook_outcome,
      (r.callback_url IS NOT NULL) AS armed, EXISTS (SELECT 1 FROM webhook_events e WHERE e.secret_id = r.id) AS queued
    FROM api_keys k JOIN requests r ON r.owner_key_id = k.id LEFT JOIN secrets f ON f.id = r.secret_id
    WHERE k.user_id = $user AND r.created_at < $before
) AS trail ORDER BY created_at DESC, id DESC LIMIT $limit`;

export interface AuditRow {
  kind: string; id: string; hint: string | null; created_at: number; expires_at: number; consumed_at: number | null; burned_at: number | null;
  has_blob: number | boolean; fulfilled_at: number | null;
  key_id: string; key_prefix: string; key_label: string | null; key_kind: string; webhook_outcome: string | null; armed: number | boolean; queued: number | boolean;
}
export const toAudit = (r: AuditRow): AuditEntry => ({
  kind: r.kind === 'request' ? 'request' : 'secret',
  id: r.id, hint: r.hint, createdAt: Number(r.created_at), expiresAt: Number(r.expires_at), consumedAt: r.consumed_at === null ? null : Number(r.consumed_at),
  burnedAt: r.burned_at === null ? null : Number(r.burned_at), hasBlob: Boolean(r.has_blob), fulfilledAt: r.fulfilled_at === null ? null : Number(r.fulfilled_at),
  keyId: r.key_id, keyPrefix: r.key_prefix, keyLabel: r.key_label, keyKind: r.key_kind === 'web' ? 'web' : 'key',
  webhook: r.webhook_outcome !== null ? (r.webhook_outcome as WebhookOutcome) : r.queued ? 'queued' : r.armed ? 'armed' : null,
});

/** Who owns a secret: `$id` is the placeholder. */
export const OWNER_QUERY = `SELECT k.user_id, s.claim_hash FROM secrets s JOIN api_keys k ON k.id = s.owner_key_id WHERE s.id = $id AND k.user_id IS NOT NULL`;
