// How account records look on the wire: snake_case, ISO times, and never a hash, a public key
// or a token (a new API key's value is returned once, by the route that makes it).
import type { ApiKeyRecord, AuditEntry, InviteRecord, PasskeyRecord, SessionRecord, UserRecord } from '../store/store.js';

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export const userView = (u: UserRecord) => ({ id: u.id, name: u.name, tier: u.tier, is_admin: u.isAdmin, created_at: iso(u.createdAt), disabled: u.disabledAt !== null });

export const keyView = (k: ApiKeyRecord) => ({
  id: k.id, prefix: k.prefix, label: k.label, tier: k.tier, created_at: iso(k.createdAt), last_used_at: iso(k.lastUsedAt), revoked_at: iso(k.revokedAt),
});

export const adminKeyView = (k: ApiKeyRecord, owners: Map<string, UserRecord>) => ({
  ...keyView(k), owner: (k.userId ?? null) === null ? null : { id: k.userId!, name: owners.get(k.userId!)?.name ?? null },
});

export const passkeyView = (p: PasskeyRecord) => ({ id: p.id, name: p.name, created_at: iso(p.createdAt), last_used_at: iso(p.lastUsedAt) });

export const sessionView = (s: SessionRecord, currentId: string) => ({
  id: s.id, label: s.label, created_at: iso(s.createdAt), last_seen_at: iso(s.lastSeenAt), expires_at: iso(s.expiresAt), current: s.id === currentId,
});

export const inviteView = (i: InviteRecord) => ({ id: i.id, tier: i.tier, is_admin: i.isAdmin, created_at: iso(i.createdAt), expires_at: iso(i.expiresAt) });

type SecretState = 'waiting' | 'consumed' | 'burned' | 'expired';
type RequestState = 'open' | 'sent' | 'received' | 'cancelled' | 'expired';

/** What became of a secret or a request, as the audit trail says it. */
export function auditState(e: AuditEntry, now: number): SecretState | RequestState {
  if (e.kind === 'request') {
    if (e.burnedAt !== null) return 'cancelled';
    if (e.consumedAt !== null) return 'received';
    if (now >= e.expiresAt || !e.hasBlob) return 'expired';
    return e.fulfilledAt === null ? 'open' : 'sent';
  }
  if (e.burnedAt !== null) return 'burned';
  if (e.consumedAt !== null) return 'consumed';
  return now >= e.expiresAt || !e.hasBlob ? 'expired' : 'waiting';
}

export const auditView = (e: AuditEntry, now: number) => ({
  kind: e.kind, id: e.id, id_prefix: e.id.slice(0, 6), hint: e.hint, created_at: iso(e.createdAt), expires_at: iso(e.expiresAt), fulfilled_at: iso(e.fulfilledAt),
  state: auditState(e, now), ended_at: iso(e.burnedAt ?? e.consumedAt ?? (now >= e.expiresAt ? e.expiresAt : null)),
  via: e.keyKind === 'web' ? { kind: 'web' } : { kind: 'key', key_id: e.keyId, prefix: e.keyPrefix, label: e.keyLabel },
  webhook: e.webhook,
});
