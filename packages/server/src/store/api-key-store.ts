// API keys: only a hash of each key is stored (domain/api-keys.ts makes and checks them).
import type { TierName } from 'zephr';

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
}

export interface ApiKeyStore {
  /** Stores a new key; rejects when the id or hash exists already. */
  insert(record: ApiKeyRecord): Promise<void>;
  /** The key with this hash, revoked or not; null if none. */
  findByHash(hash: string): Promise<ApiKeyRecord | null>;
  /** Every key, oldest first (ties by id). */
  list(): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked at `now` (the first revocation time stays); false when no such key exists. */
  revoke(id: string, now: number): Promise<boolean>;
  /** False when no such key exists. */
  setTier(id: string, tier: TierName): Promise<boolean>;
}
