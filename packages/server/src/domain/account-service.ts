// Accounts: sign-up (by invite, or open) and sign-in with passkeys, sessions, a user's API keys,
// passkeys and audit trail, invites, the device flow of `zephr login`, and the admin's view of
// users. Policy only: the store keeps the records, the HTTP layer the cookies and origins.
import type { TierName } from 'zephr';
import type { ApiKeyRecord, AuditEntry, PasskeyRecord, SessionRecord, Store, UserChanges, UserRecord } from '../store/store.js';
import { issueApiKey } from './api-keys.js';
import { hashToken, newRecordId, newToken, newUserCode, normaliseUserCode, USER_NAME_PATTERN } from './account-tokens.js';
import { DomainError } from './domain-error.js';
import {
  type AuthenticationResponseJSON, Passkeys, type PublicKeyCredentialCreationOptionsJSON, type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON, type RelyingParty,
} from './passkeys.js';

export type { RelyingParty } from './passkeys.js';

export interface AccountOptions {
  store: Pick<Store, 'users' | 'passkeys' | 'sessions' | 'deviceCodes' | 'audit' | 'apiKeys'>;
  clock: () => number;
  signup: 'invite' | 'open' | 'closed';
  signupTier: TierName;
  sessionIdleMs: number;
  sessionMaxMs: number;
}

/** A signed-in request: who, and through which session. */
export interface SignedIn {
  user: UserRecord;
  session: SessionRecord;
}

/** What a sign-up or sign-in hands the HTTP layer: the cookie's token (shown once) and when it ends. */
export interface NewSession {
  token: string;
  expiresAt: number;
  user: UserRecord;
}

export interface IssuedInvite {
  token: string;
  expiresAt: number;
  tier: TierName;
  isAdmin: boolean;
}

export interface DeviceStart {
  deviceCode: string;
  userCode: string;
  expiresInSeconds: number;
  intervalSeconds: number;
}

export type DevicePoll = { kind: 'pending' } | { kind: 'delivered'; key: string; keyId: string; prefix: string; user: UserRecord };

interface SignUpData {
  userId: string;
  name: string;
  tier: TierName;
  isAdmin: boolean;
  inviteHash: string | null;
}

const INVITE_MS = 7 * 86_400_000;
const DEVICE_MS = 10 * 60_000;
const DEVICE_INTERVAL_S = 2;
/** Session and key use are written at most this often: not on every request. */
const TOUCH_MS = 60_000;

/** The link that signs someone up with an invite token (the /signin page reads it). */
export const inviteLink = (origin: string, token: string): string => `${origin}/signin?invite=${token}`;

/** The id of a user's web key (what they create from the web pages is owned by it). */
export const webKeyId = (userId: string): string => `web_${userId}`;

export class AccountService {
  readonly passkeys: Passkeys;

  constructor(private readonly o: AccountOptions) {
    this.passkeys = new Passkeys(o.store.passkeys, o.clock);
  }

  /** The service's clock (injected, so tests control expiry). */
  now(): number {
    return this.o.clock();
  }

  get signupMode(): AccountOptions['signup'] {
    return this.o.signup;
  }

  // ── Sign-up and sign-in ──────────────────────────────────────────────

  /** Is this invite token usable now? For the sign-up page, before the passkey prompt. */
  async checkInvite(token: string): Promise<{ tier: TierName; isAdmin: boolean }> {
    const invite = await this.o.store.users.findInvite(hashToken(token), this.o.clock());
    if (invite === null) throw new DomainError('INVITE_UNUSABLE');
    return { tier: invite.tier, isAdmin: invite.isAdmin };
  }

