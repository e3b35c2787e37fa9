// The store: one small interface per concern, each with its written contract and its contract
// suite (test/support/contracts/), run unchanged on every engine. An engine (SQLite, PostgreSQL,
// or a new one) implements each part and passes every suite; nothing above the store changes.
// Times are milliseconds since the epoch, supplied by the caller (the domain's injected clock):
// a store never reads the clock itself.
import type { ApiKeyStore } from './api-key-store.js';
import type { AuditStore } from './audit-store.js';
import type { DeviceCodeStore } from './device-code-store.js';
import type { PasskeyStore } from './passkey-store.js';
import type { RequestStore } from './request-store.js';
import type { SecretStore } from './secret-store.js';
import type { SessionStore } from './session-store.js';
import type { SettingsStore } from './settings-store.js';
import type { StoreTransfer } from './transfer.js';
import type { UserStore } from './user-store.js';
import type { WebhookOutbox } from './webhook-outbox.js';

export type { ApiKeyRecord, ApiKeyStore, ResolvedKey } from './api-key-store.js';
export type { AuditEntry, AuditStore, WebhookOutcome } from './audit-store.js';
export type { DeliverResult, DeviceCodeRecord, DeviceCodeStore } from './device-code-store.js';
export type { ChallengeRecord, PasskeyRecord, PasskeyStore } from './passkey-store.js';
export type { SessionRecord, SessionStore } from './session-store.js';
export type { InviteRecord, SignUp, SignUpResult, UserChanges, UserRecord, UserStore } from './user-store.js';
export type { FulfilResult, NewRequest, RequestRecord, RequestStore } from './request-store.js';
export type { ConsumeResult, CreateRequest, CreateResult, NewSecret, SecretStore, StoredResponse, SweepResult } from './secret-store.js';
export { installationSecret, type SettingsStore } from './settings-store.js';
export { StoreUnavailable } from './store-unavailable.js';
export type { QueuedEvent, StoreTransfer } from './transfer.js';
export type { WebhookEventRecord, WebhookOutbox } from './webhook-outbox.js';

export interface Store {
  /** The engine's name, as logged at start ("sqlite", "postgres"). */
  readonly engine: string;
  readonly secrets: SecretStore;
  readonly requests: RequestStore;
  readonly outbox: WebhookOutbox;
  readonly apiKeys: ApiKeyStore;
  readonly settings: SettingsStore;
  readonly users: UserStore;
  readonly passkeys: PasskeyStore;
  readonly sessions: SessionStore;
  readonly deviceCodes: DeviceCodeStore;
  readonly audit: AuditStore;
  /** Export and import of what lasts, for moving to another engine (zephr-server copy-to). */
  readonly transfer: StoreTransfer;
  /** Resolves when the store answers a trivial query; rejects otherwise (also once closed). */
  ping(): Promise<void>;
  /** Commits what is queued, then releases the store. Idempotent. */
  close(): Promise<void>;
}
