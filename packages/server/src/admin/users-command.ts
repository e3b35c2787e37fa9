// `zephr-server users …`: invite people (the first admin comes from here), list users and change
// their tier, admin flag and state, directly in the store. The same as the admin web page.
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { AccountService, inviteLink } from '../domain/account-service.js';
import { monthPeriod } from '../domain/periods.js';
import { ACCOUNT_TIERS, isTierName, type TierName } from '../domain/tiers.js';
import type { Store, UserRecord } from '../store/store.js';
import { UsageError } from './keys-command.js';

const USAGE = `Usage:
  zephr-server users invite [--admin] [--tier <${ACCOUNT_TIERS.join('|')}>]   print a one-time sign-up link (valid 7 days)
  zephr-server users list [--json]
  zephr-server users set-tier <user> <${ACCOUNT_TIERS.join('|')}>
  zephr-server users admin <user> <on|off>
  zephr-server users disable <user>        sign them out everywhere; their keys stop working
  zephr-server users enable <user>
  zephr-server users remove <user>         delete the account and its passkeys; revoke its keys
  zephr-server users invites               list unused invites
  zephr-server users revoke-invite <invite-id>
<user> is a user id (usr_…) or name.`;

function tierArg(value: string | undefined): TierName {
  if (!isTierName(value) || value === 'anonymous') throw new UsageError(`the tier must be one of ${ACCOUNT_TIERS.join(', ')}${value ? ` (got "${value}")` : ''}`);
  return value;
}

/** Where people open the server: ZEPHR_PUBLIC_URL, else this machine by name (passkeys refuse IP addresses). */
export function publicOrigin(config: Config): string {
  if (config.publicUrl !== null) return config.publicUrl;
  const host = ['127.0.0.1', '0.0.0.0', '::', '::1', ''].includes(config.host) ? 'localhost' : config.host;
  return `http://${host}:${config.port}`;
}

async function findUser(store: Store, ref: string | undefined): Promise<UserRecord> {
  if (ref === undefined) throw new UsageError(`name a user (id or name)\n${USAGE}`);
  const user = (await store.users.get(ref)) ?? (await store.users.findByName(ref));
  if (user === null) throw new UsageError(`no user "${ref}" (zephr-server users list shows them)`);
  return user;
}

export async function usersCommand(args: string[], store: Store, config: Config, out: (line: string) => void): Promise<void> {
  const accounts = new AccountService({
    store, clock: Date.now, signup: config.accounts.signup, signupTier: config.accounts.signupTier,
    sessionIdleMs: config.accounts.sessionIdleMs, sessionMaxMs: config.accounts.sessionMaxMs,
  });
  const [sub, ...rest] = args;
  switch (sub) {
    case 'invite': {
      const { values } = parseArgs({ args: rest, options: { admin: { type: 'boolean' }, tier: { type: 'string' } }, strict: true, allowPositionals: false });
      const tier = values.tier === undefined ? config.accounts.signupTier : tierArg(values.tier);
      const invite = await accounts.invite({ tier, isAdmin: values.admin ?? false, createdBy: null });
      out(`Invite for one ${invite.isAdmin ? 'admin' : 'user'} on the ${invite.tier} tier, valid until ${new Date(invite.expiresAt).toISOString()}:`);
      out(inviteLink(publicOrigin(config), invite.token));
      if (config.publicUrl === null) out('(Set ZEPHR_PUBLIC_URL to the address people open, if it is not this one.)');
      if (config.accounts.signup === 'closed') out('Note: ZEPHR_SIGNUP=closed refuses every sign-up, invites included; set it to invite to use this link.');
      return;
    }
    case 'list': {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } }, strict: true, allowPositionals: false });
      const period = monthPeriod(Date.now());
      const users = await Promise.all((await store.users.list()).map(async (u) => ({
        id: u.id, name: u.name, tier: u.tier, admin: u.isAdmin, created_at: new Date(u.createdAt).toISOString(), disabled: u.disabledAt !== null,
        keys: (await store.apiKeys.listForUser(u.id)).filter((k) => k.revokedAt === null).length,
        creates_this_month: await store.secrets.quotaUsage(`user:${u.id}`, period.key),
      })));
      if (values.json) return out(JSON.stringify(users, null, 2));
      if (users.length === 0) return out('No users yet. Invite the first admin with: zephr-server users invite --admin');
      const rows = [['ID', 'NAME', 'TIER', 'ROLE', 'STATUS', 'KEYS', 'CREATES THIS MONTH', 'JOINED'],
        ...users.map((u) => [u.id, u.name, u.tier, u.admin ? 'admin' : 'user', u.disabled ? 'disabled' : 'active', String(u.keys), String(u.creates_this_month), u.created_at.slice(0, 10)])];
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      for (const r of rows) out(r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
      return;
    }
    case 'set-tier': {
      if (rest.length !== 2) throw new UsageError('users set-tier takes a user and a tier');
      const user = await findUser(store, rest[0]);
      await accounts.updateUser(user.id, { tier: tierArg(rest[1]) });
      return out(`${user.name} is now on the ${rest[1]} tier, with all of their API keys.`);
    }
    case 'admin': {
      if (rest.length !== 2 || !['on', 'off'].includes(rest[1]!)) throw new UsageError('users admin takes a user and on or off');
      const user = await findUser(store, rest[0]);
      await accounts.updateUser(user.id, { isAdmin: rest[1] === 'on' });
      return out(`${user.name} is ${rest[1] === 'on' ? 'now an admin' : 'no longer an admin'}.`);
    }
    case 'disable':
    case 'enable': {
      if (rest.length !== 1) throw new UsageError(`users ${sub} takes one user`);
      const user = await findUser(store, rest[0]);
      await accounts.updateUser(user.id, { disabled: sub === 'disable' });
      return out(sub === 'disable' ? `Disabled ${user.name}: signed out everywhere, and their API keys are refused.` : `Enabled ${user.name}.`);
    }
    case 'remove': {
      if (rest.length !== 1) throw new UsageError('users remove takes one user');
      const user = await findUser(store, rest[0]);
      await accounts.removeUser(user.id);
      return out(`Removed ${user.name}: their passkeys and sessions are gone and their API keys revoked.`);
    }
    case 'invites': {
      const invites = await accounts.invites();
      if (invites.length === 0) return out('No unused invites.');
      for (const i of invites) out(`${i.id}  ${i.tier}${i.isAdmin ? ' admin' : ''}  expires ${new Date(i.expiresAt).toISOString()}`);
      return;
    }
    case 'revoke-invite': {
      if (rest.length !== 1) throw new UsageError('users revoke-invite takes one invite id');
      await accounts.revokeInvite(rest[0]!).catch(() => { throw new UsageError(`no unused invite with id ${rest[0]}`); });
      return out(`Revoked invite ${rest[0]}: its link no longer works.`);
    }
    default:
      throw new UsageError(sub ? `unknown users command "${sub}"\n${USAGE}` : USAGE);
  }
}
