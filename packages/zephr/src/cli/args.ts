// Command-line parsing: strict (an unknown flag or a missing value is an error), with
// --flag=value forms and `--` to pass a secret that starts with "-".
import { parseArgs } from 'node:util';
import { EXPIRIES, LEGACY_EXPIRY_HOURS } from '../protocol/rules.js';

export class UsageError extends Error {}

/** The commands that take a link (or --url and --key). */
const LINK_COMMANDS = ['retrieve', 'info', 'burn'] as const;
type LinkCommand = (typeof LINK_COMMANDS)[number];

export interface CliArgs {
  command: 'create' | LinkCommand | 'help' | 'version';
  secret: string | undefined;
  link: string | undefined;
  expiry: number | undefined;
  split: boolean;
  hint: string | undefined;
  apiKey: string | undefined;
  callbackUrl: string | undefined;
  callbackSecret: string | undefined;
  server: string | undefined;
  json: boolean;
  url: string | undefined;
  key: string | undefined;
  /** Create without a claim hash, for a recipient whose client cannot claim. */
  noClaim: boolean;
}

const OPTIONS = {
  expiry: { type: 'string', short: 'e' },
  split: { type: 'boolean', short: 's' },
  hint: { type: 'string', short: 'H' },
  'api-key': { type: 'string', short: 'k' },
  'callback-url': { type: 'string' },
  'callback-secret': { type: 'string' },
  server: { type: 'string' },
  json: { type: 'boolean' },
  url: { type: 'string' },
  key: { type: 'string' },
  'no-claim': { type: 'boolean' },
  peek: { type: 'boolean' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

const UNITS: Record<string, number> = { m: 1, h: 60, d: 1440 };

/**
 * Minutes from "60", "5m", "1h", "24h", "1d", "7d" or "30d"; only the protocol's expiries. A bare
 * 1, 24, 168 or 720 is hours, as an earlier protocol counted (none of them is a minute value).
 */
function parseExpiry(text: string): number {
  const match = /^(\d+)([mhd]?)$/.exec(text.trim().toLowerCase());
  const bare = match !== null && match[2] === '' && (LEGACY_EXPIRY_HOURS as readonly number[]).includes(Number(match[1]));
  const minutes = match ? Number(match[1]) * UNITS[bare ? 'h' : match[2] || 'm']! : NaN;
  if (!(EXPIRIES as readonly number[]).includes(minutes)) {
    throw new UsageError(`--expiry must be one of ${EXPIRIES.join(', ')} minutes, or 5m 15m 30m 1h 24h 1d 7d 30d, or the hours ${LEGACY_EXPIRY_HOURS.join(', ')} (got "${text}")`);
  }
  return minutes;
}

const CREATE_ONLY = ['expiry', 'split', 'hint', 'callback-url', 'callback-secret', 'no-claim'] as const;
const LINK_ONLY = ['url', 'key'] as const;

export function parseCli(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true, tokens: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { values, positionals, tokens } = parsed;
  // A command word counts only when it comes first and before any `--`.
  const terminator = tokens.findIndex((t) => t.kind === 'option-terminator');
  const firstPositional = tokens.find((t) => t.kind === 'positional');
  const word = firstPositional?.kind === 'positional' && (terminator === -1 || firstPositional.index < terminator) ? firstPositional.value : undefined;
  const linkCommand = (LINK_COMMANDS as readonly string[]).includes(word ?? '') ? (word as LinkCommand) : undefined;
  const onLink = linkCommand !== undefined;
  const linkWord = linkCommand === 'retrieve' && values.peek ? 'info' : linkCommand;
  const command: CliArgs['command'] = values.help ? 'help' : values.version ? 'version' : linkWord ?? 'create';
  const rest = onLink ? positionals.slice(1) : positionals;
  if (rest.length > 1) throw new UsageError(`Expected one ${onLink ? 'link' : 'secret'}, got ${rest.length} arguments (quote a secret that contains spaces)`);
  const wrong = [...(onLink ? CREATE_ONLY : LINK_ONLY), ...(linkCommand === 'retrieve' ? [] : ['peek'] as const)].filter((name) => values[name] !== undefined);
  if (command !== 'help' && command !== 'version' && wrong.length > 0) {
    throw new UsageError(`--${wrong[0]} does not apply to ${onLink ? linkCommand : 'creating a secret'}`);
  }
  if (onLink && rest.length === 1 && (values.url !== undefined || values.key !== undefined)) throw new UsageError('Pass either a link or --url and --key, not both');
  if (onLink && (values.url === undefined) !== (values.key === undefined)) throw new UsageError('Split mode needs both --url and --key');
  return {
    command,
    secret: onLink ? undefined : rest[0],
    link: onLink ? rest[0] : undefined,
    expiry: values.expiry === undefined ? undefined : parseExpiry(values.expiry),
    split: values.split ?? false,
    hint: values.hint,
    apiKey: values['api-key'],
    callbackUrl: values['callback-url'],
    callbackSecret: values['callback-secret'],
    server: values.server,
    json: values.json ?? false,
    url: values.url,
    key: values.key,
    noClaim: values['no-claim'] ?? false,
  };
}
