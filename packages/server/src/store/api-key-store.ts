// API keys: only a hash of each key is stored (domain/api-keys.ts makes and checks them). A key
// belongs to a signed-in user (made at /account or by `zephr login`) or to no one (made by the
// operator with `zephr-server keys create`). A user's keys have the user's tier.
import type { TierName } from 'zephr';

/** `key`: a bearer key someone holds. `web`: a user's own record for what they create from the web pages; never presented. */
export type ApiKeyKind = 'key' | 'web';

export interface ApiKeyRecord {
  id: string;
  /** SHA-256 of the key, hex. */
  hash: string;
  /** The first characters of the key, for people to recognise it. */
  prefix: string;
  tier: TierName;
  label: string | null;
  createdAt: number;
  revokedAt: number | null;
  /** The user it belongs to; null (or absent on insert) for an operator's key. */
  userId?: string | null;
  kind?: ApiKeyKind;
  /** Last accepted use, to the minute or so (not written on every request). */
  lastUsedAt?: number | null;
}

/** A key as found for a request: its owner's tier and state come with it. */
export interface ResolvedKey extends ApiKeyRecord {
  /** True when the owning user is disabled (or removed). */
  ownerDisabled: boolean;
}

export interface ApiKeyStore {
  /** Stores a new key; rejects when the id or hash exists already. */
  insert(record: ApiKeyRecord): Promise<void>;
  /** The key with this hash, revoked or not, with its owner's tier when it has one; null if none. */
  findByHash(hash: string): Promise<ResolvedKey | null>;
  /** One key by id; null if none. */
  get(id: string): Promise<ApiKeyRecord | null>;
  /** Every key, oldest first (ties by id). */
  list(): Promise<ApiKeyRecord[]>;
  /** One user's keys of kind `key`, oldest first. */
  listForUser(userId: string): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked at `now` (the first revocation time stays); false when no such key exists. */
  revoke(id: string, now: number): Promise<boolean>;
  /** False when no such key exists. */
  setTier(id: string, tier: TierName): Promise<boolean>;
  /** Records a use at `now` if the last recorded one is older than `olderThan`. */
  touch(id: string, now: number, olderThan: number): Promise<void>;
}
