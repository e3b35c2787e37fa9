// Command-line parsing: strict (an unknown flag or a missing value is an error), with
// --flag=value forms and `--` to pass a secret that starts with "-". The option table here also
// drives shell completion, so a new flag is offered by `zephr completion` without a second list.
import { parseArgs } from 'node:util';
import { EXPIRIES, LEGACY_EXPIRY_HOURS } from '../protocol/rules.js';

export class UsageError extends Error {}

/** The commands that take a link (or --url and --key). */
const LINK_COMMANDS = ['retrieve', 'info', 'burn'] as const;
type LinkCommand = (typeof LINK_COMMANDS)[number];
/** Every command word, for completion; creating a secret has none. */
export const COMMAND_WORDS = [...LINK_COMMANDS, 'request', 'fulfill', 'fulfil', 'limits', 'login', 'logout', 'completion'] as const;
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export interface CliArgs {
  command: 'create' | LinkCommand | 'request' | 'request-receive' | 'fulfill' | 'limits' | 'login' | 'logout' | 'completion' | 'help' | 'version';
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
  /** Only the result on stdout, nothing on stderr but errors. */
  quiet: boolean;
  url: string | undefined;
  key: string | undefined;
  /** Create without a claim hash, for a recipient whose client cannot claim. */
  noClaim: boolean;
  /** Create: share this file's contents. */
  file: string | undefined;
  /** Retrieve: write the secret to this new file instead of stdout. */
  output: string | undefined;
  /** Create: also draw the link as a QR code. */
  qr: boolean;
  shell: Shell | undefined;
  /** Request: print the link and keep the key, without waiting; request receive: look once. */
  noWait: boolean;
  /** Request receive: the request's id (or its link). */
  requestId: string | undefined;
}

type Scope = 'create' | 'link' | 'retrieve' | 'request' | 'fulfill' | 'all';

/** Every flag: parseArgs' shape, plus where it applies and a line for completion menus. */
export const OPTIONS = {
  expiry: { type: 'string', short: 'e', scope: ['create', 'request'], about: 'when the link expires (5m 15m 30m 1h 24h 1d 7d 30d)' },
  split: { type: 'boolean', short: 's', scope: 'create', about: 'print the URL and the key separately' },
  hint: { type: 'string', short: 'H', scope: ['create', 'request'], about: 'plaintext label (not encrypted)' },
  file: { type: 'string', short: 'f', scope: ['create', 'fulfill'], about: "share a file's contents" },
  qr: { type: 'boolean', scope: 'create', about: 'also draw the link as a QR code' },
  'callback-url': { type: 'string', scope: ['create', 'request'], about: 'https URL notified on read, expiry or fulfilment' },
  'callback-secret': { type: 'string', scope: ['create', 'request'], about: 'signing secret for that notification' },
  'no-wait': { type: 'boolean', scope: 'request', about: 'print the request link and keep the key; finish with zephr request receive' },
  'no-claim': { type: 'boolean', scope: 'create', about: 'let the bare URL open it (older clients)' },
  url: { type: 'string', scope: 'link', about: 'split-mode URL' },
  key: { type: 'string', scope: 'link', about: 'split-mode key' },
  peek: { type: 'boolean', scope: 'retrieve', about: 'show hint and expiry without opening it' },
  output: { type: 'string', short: 'o', scope: 'retrieve', about: 'write the secret to a new 0600 file' },
  'api-key': { type: 'string', short: 'k', scope: 'all', about: 'API key (default $ZEPHR_API_KEY)' },
  server: { type: 'string', scope: 'all', about: 'Zephr server (default $ZEPHR_URL)' },
  json: { type: 'boolean', scope: 'all', about: 'machine-readable output' },
  quiet: { type: 'boolean', short: 'q', scope: 'all', about: 'only the result; no notes on stderr' },
  version: { type: 'boolean', short: 'v', scope: 'all', about: 'show the version' },
  help: { type: 'boolean', short: 'h', scope: 'all', about: 'show help' },
} as const satisfies Record<string, { type: 'string' | 'boolean'; short?: string; scope: Scope | readonly Scope[]; about: string }>;

type OptionName = keyof typeof OPTIONS;

/** Whether option `name` applies under any of `scopes`. */
export function inScope(name: OptionName, scopes: readonly string[]): boolean {
  const own: readonly string[] = [OPTIONS[name].scope].flat();
  return own.some((s) => scopes.includes(s));
}

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

/** The option scopes each kind of command accepts (parsing and completion both read it). */
export const SCOPES = {
  create: ['create', 'all'],
  retrieve: ['link', 'retrieve', 'all'],
  link: ['link', 'all'],
  request: ['request', 'all'],
  fulfill: ['fulfill', 'all'],
  other: ['all'],
} as const satisfies Record<string, readonly Scope[]>;

/** Which scopes a command accepts. */
function accepts(command: CliArgs['command']): readonly Scope[] {
  if (command === 'create' || command === 'retrieve' || command === 'request' || command === 'fulfill') return SCOPES[command];
  if (command === 'request-receive') return SCOPES.request;
  return command === 'info' || command === 'burn' ? SCOPES.link : SCOPES.other;
}

