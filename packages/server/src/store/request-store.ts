// Requests (spec api.md §3.7): a record the requester registers and a sender fulfils once. The
// fulfilment is an ordinary claimed secret (SecretStore), bound to the request's claim hash, so
// receiving it is a consume and keeps every consume-once guarantee.
import type { CreateRequest, CreateResult, NewSecret, StoredResponse } from './secret-store.js';

export interface NewRequest {
  id: string;
  createdAt: number;
  /** Fulfilment is possible until then. */
  expiresAt: number;
  purgeAt: number;
  /** The expiry the requester chose: a fulfilled secret lives this long from its fulfilment. */
  expiryMinutes: number;
  hint: string | null;
  /** SHA-256 of the request claim token (protocol.md P-REQ-4), base64url. */
  claimHash: string;
  ownerKeyId: string | null;
  /** The requester's tier's size limit when the request was made, in bytes of secret. */
  maxSecretBytes: number;
  callbackUrl: string | null;
  /** Sealed with the server key, bound to the request id. */
  callbackSecret: string | null;
}

export interface RequestRecord extends Omit<NewRequest, 'callbackUrl' | 'callbackSecret'> {
  fulfilledAt: number | null;
  cancelledAt: number | null;
  /** The secret that fulfilled it. */
  secretId: string | null;
}

export type FulfilResult =
  | { kind: 'fulfilled'; webhookQueued: boolean }
  | { kind: 'already_fulfilled' }
  | { kind: 'cancelled' }
  | { kind: 'expired' }
  | { kind: 'not_found' };

export interface RequestStore {
  /**
   * Registers a request, counted as one create against `quota` exactly as SecretStore.create
   * counts (refused once `limit` succeeded, concurrent calls as if one at a time), with the same
   * idempotency: when `idempotency` names a live claim for (scope, key) it returns `replayed` with
   * that claim's response and changes nothing; concurrent calls with one key register one request.
   * Durable when it resolves `created`.
   */
  createRequest(request: NewRequest, quota: CreateRequest['quota'], idempotency: CreateRequest['idempotency'], response: StoredResponse, now: number): Promise<CreateResult>;

  /** The request, or null for an unknown id and one past purge_at. Changes nothing. */
  findRequest(id: string, now: number): Promise<RequestRecord | null>;

  /**
   * Fulfils an open request exactly once, ever, across processes: in one durable step, if the
   * request exists, is neither fulfilled nor cancelled and now < expires_at, inserts `secret` (the
   * caller builds it with the request's claim hash and owner), records its id on the request and,
   * when the request has a callback, queues a `request.fulfilled` event with id `eventId` (the
   * event's secret_id is the request id) and clears the request's callback fields.
   */
  fulfil(id: string, now: number, secret: NewSecret, eventId: string): Promise<FulfilResult>;

  /** Marks an unfulfilled, uncancelled request cancelled; false when it was not (fulfilled meanwhile, or cancelled). */
  cancelOpen(id: string, now: number): Promise<boolean>;

  /** Marks a request cancelled whatever its fulfilment (its secret is burned by the caller). */
  markCancelled(id: string, now: number): Promise<void>;

  /**
   * Deletes up to `batchSize` requests past purge_at; one made with a key (ownerKeyId set) only
   * once `retentionMs` have also passed since it ended (fulfilled, cancelled or expired). Its
   * secret, if any, is a secret record with its own purge. Returns how many went.
   */
  sweepRequests(now: number, batchSize: number, retentionMs: number): Promise<number>;
}
