// The audit trail: what became of each secret a user's keys (and web pages) created, and of each request they made. It reads the
// secrets' own records, which for secrets with an owner are kept (metadata only: the blob is gone
// once a secret ends) for the retention period after the secret ends (SecretStore.sweep).
export type WebhookOutcome = 'delivered' | 'failed' | 'refused';

export interface AuditEntry {
  /** A secret the user created, or a request the user made (api.md §3.7); a request's fulfilment is its row. */
  kind: 'secret' | 'request';
  id: string;
  hint: string | null;
  createdAt: number;
  expiresAt: number;
  consumedAt: number | null;
  /** For a request: when it was cancelled (or its fulfilment burned). */
  burnedAt: number | null;
  /** True while the ciphertext is stored (waiting, or retained for a claim's retry); for a request also while it is open. */
  hasBlob: boolean;
  /** For a request: when a sender answered it. */
  fulfilledAt: number | null;
  /** The key it was created with, and that key's prefix and label; kind `web` for the web pages. */
  keyId: string;
  keyPrefix: string;
  keyLabel: string | null;
  keyKind: 'key' | 'web';
  /**
   * The callback's state: `armed` (set, nothing happened yet), `queued` (an event waits for
   * delivery), or the outcome of its delivery; null without a callback.
   */
  webhook: 'armed' | 'queued' | WebhookOutcome | null;
}

export interface OwnedSecret {
  userId: string;
  claimHash: string | null;
}

export interface AuditStore {
  /** The user's secrets, newest first, created before `before` (exclusive), at most `limit`. */
  list(userId: string, before: number, limit: number): Promise<AuditEntry[]>;
  /** Who owns a secret, and its claim hash (so its owner may burn it); null when it has no owning user or does not exist. */
  owner(secretId: string): Promise<OwnedSecret | null>;
}
