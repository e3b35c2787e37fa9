// The audit trail: what became of each secret a user's keys (and web pages) created. It reads the
// secrets' own records, which for secrets with an owner are kept (metadata only: the blob is gone
// once a secret ends) for the retention period after the secret ends (SecretStore.sweep).
export type WebhookOutcome = 'delivered' | 'failed' | 'refused';

export interface AuditEntry {
  id: string;
  hint: string | null;
  createdAt: number;
  expiresAt: number;
  consumedAt: number | null;
  burnedAt: number | null;
  /** True while the ciphertext is stored (waiting, or retained for a claim's retry). */
  hasBlob: boolean;
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
