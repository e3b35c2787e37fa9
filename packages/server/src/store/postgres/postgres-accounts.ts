// Accounts on PostgreSQL: users and invites, passkeys and challenges, sessions, device codes and
// the audit trail. Each call is one statement, or one short transaction where several rows must
// change together (sign-up, a device code's key). Uniqueness and "at most once" hold across
// instances through the database's own constraints and row locks.
import {
  AUDIT_QUERY, type AuditRow, type ChallengeRow, DEVICE_CODE_COLUMNS, type DeviceCodeRow, deviceCodeValues, deviceState, INVITE_COLUMNS, type InviteRow,
  inviteValues, OWNER_QUERY, PASSKEY_COLUMNS, type PasskeyRow, passkeyValues, SESSION_COLUMNS, type SessionRow, sessionValues, toAudit, toChallenge,
  toDeviceCode, toInvite, toPasskey, toSession, toUser, USER_COLUMNS, type UserRow, userValues,
} from '../account-rows.js';
import type { ApiKeyRecord } from '../api-key-store.js';
import type { AuditEntry, AuditStore, OwnedSecret } from '../audit-store.js';
import type { DeliverResult, DeviceCodeRecord, DeviceCodeStore } from '../device-code-store.js';
import type { ChallengeRecord, PasskeyRecord, PasskeyStore } from '../passkey-store.js';
import { keyValues } from '../rows.js';
import type { SessionRecord, SessionStore } from '../session-store.js';
import type { InviteRecord, SignUp, SignUpResult, UserChanges, UserRecord, UserStore } from '../user-store.js';
import { placeholders, type Pool } from './pool.js';
import { INSERT_KEY } from './postgres-records.js';

const insertInto = (table: string, columns: string) => `INSERT INTO ${table} (${columns}) VALUES (${placeholders(columns)})`;
const changed = (result: { rowCount: number | null }) => (result.rowCount ?? 0) > 0;
const UNIQUE_VIOLATION = '23505';

export class PostgresUsers implements UserStore {
  constructor(private readonly pool: Pool) {}

  async signUp(r: SignUp): Promise<SignUpResult> {
    try {
      return await this.pool.tx(async (c): Promise<SignUpResult> => {
        if ((await c.query('SELECT 1 FROM users WHERE lower(name) = lower($1)', [r.user.name])).rowCount) return { kind: 'name_taken' };
        if (r.inviteHash !== null) {
          const used = await c.query('UPDATE invites SET used_at = $1, used_by = $2 WHERE hash = $3 AND used_at IS NULL AND expires_at > $1', [r.now, r.user.id, r.inviteHash]);
          if (!changed(used)) return { kind: 'invite_invalid' }; // rolls back nothing: nothing was written
        }
        await c.query(insertInto('users', USER_COLUMNS), userValues(r.user, Boolean));
        await c.query(insertInto('passkeys', PASSKEY_COLUMNS), passkeyValues(r.passkey));
        await c.query(INSERT_KEY, keyValues(r.webKey));
        return { kind: 'created' };
      });
    } catch (error) {
      // Two sign-ups with one name at once: the unique index refuses the second.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION && /users_by_name/.test((error as { constraint?: string }).constraint ?? '')) return { kind: 'name_taken' };
      throw error;
    }
  }

  async get(id: string): Promise<UserRecord | null> {
    const row = (await this.pool.query<UserRow>('SELECT * FROM users WHERE id = $1', [id])).rows[0];
    return row === undefined ? null : toUser(row);
  }

  async findByName(name: string): Promise<UserRecord | null> {
    const row = (await this.pool.query<UserRow>('SELECT * FROM users WHERE lower(name) = lower($1)', [name])).rows[0];
    return row === undefined ? null : toUser(row);
  }

  async list(): Promise<UserRecord[]> {
    return (await this.pool.query<UserRow>('SELECT * FROM users ORDER BY created_at, id')).rows.map(toUser);
  }

