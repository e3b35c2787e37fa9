// Accounts on SQLite: users and invites, passkeys and challenges, sessions, device codes and the
// audit trail. Writes go through the group commit (its sync runs off the event loop), each one
// function of the database alone; reads are plain statements.
import type Database from 'better-sqlite3';
import {
  AUDIT_QUERY, type AuditRow, type ChallengeRow, DEVICE_CODE_COLUMNS, type DeviceCodeRow, deviceCodeValues, deviceState, INVITE_COLUMNS, type InviteRow,
  inviteValues, OWNER_QUERY, PASSKEY_COLUMNS, type PasskeyRow, passkeyValues, SESSION_COLUMNS, type SessionRow, sessionValues, toAudit, toChallenge,
  toDeviceCode, toInvite, toPasskey, toSession, toUser, USER_COLUMNS, type UserRow, userValues,
} from '../account-rows.js';
import type { ApiKeyRecord } from '../api-key-store.js';
import type { AuditEntry, AuditStore, OwnedSecret } from '../audit-store.js';
import type { DeliverResult, DeviceCodeRecord, DeviceCodeStore } from '../device-code-store.js';
import type { ChallengeRecord, PasskeyRecord, PasskeyStore } from '../passkey-store.js';
import { KEY_COLUMNS, keyValues } from '../rows.js';
import type { SessionRecord, SessionStore } from '../session-store.js';
import type { InviteRecord, SignUp, SignUpResult, UserChanges, UserRecord, UserStore } from '../user-store.js';
import type { GroupCommit } from './group-commit.js';
import { marks } from './sqlite-records.js';

export class SqliteUsers implements UserStore {
  private readonly s;

