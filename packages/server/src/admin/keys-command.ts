// `zephr-server keys …`: issue, list, revoke and re-tier API keys directly in the store. Works
// while the server runs (SQLite WAL allows one writer at a time across processes).
import { parseArgs } from 'node:util';
import { issueApiKey } from '../domain/api-keys.js';
import { monthPeriod } from '../domain/periods.js';
import { isTierName, TIER_NAMES } from '../domain/tiers.js';
import type { Store } from '../store/store.js';

export class UsageError extends Error {}

const USAGE = `Usage:
  zephr-server keys create --tier <${TIER_NAMES.join('|')}> [--label <text>]
  zephr-server keys list [--json]
  zephr-server keys revoke <key-id>
  zephr-server keys set-tier <key-id> <${TIER_NAMES.join('|')}>`;

function tierArg(value: string | undefined): (typeof TIER_NAMES)[number] {
  if (!isTierName(value)) throw new UsageError(`--tier must be one of ${TIER_NAMES.join(', ')}${value ? ` (got "${value}")` : ''}`);
  return value;
}

export async function keysCommand(args: string[], store: Store, out: (line: string) => void): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'create': {
      const { values } = parseArgs({ args: rest, options: { tier: { type: 'string' }, label: { type: 'string' } }, strict: true, allowPositionals: false });
      const tier = tierArg(values.tier);
      const label = values.label?.trim() || null;
      const issued = issueApiKey();
      await store.apiKeys.insert({ id: issued.id, hash: issued.hash, prefix: issued.prefix, tier, label, createdAt: Date.now(), revokedAt: null });
      out(`Created API key ${issued.id} (tier ${tier}${label ? `, label "${label}"` : ''}).`);
      out('Store it now: only its hash is kept, so it cannot be shown again.');
      out(issued.key);
      return;
    }
    case 'list': {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } }, strict: true, allowPositionals: false });
      const period = monthPeriod(Date.now());
      const owners = new Map((await store.users.list()).map((u) => [u.id, u.name]));
      // A user's keys share the user's quota; an operator's key has its own.
      const keys = await Promise.all((await store.apiKeys.list()).filter((k) => k.kind !== 'web').map(async (k) => ({
        id: k.id, prefix: `${k.prefix}…`, tier: k.tier, label: k.label, owner: (k.userId ?? null) === null ? null : owners.get(k.userId!) ?? '(removed user)',
        created_at: new Date(k.createdAt).toISOString(),
        last_used_at: (k.lastUsedAt ?? null) === null ? null : new Date(k.lastUsedAt!).toISOString(),
        revoked_at: k.revokedAt === null ? null : new Date(k.revokedAt).toISOString(),
        creates_this_month: await store.secrets.quotaUsage((k.userId ?? null) === null ? `key:${k.id}` : `user:${k.userId}`, period.key),
      })));
      if (values.json) return out(JSON.stringify(keys, null, 2));
      if (keys.length === 0) return out('No API keys. Create one with: zephr-server keys create --tier free');
      const rows = [['ID', 'PREFIX', 'TIER', 'OWNER', 'LABEL', 'CREATED', 'STATUS', 'CREATES THIS MONTH'],
        ...keys.map((k) => [k.id, k.prefix, k.tier, k.owner ?? '(operator)', k.label ?? '', k.created_at.slice(0, 10), k.revoked_at ? `revoked ${k.revoked_at.slice(0, 10)}` : 'active', String(k.creates_this_month)])];
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      for (const r of rows) out(r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
      return;
    }
    case 'revoke': {
      if (rest.length !== 1) throw new UsageError('keys revoke takes exactly one key id');
      if (!(await store.apiKeys.revoke(rest[0]!, Date.now()))) throw new UsageError(`no API key with id ${rest[0]}`);
      return out(`Revoked ${rest[0]}. Requests with it now get 401 INVALID_API_KEY.`);
    }
    case 'set-tier': {
      if (rest.length !== 2) throw new UsageError('keys set-tier takes a key id and a tier');
      const tier = tierArg(rest[1]);
      if (!(await store.apiKeys.setTier(rest[0]!, tier))) throw new UsageError(`no API key with id ${rest[0]}`);
      return out(`${rest[0]} is now on the ${tier} tier.`);
    }
    default:
      throw new UsageError(sub ? `unknown keys command "${sub}"\n${USAGE}` : USAGE);
  }
}