  async count(): Promise<number> {
    return Number((await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM users')).rows[0]!.n);
  }

  async update(id: string, changes: UserChanges): Promise<boolean> {
    const sets: string[] = [];
    const values: unknown[] = [id];
    if (changes.tier !== undefined) { values.push(changes.tier); sets.push(`tier = $${values.length}`); }
    if (changes.isAdmin !== undefined) { values.push(changes.isAdmin); sets.push(`is_admin = $${values.length}`); }
    if (changes.disabledAt !== undefined) { values.push(changes.disabledAt); sets.push(`disabled_at = $${values.length}`); }
    if (sets.length === 0) return (await this.get(id)) !== null;
    return this.pool.tx(async (c) => {
      const done = changed(await c.query(`UPDATE users SET ${sets.join(', ')} WHERE id = $1`, values));
      if (done && changes.tier !== undefined) await c.query('UPDATE api_keys SET tier = $1 WHERE user_id = $2', [changes.tier, id]);
      return done;
    });
  }

  async remove(id: string, now: number): Promise<boolean> {
    return this.pool.tx(async (c) => {
      await c.query('UPDATE api_keys SET revoked_at = coalesce(revoked_at, $1) WHERE user_id = $2', [now, id]);
      return changed(await c.query('DELETE FROM users WHERE id = $1', [id]));
    });
  }

  async insertInvite(invite: InviteRecord): Promise<void> {
    await this.pool.query(insertInto('invites', INVITE_COLUMNS), inviteValues(invite, Boolean));
  }

  async findInvite(hash: string, now: number): Promise<InviteRecord | null> {
    const row = (await this.pool.query<InviteRow>('SELECT * FROM invites WHERE hash = $1 AND used_at IS NULL AND expires_at > $2', [hash, now])).rows[0];
    return row === undefined ? null : toInvite(row);
  }

  async listInvites(now: number): Promise<InviteRecord[]> {
    return (await this.pool.query<InviteRow>('SELECT * FROM invites WHERE used_at IS NULL AND expires_at > $1 ORDER BY created_at DESC, id', [now])).rows.map(toInvite);
  }

  async revokeInvite(id: string): Promise<boolean> {
    return changed(await this.pool.query('DELETE FROM invites WHERE id = $1 AND used_at IS NULL', [id]));
  }
}

export class PostgresPasskeys implements PasskeyStore {
  constructor(private readonly pool: Pool) {}

  async insert(p: PasskeyRecord): Promise<void> {
    await this.pool.query(insertInto('passkeys', PASSKEY_COLUMNS), passkeyValues(p));
  }

  async get(id: string): Promise<PasskeyRecord | null> {
    const row = (await this.pool.query<PasskeyRow>('SELECT * FROM passkeys WHERE id = $1', [id])).rows[0];
    return row === undefined ? null : toPasskey(row);
  }

  async listForUser(userId: string): Promise<PasskeyRecord[]> {
    return (await this.pool.query<PasskeyRow>('SELECT * FROM passkeys WHERE user_id = $1 ORDER BY created_at, id', [userId])).rows.map(toPasskey);
  }

  async recordUse(id: string, counter: number, now: number): Promise<void> {
    await this.pool.query('UPDATE passkeys SET counter = $1, last_used_at = $2 WHERE id = $3', [counter, now, id]);
  }

  async removeUnlessLast(userId: string, id: string): Promise<boolean> {
    // The user's passkeys are locked first, so two removals at once cannot both pass the count.
    return this.pool.tx(async (c) => {
      const { rowCount } = await c.query('SELECT 1 FROM passkeys WHERE user_id = $1 FOR UPDATE', [userId]);
      if ((rowCount ?? 0) <= 1) return false;
      return changed(await c.query('DELETE FROM passkeys WHERE user_id = $1 AND id = $2', [userId, id]));
    });
  }

  async putChallenge(ch: ChallengeRecord): Promise<void> {
    await this.pool.query('INSERT INTO auth_challenges (challenge, purpose, data, expires_at) VALUES ($1, $2, $3, $4)', [ch.challenge, ch.purpose, ch.data, ch.expiresAt]);
  }

  async takeChallenge(challenge: string, now: number): Promise<ChallengeRecord | null> {
    const row = (await this.pool.query<ChallengeRow>('DELETE FROM auth_challenges WHERE challenge = $1 AND expires_at > $2 RETURNING *', [challenge, now])).rows[0];
    return row === undefined ? null : toChallenge(row);
  }
}

export class PostgresSessions implements SessionStore {
  constructor(private readonly pool: Pool) {}

  async insert(session: SessionRecord): Promise<void> {
    await this.pool.query(insertInto('sessions', SESSION_COLUMNS), sessionValues(session));
  }

  async findLive(hash: string, now: number, idleMs: number): Promise<SessionRecord | null> {
    const row = (await this.pool.query<SessionRow>('SELECT * FROM sessions WHERE hash = $1 AND expires_at > $2 AND last_seen_at + $3 > $2', [hash, now, idleMs])).rows[0];
    return row === undefined ? null : toSession(row);
  }

  async touch(id: string, now: number): Promise<void> {
    await this.pool.query('UPDATE sessions SET last_seen_at = greatest(last_seen_at, $1) WHERE id = $2', [now, id]);
  }

  async listForUser(userId: string, now: number, idleMs: number): Promise<SessionRecord[]> {
    return (await this.pool.query<SessionRow>('SELECT * FROM sessions WHERE user_id = $1 AND expires_at > $2 AND last_seen_at + $3 > $2 ORDER BY last_seen_at DESC, id',
      [userId, now, idleMs])).rows.map(toSession);
  }

  async revoke(userId: string, id: string): Promise<boolean> {
    return changed(await this.pool.query('DELETE FROM sessions WHERE user_id = $1 AND id = $2', [userId, id]));
  }

  async revokeAll(userId: string): Promise<number> {
    return (await this.pool.query('DELETE FROM sessions WHERE user_id = $1', [userId])).rowCount ?? 0;
  }

  async sweep(now: number, idleMs: number): Promise<number> {
    const a = await this.pool.query('DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at + $2 <= $1', [now, idleMs]);
    const b = await this.pool.query('DELETE FROM auth_challenges WHERE expires_at <= $1', [now]);
    const c = await this.pool.query('DELETE FROM device_codes WHERE expires_at <= $1', [now]);
    return (a.rowCount ?? 0) + (b.rowCount ?? 0) + (c.rowCount ?? 0);
  }
}

export class PostgresDeviceCodes implements DeviceCodeStore {
  constructor(private readonly pool: Pool) {}

  async insert(code: DeviceCodeRecord): Promise<void> {
    await this.pool.query(insertInto('device_codes', DEVICE_CODE_COLUMNS), deviceCodeValues(code));
  }

  async findPending(userCode: string, now: number): Promise<DeviceCodeRecord | null> {
    const row = (await this.pool.query<DeviceCodeRow>('SELECT * FROM device_codes WHERE user_code = $1 AND expires_at > $2 AND approved_at IS NULL AND denied_at IS NULL',
      [userCode, now])).rows[0];
    return row === undefined ? null : toDeviceCode(row);
  }

  async approve(userCode: string, userId: string, now: number): Promise<boolean> {
    return changed(await this.pool.query('UPDATE device_codes SET user_id = $1, approved_at = $2 WHERE user_code = $3 AND expires_at > $2 AND approved_at IS NULL AND denied_at IS NULL',
      [userId, now, userCode]));
  }

  async deny(userCode: string, now: number): Promise<boolean> {
    return changed(await this.pool.query('UPDATE device_codes SET denied_at = $1 WHERE user_code = $2 AND expires_at > $1 AND approved_at IS NULL AND denied_at IS NULL', [now, userCode]));
  }

  async deliver(hash: string, now: number, makeKey: (userId: string, label: string | null) => Promise<ApiKeyRecord> | ApiKeyRecord): Promise<DeliverResult> {
    const first = (await this.pool.query<DeviceCodeRow>('SELECT * FROM device_codes WHERE hash = $1', [hash])).rows[0];
    const state = deviceState(first, now);
    if (state !== 'approved') return { kind: state };
    const key = await makeKey(first!.user_id!, first!.label);
    // The row lock of the UPDATE lets one of concurrent polls mark the code; the others find key_id set.
    return this.pool.tx(async (c): Promise<DeliverResult> => {
      if (!changed(await c.query('UPDATE device_codes SET key_id = $1 WHERE hash = $2 AND key_id IS NULL AND expires_at > $3', [key.id, hash, now]))) return { kind: 'invalid' };
      await c.query(INSERT_KEY, keyValues(key));
      return { kind: 'delivered', userId: first!.user_id! };
    });
  }
}

export class PostgresAudit implements AuditStore {
  constructor(private readonly pool: Pool) {}

  async list(userId: string, before: number, limit: number): Promise<AuditEntry[]> {
    const sql = AUDIT_QUERY.replaceAll('$user', '$1').replaceAll('$before', '$2').replaceAll('$limit', '$3');
    return (await this.pool.query<AuditRow>(sql, [userId, before, limit])).rows.map(toAudit);
  }

  async owner(secretId: string): Promise<OwnedSecret | null> {
    const row = (await this.pool.query<{ user_id: string; claim_hash: string | null }>(OWNER_QUERY.replace('$id', '$1'), [secretId])).rows[0];
    return row === undefined ? null : { userId: row.user_id, claimHash: row.claim_hash };
  }
}