  constructor(private readonly db: Database.Database, private readonly commits: GroupCommit) {
    this.s = {
      insertUser: db.prepare(`INSERT INTO users (${USER_COLUMNS}) VALUES (${marks(USER_COLUMNS)})`),
      insertPasskey: db.prepare(`INSERT INTO passkeys (${PASSKEY_COLUMNS}) VALUES (${marks(PASSKEY_COLUMNS)})`),
      insertKey: db.prepare(`INSERT INTO api_keys (${KEY_COLUMNS}) VALUES (${marks(KEY_COLUMNS)})`),
      byName: db.prepare<[string], UserRow>('SELECT * FROM users WHERE lower(name) = lower(?)'),
      useInvite: db.prepare('UPDATE invites SET used_at = ?, used_by = ? WHERE hash = ? AND used_at IS NULL AND expires_at > ?'),
      get: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      list: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY created_at, id'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users'),
      remove: db.prepare('DELETE FROM users WHERE id = ?'),
      revokeKeys: db.prepare('UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE user_id = ?'),
      keysTier: db.prepare('UPDATE api_keys SET tier = ? WHERE user_id = ?'),
      insertInvite: db.prepare(`INSERT INTO invites (${INVITE_COLUMNS}) VALUES (${marks(INVITE_COLUMNS)})`),
      findInvite: db.prepare<[string, number], InviteRow>('SELECT * FROM invites WHERE hash = ? AND used_at IS NULL AND expires_at > ?'),
      listInvites: db.prepare<[number], InviteRow>('SELECT * FROM invites WHERE used_at IS NULL AND expires_at > ? ORDER BY created_at DESC, id'),
      revokeInvite: db.prepare('DELETE FROM invites WHERE id = ? AND used_at IS NULL'),
    };
  }

  async signUp(r: SignUp): Promise<SignUpResult> {
    const s = this.s;
    return this.commits.enqueue((): SignUpResult => {
      if (s.byName.get(r.user.name) !== undefined) return { kind: 'name_taken' };
      if (r.inviteHash !== null && s.useInvite.run(r.now, r.user.id, r.inviteHash, r.now).changes === 0) return { kind: 'invite_invalid' };
      s.insertUser.run(...userValues(r.user, Number));
      s.insertPasskey.run(...passkeyValues(r.passkey));
      s.insertKey.run(...keyValues(r.webKey));
      return { kind: 'created' };
    });
  }

  async get(id: string): Promise<UserRecord | null> {
    const row = this.s.get.get(id);
    return row === undefined ? null : toUser(row);
  }

  async findByName(name: string): Promise<UserRecord | null> {
    const row = this.s.byName.get(name);
    return row === undefined ? null : toUser(row);
  }

  async list(): Promise<UserRecord[]> {
    return this.s.list.all().map(toUser);
  }

  async count(): Promise<number> {
    return this.s.count.get()!.n;
  }

  async update(id: string, changes: UserChanges): Promise<boolean> {
    const sets: string[] = [];
    const values: unknown[] = [];
    if (changes.tier !== undefined) { sets.push('tier = ?'); values.push(changes.tier); }
    if (changes.isAdmin !== undefined) { sets.push('is_admin = ?'); values.push(Number(changes.isAdmin)); }
    if (changes.disabledAt !== undefined) { sets.push('disabled_at = ?'); values.push(changes.disabledAt); }
    if (sets.length === 0) return (await this.get(id)) !== null;
    const statement = this.db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`);
    return this.commits.enqueue(() => {
      const changed = statement.run(...values, id).changes > 0;
      if (changed && changes.tier !== undefined) this.s.keysTier.run(changes.tier, id);
      return changed;
    });
  }

  async remove(id: string, now: number): Promise<boolean> {
    return this.commits.enqueue(() => {
      this.s.revokeKeys.run(now, id);
      return this.s.remove.run(id).changes > 0;
    });
  }

  async insertInvite(invite: InviteRecord): Promise<void> {
    await this.commits.enqueue(() => this.s.insertInvite.run(...inviteValues(invite, Number)));
  }

  async findInvite(hash: string, now: number): Promise<InviteRecord | null> {
    const row = this.s.findInvite.get(hash, now);
    return row === undefined ? null : toInvite(row);
  }

  async listInvites(now: number): Promise<InviteRecord[]> {
    return this.s.listInvites.all(now).map(toInvite);
  }

  async revokeInvite(id: string): Promise<boolean> {
    return this.commits.enqueue(() => this.s.revokeInvite.run(id).changes > 0);
  }
}

export class SqlitePasskeys implements PasskeyStore {
  private readonly s;

  constructor(db: Database.Database, private readonly commits: GroupCommit) {
    this.s = {
      insert: db.prepare(`INSERT INTO passkeys (${PASSKEY_COLUMNS}) VALUES (${marks(PASSKEY_COLUMNS)})`),
      get: db.prepare<[string], PasskeyRow>('SELECT * FROM passkeys WHERE id = ?'),
      list: db.prepare<[string], PasskeyRow>('SELECT * FROM passkeys WHERE user_id = ? ORDER BY created_at, id'),
      use: db.prepare('UPDATE passkeys SET counter = ?, last_used_at = ? WHERE id = ?'),
      remove: db.prepare('DELETE FROM passkeys WHERE user_id = ? AND id = ? AND (SELECT count(*) FROM passkeys WHERE user_id = ?) > 1'),
      putChallenge: db.prepare('INSERT INTO auth_challenges (challenge, purpose, data, expires_at) VALUES (?, ?, ?, ?)'),
      takeChallenge: db.prepare<[string, number], ChallengeRow>('DELETE FROM auth_challenges WHERE challenge = ? AND expires_at > ? RETURNING *'),
    };
  }

  async insert(p: PasskeyRecord): Promise<void> {
    await this.commits.enqueue(() => this.s.insert.run(...passkeyValues(p)));
  }

  async get(id: string): Promise<PasskeyRecord | null> {
    const row = this.s.get.get(id);
    return row === undefined ? null : toPasskey(row);
  }

  async listForUser(userId: string): Promise<PasskeyRecord[]> {
    return this.s.list.all(userId).map(toPasskey);
  }

  async recordUse(id: string, counter: number, now: number): Promise<void> {
    await this.commits.enqueue(() => this.s.use.run(counter, now, id));
  }

  async removeUnlessLast(userId: string, id: string): Promise<boolean> {
    return this.commits.enqueue(() => this.s.remove.run(userId, id, userId).changes > 0);
  }

  async putChallenge(c: ChallengeRecord): Promise<void> {
    await this.commits.enqueue(() => this.s.putChallenge.run(c.challenge, c.purpose, c.data, c.expiresAt));
  }

  async takeChallenge(challenge: string, now: number): Promise<ChallengeRecord | null> {
    const row = await this.commits.enqueue(() => this.s.takeChallenge.get(challenge, now));
    return row === undefined ? null : toChallenge(row as ChallengeRow);
  }
}

export class SqliteSessions implements SessionStore {
  private readonly s;

  constructor(db: Database.Database, private readonly commits: GroupCommit) {
    this.s = {
      insert: db.prepare(`INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (${marks(SESSION_COLUMNS)})`),
      findLive: db.prepare<[string, number, number, number], SessionRow>('SELECT * FROM sessions WHERE hash = ? AND expires_at > ? AND last_seen_at + ? > ?'),
      touch: db.prepare('UPDATE sessions SET last_seen_at = max(last_seen_at, ?) WHERE id = ?'),
      list: db.prepare<[string, number, number, number], SessionRow>('SELECT * FROM sessions WHERE user_id = ? AND expires_at > ? AND last_seen_at + ? > ? ORDER BY last_seen_at DESC, id'),
      revoke: db.prepare('DELETE FROM sessions WHERE user_id = ? AND id = ?'),
      revokeAll: db.prepare('DELETE FROM sessions WHERE user_id = ?'),
      sweepSessions: db.prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at + ? <= ?'),
      sweepChallenges: db.prepare('DELETE FROM auth_challenges WHERE expires_at <= ?'),
      // A delivered code is kept as long as an undelivered one, so a late replay of it is still refused as used.
      sweepCodes: db.prepare('DELETE FROM device_codes WHERE expires_at <= ?'),
    };
  }

  async insert(session: SessionRecord): Promise<void> {
    await this.commits.enqueue(() => this.s.insert.run(...sessionValues(session)));
  }

  async findLive(hash: string, now: number, idleMs: number): Promise<SessionRecord | null> {
    const row = this.s.findLive.get(hash, now, idleMs, now);
    return row === undefined ? null : toSession(row);
  }

  async touch(id: string, now: number): Promise<void> {
    await this.commits.enqueue(() => this.s.touch.run(now, id));
  }

  async listForUser(userId: string, now: number, idleMs: number): Promise<SessionRecord[]> {
    return this.s.list.all(userId, now, idleMs, now).map(toSession);
  }

  async revoke(userId: string, id: string): Promise<boolean> {
    return this.commits.enqueue(() => this.s.revoke.run(userId, id).changes > 0);
  }

  async revokeAll(userId: string): Promise<number> {
    return this.commits.enqueue(() => this.s.revokeAll.run(userId).changes);
  }

  async sweep(now: number, idleMs: number): Promise<number> {
    return this.commits.enqueue(() => this.s.sweepSessions.run(now, idleMs, now).changes + this.s.sweepChallenges.run(now).changes + this.s.sweepCodes.run(now).changes);
  }
}

export class SqliteDeviceCodes implements DeviceCodeStore {
  private readonly s;

  constructor(db: Database.Database, private readonly commits: GroupCommit) {
    this.s = {
      insert: db.prepare(`INSERT INTO device_codes (${DEVICE_CODE_COLUMNS}) VALUES (${marks(DEVICE_CODE_COLUMNS)})`),
      pending: db.prepare<[string, number], DeviceCodeRow>('SELECT * FROM device_codes WHERE user_code = ? AND expires_at > ? AND approved_at IS NULL AND denied_at IS NULL'),
      approve: db.prepare('UPDATE device_codes SET user_id = ?, approved_at = ? WHERE user_code = ? AND expires_at > ? AND approved_at IS NULL AND denied_at IS NULL'),
      deny: db.prepare('UPDATE device_codes SET denied_at = ? WHERE user_code = ? AND expires_at > ? AND approved_at IS NULL AND denied_at IS NULL'),
      byHash: db.prepare<[string], DeviceCodeRow>('SELECT * FROM device_codes WHERE hash = ?'),
      delivered: db.prepare('UPDATE device_codes SET key_id = ? WHERE hash = ? AND key_id IS NULL AND expires_at > ?'),
      insertKey: db.prepare(`INSERT INTO api_keys (${KEY_COLUMNS}) VALUES (${marks(KEY_COLUMNS)})`),
    };
  }

  async insert(code: DeviceCodeRecord): Promise<void> {
    await this.commits.enqueue(() => this.s.insert.run(...deviceCodeValues(code)));
  }

  async findPending(userCode: string, now: number): Promise<DeviceCodeRecord | null> {
    const row = this.s.pending.get(userCode, now);
    return row === undefined ? null : toDeviceCode(row);
  }

  async approve(userCode: string, userId: string, now: number): Promise<boolean> {
    return this.commits.enqueue(() => this.s.approve.run(userId, now, userCode, now).changes > 0);
  }

  async deny(userCode: string, now: number): Promise<boolean> {
    return this.commits.enqueue(() => this.s.deny.run(now, userCode, now).changes > 0);
  }

  async deliver(hash: string, now: number, makeKey: (userId: string, label: string | null) => Promise<ApiKeyRecord> | ApiKeyRecord): Promise<DeliverResult> {
    const first = this.s.byHash.get(hash);
    const state = deviceState(first, now);
    if (state !== 'approved') return { kind: state };
    const key = await makeKey(first!.user_id!, first!.label);
    // The write checks again: of concurrent polls, only the first marks the code and inserts its key.
    return this.commits.enqueue((): DeliverResult => {
      if (this.s.delivered.run(key.id, hash, now).changes === 0) return { kind: 'invalid' };
      this.s.insertKey.run(...keyValues(key));
      return { kind: 'delivered', userId: first!.user_id! };
    });
  }
}

export class SqliteAudit implements AuditStore {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      list: db.prepare<{ user: string; before: number; limit: number }, AuditRow>(AUDIT_QUERY),
      owner: db.prepare<{ id: string }, { user_id: string; claim_hash: string | null }>(OWNER_QUERY),
    };
  }

  async list(userId: string, before: number, limit: number): Promise<AuditEntry[]> {
    return this.s.list.all({ user: userId, before, limit }).map(toAudit);
  }

  async owner(secretId: string): Promise<OwnedSecret | null> {
    const row = this.s.owner.get({ id: secretId });
    return row === undefined ? null : { userId: row.user_id, claimHash: row.claim_hash };
  }
}