export function parseCli(argv: string[]): CliArgs {
  let parsed;
  try {
    const options = Object.fromEntries(Object.entries(OPTIONS).map(([name, o]) => [name, { type: o.type, ...('short' in o && { short: o.short }) }]));
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true, tokens: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { positionals, tokens } = parsed;
  const values = parsed.values as Partial<Record<OptionName, string | boolean>>;
  const text = (name: OptionName) => values[name] as string | undefined;
  const flag = (name: OptionName) => (values[name] as boolean | undefined) ?? false;
  // A command word counts only when it comes first and before any `--`.
  const terminator = tokens.findIndex((t) => t.kind === 'option-terminator');
  const firstPositional = tokens.find((t) => t.kind === 'positional');
  const word = firstPositional?.kind === 'positional' && (terminator === -1 || firstPositional.index < terminator) ? firstPositional.value : undefined;
  const named = (COMMAND_WORDS as readonly string[]).includes(word ?? '') ? (word as (typeof COMMAND_WORDS)[number]) : undefined;
  const onLink = (LINK_COMMANDS as readonly string[]).includes(named ?? '');
  const rest = named !== undefined ? positionals.slice(1) : positionals;
  const wordCommand = named === 'retrieve' && flag('peek') ? 'info' : named === 'fulfil' ? 'fulfill' : named === 'request' && rest[0] === 'receive' ? 'request-receive' : named;
  const command: CliArgs['command'] = flag('help') ? 'help' : flag('version') ? 'version' : wordCommand ?? 'create';
  if (command === 'help' || command === 'version') return blank(command);

  const allowed = accepts(named === 'retrieve' ? 'retrieve' : command);
  const wrong = (Object.keys(OPTIONS) as OptionName[]).find((name) => values[name] !== undefined && !inScope(name, allowed));
  if (wrong !== undefined) throw new UsageError(`--${wrong} does not apply to ${command === 'create' ? 'creating a secret' : command === 'request-receive' ? 'request receive' : named}`);

  if (command === 'request' || command === 'request-receive') {
    const ids = command === 'request' ? rest : rest.slice(1);
    if (command === 'request' && ids.length > 0) throw new UsageError('zephr request takes no argument (zephr request receive <id> finishes one made with --no-wait)');
    if (command === 'request-receive' && ids.length !== 1) throw new UsageError('Usage: zephr request receive <id or request link>');
    const expiry = text('expiry');
    return {
      ...blank(command), ...common(), requestId: ids[0], noWait: flag('no-wait'), hint: text('hint'),
      expiry: expiry === undefined ? undefined : parseExpiry(expiry), callbackUrl: text('callback-url'), callbackSecret: text('callback-secret'),
    };
  }
  if (command === 'fulfill') {
    if (rest.length < 1 || rest.length > 2) throw new UsageError('Usage: zephr fulfill <request link> [secret] (or the secret on stdin, or --file)');
    if (rest.length === 2 && text('file') !== undefined) throw new UsageError('Pass either a secret or --file, not both');
    return { ...blank('fulfill'), ...common(), link: rest[0], secret: rest[1], file: text('file') };
  }

  if (command === 'completion') {
    if (rest.length !== 1 || !(SHELLS as readonly string[]).includes(rest[0]!)) throw new UsageError(`Usage: zephr completion ${SHELLS.join('|')}`);
    return { ...blank('completion'), shell: rest[0] as Shell };
  }
  if (command === 'limits' || command === 'login' || command === 'logout') {
    if (rest.length > 0) throw new UsageError(`zephr ${command} takes no argument`);
    if (command !== 'limits' && values['api-key'] !== undefined) throw new UsageError(`--api-key does not apply to zephr ${command}`);
    return { ...blank(command), ...common() };
  }
  if (rest.length > 1) throw new UsageError(`Expected one ${onLink ? 'link' : 'secret'}, got ${rest.length} arguments (quote a secret that contains spaces)`);
  if (onLink && rest.length === 1 && (text('url') !== undefined || text('key') !== undefined)) throw new UsageError('Pass either a link or --url and --key, not both');
  if (onLink && (text('url') === undefined) !== (text('key') === undefined)) throw new UsageError('Split mode needs both --url and --key');
  if (!onLink && rest.length === 1 && text('file') !== undefined) throw new UsageError('Pass either a secret or --file, not both');
  if (text('output') !== undefined && flag('json')) throw new UsageError('--output writes the secret to a file; --json would print it too: use one');
  const expiry = text('expiry');
  return {
    ...blank(command),
    ...common(),
    secret: onLink ? undefined : rest[0],
    link: onLink ? rest[0] : undefined,
    expiry: expiry === undefined ? undefined : parseExpiry(expiry),
    split: flag('split'),
    hint: text('hint'),
    callbackUrl: text('callback-url'),
    callbackSecret: text('callback-secret'),
    url: text('url'),
    key: text('key'),
    noClaim: flag('no-claim'),
    file: text('file'),
    output: text('output'),
    qr: flag('qr'),
  };

  function common() {
    return { apiKey: text('api-key'), server: text('server'), json: flag('json'), quiet: flag('quiet') };
  }
}

function blank(command: CliArgs['command']): CliArgs {
  return {
    command, secret: undefined, link: undefined, expiry: undefined, split: false, hint: undefined, apiKey: undefined,
    callbackUrl: undefined, callbackSecret: undefined, server: undefined, json: false, quiet: false, url: undefined,
    key: undefined, noClaim: false, file: undefined, output: undefined, qr: false, shell: undefined, noWait: false, requestId: undefined,
  };
}