  async signUpOptions(rp: RelyingParty, name: string, inviteToken: string | null): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const clean = name.trim();
    if (!USER_NAME_PATTERN.test(clean)) throw new DomainError('INVALID_NAME');
    if (this.o.signup === 'closed') throw new DomainError('SIGNUP_CLOSED', 'Sign-up is closed on this server (ZEPHR_SIGNUP=closed)');
    let grant: { tier: TierName; isAdmin: boolean; inviteHash: string | null };
    if (inviteToken !== null) grant = { ...(await this.checkInvite(inviteToken)), inviteHash: hashToken(inviteToken) };
    else if (this.o.signup === 'open') grant = { tier: this.o.signupTier, isAdmin: false, inviteHash: null };
    else throw new DomainError('SIGNUP_CLOSED', 'Sign-up on this server needs an invite link from an admin');
    // Before the passkey prompt, so no one makes a passkey for a name that cannot be theirs (checked again at the end).
    if ((await this.o.store.users.findByName(clean)) !== null) throw new DomainError('NAME_TAKEN');
    const data: SignUpData = { userId: newRecordId('usr'), name: clean, ...grant };
    return this.passkeys.registrationOptions(rp, { id: data.userId, name: clean }, 'signup', data);
  }

  async signUp(rp: RelyingParty, response: RegistrationResponseJSON, label: string | null): Promise<NewSession> {
    // The first passkey is named after the browser it was made in ("Chrome on Linux"); more are named when added.
    const { passkey, data } = await this.passkeys.verifyRegistration<SignUpData>(rp, response, 'signup', (d) => d.userId, label ?? 'First passkey');
    const now = this.o.clock();
    const user: UserRecord = { id: data.userId, name: data.name, tier: data.tier, isAdmin: data.isAdmin, createdAt: now, disabledAt: null };
    const web = issueApiKey();
    const result = await this.o.store.users.signUp({
      user, passkey, now, inviteHash: data.inviteHash,
      // Never presented: its key is thrown away here. It owns what the user creates from the web pages.
      webKey: { id: webKeyId(user.id), hash: web.hash, prefix: 'web', tier: user.tier, label: 'Web pages', createdAt: now, revokedAt: null, userId: user.id, kind: 'web' },
    });
    if (result.kind === 'name_taken') throw new DomainError('NAME_TAKEN');
    if (result.kind === 'invite_invalid') throw new DomainError('INVITE_UNUSABLE');
    return this.startSession(user, label);
  }

  signInOptions(rp: RelyingParty): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return this.passkeys.authenticationOptions(rp);
  }

  async signIn(rp: RelyingParty, response: AuthenticationResponseJSON, label: string | null): Promise<NewSession> {
    const passkey = await this.passkeys.verifyAuthentication(rp, response);
    const user = await this.o.store.users.get(passkey.userId);
    if (user === null) throw new DomainError('INVALID_PASSKEY_RESPONSE');
    if (user.disabledAt !== null) throw new DomainError('ACCOUNT_DISABLED');
    return this.startSession(user, label);
  }

  private async startSession(user: UserRecord, label: string | null): Promise<NewSession> {
    const now = this.o.clock();
    const token = newToken();
    const expiresAt = now + this.o.sessionMaxMs;
    await this.o.store.sessions.insert({ id: newRecordId('ses'), hash: hashToken(token), userId: user.id, createdAt: now, lastSeenAt: now, expiresAt, label });
    return { token, expiresAt, user };
  }

  // ── Sessions ─────────────────────────────────────────────────────────

  /** The live session of a cookie's token, and its user; null when there is none (or the user is disabled). */
  async sessionOf(token: string): Promise<SignedIn | null> {
    const now = this.o.clock();
    const session = await this.o.store.sessions.findLive(hashToken(token), now, this.o.sessionIdleMs);
    if (session === null) return null;
    const user = await this.o.store.users.get(session.userId);
    if (user === null || user.disabledAt !== null) return null;
    if (now - session.lastSeenAt >= TOUCH_MS) await this.o.store.sessions.touch(session.id, now);
    return { user, session };
  }

  async signOut(me: SignedIn): Promise<void> {
    await this.o.store.sessions.revoke(me.user.id, me.session.id);
  }

  /** Ends every session of the user, this one included; returns how many were live. */
  async signOutEverywhere(me: SignedIn): Promise<number> {
    const live = (await this.sessions(me)).length;
    await this.o.store.sessions.revokeAll(me.user.id);
    return live;
  }

  async sessions(me: SignedIn): Promise<SessionRecord[]> {
    return this.o.store.sessions.listForUser(me.user.id, this.o.clock(), this.o.sessionIdleMs);
  }

  async revokeSession(me: SignedIn, id: string): Promise<void> {
    if (!(await this.o.store.sessions.revoke(me.user.id, id))) throw new DomainError('NOT_FOUND', 'No such session');
  }

  // ── Keys, passkeys, audit ────────────────────────────────────────────

  async keys(me: SignedIn): Promise<ApiKeyRecord[]> {
    return this.o.store.apiKeys.listForUser(me.user.id);
  }

  /** A new API key of the user's tier; the key itself is returned here once and never stored. */
  async createKey(user: UserRecord, label: string | null): Promise<{ record: ApiKeyRecord; key: string }> {
    const issued = issueApiKey();
    const record: ApiKeyRecord = {
      id: issued.id, hash: issued.hash, prefix: issued.prefix, tier: user.tier, label, createdAt: this.o.clock(), revokedAt: null, userId: user.id, kind: 'key', lastUsedAt: null,
    };
    await this.o.store.apiKeys.insert(record);
    return { record, key: issued.key };
  }

  /** Revokes one of the user's own keys (admins may revoke anyone's through `admin`). */
  async revokeKey(user: UserRecord, keyId: string): Promise<void> {
    const key = await this.o.store.apiKeys.get(keyId);
    if (key === null || key.userId !== user.id || key.kind === 'web') throw new DomainError('NOT_FOUND', 'No such API key');
    await this.o.store.apiKeys.revoke(keyId, this.o.clock());
  }

  async passkeyList(me: SignedIn): Promise<PasskeyRecord[]> {
    return this.o.store.passkeys.listForUser(me.user.id);
  }

  async addPasskeyOptions(rp: RelyingParty, me: SignedIn): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const existing = await this.o.store.passkeys.listForUser(me.user.id);
    return this.passkeys.registrationOptions(rp, { id: me.user.id, name: me.user.name }, 'add-passkey', { userId: me.user.id }, existing);
  }

  async addPasskey(rp: RelyingParty, me: SignedIn, response: RegistrationResponseJSON, name: string): Promise<PasskeyRecord> {
    const { passkey, data } = await this.passkeys.verifyRegistration<{ userId: string }>(rp, response, 'add-passkey', (d) => d.userId, name);
    // The challenge was made for this user: another signed-in user cannot finish it.
    if (data.userId !== me.user.id) throw new DomainError('INVALID_PASSKEY_RESPONSE');
    await this.o.store.passkeys.insert(passkey);
    return passkey;
  }

  async removePasskey(me: SignedIn, id: string): Promise<void> {
    const passkey = await this.o.store.passkeys.get(id);
    if (passkey === null || passkey.userId !== me.user.id) throw new DomainError('NOT_FOUND', 'No such passkey');
    if (!(await this.o.store.passkeys.removeUnlessLast(me.user.id, id))) throw new DomainError('LAST_PASSKEY');
  }

  async audit(userId: string, before: number | null, limit: number): Promise<AuditEntry[]> {
    return this.o.store.audit.list(userId, before ?? Number.MAX_SAFE_INTEGER, limit);
  }

  // ── Invites ──────────────────────────────────────────────────────────

  async invite(options: { tier?: TierName; isAdmin?: boolean; createdBy: string | null }): Promise<IssuedInvite> {
    const now = this.o.clock();
    const token = newToken();
    const tier = options.tier ?? this.o.signupTier;
    const isAdmin = options.isAdmin ?? false;
    await this.o.store.users.insertInvite({
      id: newRecordId('inv'), hash: hashToken(token), tier, isAdmin, createdBy: options.createdBy, createdAt: now, expiresAt: now + INVITE_MS, usedAt: null, usedBy: null,
    });
    return { token, expiresAt: now + INVITE_MS, tier, isAdmin };
  }

  // ── The device flow of `zephr login` ────────────────────────────────

  async startDevice(label: string | null): Promise<DeviceStart> {
    const now = this.o.clock();
    const deviceCode = newToken();
    // A user code collides with a live one about never; should it, a new one is drawn.
    for (let attempt = 0; ; attempt++) {
      const userCode = newUserCode();
      try {
        await this.o.store.deviceCodes.insert({
          id: newRecordId('dev'), hash: hashToken(deviceCode), userCode, label, createdAt: now, expiresAt: now + DEVICE_MS, userId: null, approvedAt: null, deniedAt: null, keyId: null,
        });
        return { deviceCode, userCode, expiresInSeconds: DEVICE_MS / 1000, intervalSeconds: DEVICE_INTERVAL_S };
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }

  /** The pending request behind a typed code, so the page can say what is asking. */
  async pendingDevice(typed: string): Promise<{ userCode: string; label: string | null }> {
    const code = normaliseUserCode(typed);
    const pending = code === null ? null : await this.o.store.deviceCodes.findPending(code, this.o.clock());
    if (pending === null) throw new DomainError('NOT_FOUND', 'No CLI sign-in is waiting for this code: check it, or run zephr login again');
    return { userCode: pending.userCode, label: pending.label };
  }

  async answerDevice(me: SignedIn, typed: string, approve: boolean): Promise<void> {
    const code = normaliseUserCode(typed);
    const now = this.o.clock();
    const done = code !== null && (approve ? await this.o.store.deviceCodes.approve(code, me.user.id, now) : await this.o.store.deviceCodes.deny(code, now));
    if (!done) throw new DomainError('NOT_FOUND', 'No CLI sign-in is waiting for this code: check it, or run zephr login again');
  }

  /** The CLI's poll: pending, or (once) a new API key for the user who approved, labelled with what asked. */
  async pollDevice(deviceCode: string): Promise<DevicePoll> {
    const now = this.o.clock();
    let issued: { key: string; record: ApiKeyRecord } | null = null;
    let owner: UserRecord | null = null;
    const result = await this.o.store.deviceCodes.deliver(hashToken(deviceCode), now, async (userId, asked) => {
      const label = `zephr login${asked === null ? '' : ` (${asked})`}`.slice(0, 64);
      owner = await this.o.store.users.get(userId);
      if (owner === null || owner.disabledAt !== null) throw new DomainError('ACCOUNT_DISABLED');
      const key = issueApiKey();
      issued = { key: key.key, record: { id: key.id, hash: key.hash, prefix: key.prefix, tier: owner.tier, label, createdAt: now, revokedAt: null, userId, kind: 'key', lastUsedAt: null } };
      return issued.record;
    });
    switch (result.kind) {
      case 'pending': return { kind: 'pending' };
      case 'denied': throw new DomainError('DEVICE_CODE_DENIED');
      case 'expired': throw new DomainError('DEVICE_CODE_EXPIRED');
      case 'invalid': throw new DomainError('DEVICE_CODE_NOT_FOUND');
      case 'delivered': {
        const i = issued as { key: string; record: ApiKeyRecord } | null;
        return { kind: 'delivered', key: i!.key, keyId: i!.record.id, prefix: i!.record.prefix, user: owner! };
      }
    }
  }

  // ── Admin ────────────────────────────────────────────────────────────

  requireAdmin(me: SignedIn): void {
    if (!me.user.isAdmin) throw new DomainError('ADMIN_REQUIRED');
  }

  users(): Promise<UserRecord[]> {
    return this.o.store.users.list();
  }

  async updateUser(id: string, changes: { tier?: TierName; isAdmin?: boolean; disabled?: boolean }): Promise<UserRecord> {
    const apply: UserChanges = {};
    if (changes.tier !== undefined) apply.tier = changes.tier;
    if (changes.isAdmin !== undefined) apply.isAdmin = changes.isAdmin;
    if (changes.disabled !== undefined) apply.disabledAt = changes.disabled ? this.o.clock() : null;
    if (!(await this.o.store.users.update(id, apply))) throw new DomainError('NOT_FOUND', 'No such user');
    // A disabled user is signed out everywhere at once.
    if (changes.disabled === true) await this.o.store.sessions.revokeAll(id);
    return (await this.o.store.users.get(id))!;
  }

  async removeUser(id: string): Promise<void> {
    if (!(await this.o.store.users.remove(id, this.o.clock()))) throw new DomainError('NOT_FOUND', 'No such user');
  }

  async revokeAnyKey(keyId: string): Promise<void> {
    const key = await this.o.store.apiKeys.get(keyId);
    if (key === null || key.kind === 'web') throw new DomainError('NOT_FOUND', 'No such API key');
    await this.o.store.apiKeys.revoke(keyId, this.o.clock());
  }

  allKeys(): Promise<ApiKeyRecord[]> {
    return this.o.store.apiKeys.list();
  }

  invites() {
    return this.o.store.users.listInvites(this.o.clock());
  }

  async revokeInvite(id: string): Promise<void> {
    if (!(await this.o.store.users.revokeInvite(id))) throw new DomainError('NOT_FOUND', 'No such invite');
  }

  /** Housekeeping for the sweeper: ended sessions, expired challenges and device codes. */
  sweep(): Promise<number> {
    return this.o.store.sessions.sweep(this.o.clock(), this.o.sessionIdleMs);
  }
}
