// The device authorisation flow of `zephr login` (RFC 8628's shape): the CLI holds a device code
// (stored hashed), the user approves its short user code in the browser, and the CLI's next poll
// receives a new API key, exactly once.
import type { ApiKeyRecord } from './api-key-store.js';

export interface DeviceCodeRecord {
  id: string;
  /** SHA-256 of the device code, hex. */
  hash: string;
  /** What the user types or sees, e.g. BCDF-GHJK. */
  userCode: string;
  /** What asked, e.g. "zephr CLI on build-01". */
  label: string | null;
  createdAt: number;
  expiresAt: number;
  /** Set by approve: who approved it. */
  userId: string | null;
  approvedAt: number | null;
  deniedAt: number | null;
  /** Set when the key was handed to the CLI. */
  keyId: string | null;
}

export type DeliverResult =
  | { kind: 'delivered'; userId: string }
  | { kind: 'pending' }
  | { kind: 'denied' }
  | { kind: 'expired' }
  /** Unknown code, or its key was handed out already. */
  | { kind: 'invalid' };

export interface DeviceCodeStore {
  insert(code: DeviceCodeRecord): Promise<void>;
  /** A code still waiting for an answer (not expired, not approved or denied); null otherwise. */
  findPending(userCode: string, now: number): Promise<DeviceCodeRecord | null>;
  /** Approves a pending code for `userId`; false when it is not pending. */
  approve(userCode: string, userId: string, now: number): Promise<boolean>;
  /** Denies a pending code; false when it is not pending. */
  deny(userCode: string, now: number): Promise<boolean>;
  /**
   * For the CLI's poll: when the code is approved and no key was handed out yet, atomically
   * inserts the key `makeKey` makes for the approving user (given their id and the code's label) and
   * marks the code delivered. Concurrent polls deliver at most one key.
   */
  deliver(hash: string, now: number, makeKey: (userId: string, label: string | null) => Promise<ApiKeyRecord> | ApiKeyRecord): Promise<DeliverResult>;
}
