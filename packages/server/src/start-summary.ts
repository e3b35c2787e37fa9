// The short block a server prints once it listens: where the data lives, what a caller without
// an API key may do here, and how to change either, so an operator's first look needs no docs.
import { formatBytes } from 'zephr';
import type { Config } from './config.js';

const minutes = (m: number) => (m % 1440 === 0 ? `${m / 1440} d` : m % 60 === 0 ? `${m / 60} h` : `${m} min`);

export function startSummary(config: Config, engine: string): string {
  const anon = config.tiers.anonymous;
  const data = engine === 'sqlite'
    ? `SQLite in ${config.dataDir} (zephr.db${config.serverKey === null ? ', server.key' : ''}): back it up with zephr-server backup <file>`
    : `PostgreSQL (${config.databaseUrl === null ? '' : new URL(config.databaseUrl).host})`;
  return [
    `data        ${data}`,
    `anonymous   ${anon.creates} creates per day per address; expiries ${anon.expiries.map(minutes).join(', ')}; secrets up to ${formatBytes(anon.maxSecretBytes)}`,
    '            change with ZEPHR_ANON_DAILY_CREATES, ZEPHR_ANON_EXPIRIES, ZEPHR_ANON_MAX_SECRET_BYTES (or ZEPHR_TIERS)',
    `accounts    sign-up ${config.accounts.signup === 'invite' ? 'by invite: zephr-server users invite --admin prints the first admin\'s link' : config.accounts.signup === 'open' ? `open to anyone (${config.accounts.signupTier} tier)` : 'closed'}; passkeys need a host name (localhost, not 127.0.0.1)`,
    'API keys    people make their own at /account (zephr login for the CLI); zephr-server keys create --tier free|dev|pro issues one',
    'settings    zephr-server --help lists them all; zephr-server config shows what is in effect',
  ].join('\n');
}
