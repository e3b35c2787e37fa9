// Request rows as both engines store them (snake_case columns), mapped to the store's records.
import type { NewRequest, RequestRecord } from './request-store.js';

export const REQUEST_COLUMNS = 'id, created_at, expires_at, purge_at, expiry_minutes, hint, claim_hash, owner_key_id, max_secret_bytes, callback_url, callback_secret';

/** A new request's values in REQUEST_COLUMNS order. */
export const requestValues = (r: NewRequest): unknown[] => [
  r.id, r.createdAt, r.expiresAt, r.purgeAt, r.expiryMinutes, r.hint, r.claimHash, r.ownerKeyId, r.maxSecretBytes, r.callbackUrl, r.callbackSecret,
];

export const REQUEST_RECORD_COLUMNS = 'id, created_at, expires_at, purge_at, expiry_minutes, hint, claim_hash, owner_key_id, max_secret_bytes, fulfilled_at, cancelled_at, secret_id';

export interface RequestRow {
  id: string;
  created_at: number | string;
  expires_at: number | string;
  purge_at: number | string;
  expiry_minutes: number;
  hint: string | null;
  claim_hash: string;
  owner_key_id: string | null;
  max_secret_bytes: number;
  fulfilled_at: number | string | null;
  cancelled_at: number | string | null;
  secret_id: string | null;
}

const time = (v: number | string | null): number | null => (v === null ? null : Number(v));

export const requestRecord = (r: RequestRow): RequestRecord => ({
  id: r.id, createdAt: Number(r.created_at), expiresAt: Number(r.expires_at), purgeAt: Number(r.purge_at), expiryMinutes: r.expiry_minutes,
  hint: r.hint, claimHash: r.claim_hash, ownerKeyId: r.owner_key_id, maxSecretBytes: r.max_secret_bytes,
  fulfilledAt: time(r.fulfilled_at), cancelledAt: time(r.cancelled_at), secretId: r.secret_id,
});
