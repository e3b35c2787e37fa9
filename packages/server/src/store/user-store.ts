// Users and the invites that let people join. There are no passwords: a user signs in with a
// passkey (passkey-store.ts). Names are unique regardless of case.
import type { TierName } from 'zephr';
import type { ApiKeyRecord } from './api-key-store.js';
import type { PasskeyRecord } from './passkey-store.js';

export interface UserRecord {
  id: string;
  name: string;
  tier: TierName;
  isAdmin: boolean;
  createdAt: number;
  disabledAt: number | null;
}

export interface InviteRecord {
  id: string;
  /** SHA-256 of the invite token, hex; the token itself is only in the link. */
  hash: string;
  tier: TierName;
  isAdmin: boolean;
  /** The admin who made it; null when made with `zephr-server users invite`. */
  createdBy: string | null;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  usedBy: string | null;
}

export interface SignUp {
  user: UserRecord;
  passkey: PasskeyRecord;
  /** The user's record for what they create from the web pages (an ApiKeyRecord of kind `web`). */
  webKey: ApiKeyRecord;
  /** The invite's hash, or null when sign-up is open to anyone. */
  inviteHash: string | null;
  now: number;
}

export type SignUpResult = { kind: 'created' } | { kind: 'invite_invalid' } | { kind: 'name_taken' };

export interface UserChanges {
  tier?: TierName;
  isAdmin?: boolean;
  disabledAt?: number | null;
}

export interface UserStore {
  /**
   * Atomically: when `inviteHash` is given, marks that invite used (it must be unused and
   * unexpired, else `invite_invalid`); refuses a name already taken (any case); then inserts the
   * user, their first passkey and their web key. Nothing is written unless all of it is.
   */
  signUp(request: SignUp): Promise<SignUpResult>;
  get(id: string): Promise<UserRecord | null>;
  /** The user with this name, compared without case; null if none. */
  findByName(name: string): Promise<UserRecord | null>;
  /** Every user, oldest first. */
  list(): Promise<UserRecord[]>;
  count(): Promise<number>;
  /** Applies the changes (and a tier change to the user's keys); false when no such user. */
  update(id: string, changes: UserChanges): Promise<boolean>;
  /** Deletes the user with their passkeys and sessions and revokes their keys at `now`; false when no such user. */
  remove(id: string, now: number): Promise<boolean>;

  insertInvite(invite: InviteRecord): Promise<void>;
  /** An unused, unexpired invite by hash; null otherwise. */
  findInvite(hash: string, now: number): Promise<InviteRecord | null>;
  /** Unused, unexpired invites, newest first. */
  listInvites(now: number): Promise<InviteRecord[]>;
  /** Deletes an unused invite; false when there is none with this id. */
  revokeInvite(id: string): Promise<boolean>;
}
