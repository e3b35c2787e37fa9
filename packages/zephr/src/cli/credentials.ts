// The API keys `zephr login` stored, one per server origin, in the user's config directory
// ($XDG_CONFIG_HOME/zephr, else ~/.config/zephr; %APPDATA%\zephr on Windows) in a 0600 file in a
// 0700 directory. --api-key and ZEPHR_API_KEY always win over a stored key.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BASE_URL } from '../sdk/options.js';

export interface StoredLogin {
  api_key: string;
  key_id: string;
  user: string;
  saved_at: string;
}

interface CredentialsFile {
  version: 1;
  servers: Record<string, StoredLogin>;
}

type Env = Record<string, string | undefined>;

/** zephr's own config directory: $XDG_CONFIG_HOME/zephr, else ~/.config/zephr (%APPDATA%\\zephr on Windows). */
export function configDir(env: Env): string {
  const base = env.XDG_CONFIG_HOME || (process.platform === 'win32' && env.APPDATA) || join(env.HOME || homedir(), '.config');
  return join(base, 'zephr');
}

export function credentialsPath(env: Env): string {
  return join(configDir(env), 'credentials.json');
}

/** The origin a server URL names ("https://zephr.example.com"), or the URL itself when it does not parse. */
export function originOf(server: string | undefined): string {
  const raw = server ?? DEFAULT_BASE_URL;
  try {
    return new URL(raw).origin;
  } catch {
    return raw;
  }
}

function read(env: Env): CredentialsFile {
  try {
    const parsed = JSON.parse(readFileSync(credentialsPath(env), 'utf8')) as Partial<CredentialsFile>;
    if (parsed && typeof parsed.servers === 'object' && parsed.servers !== null) return { version: 1, servers: parsed.servers };
  } catch {
    // No file yet (or an unreadable one): nothing stored.
  }
  return { version: 1, servers: {} };
}

function write(env: Env, file: CredentialsFile): string {
  const path = credentialsPath(env);
  const dir = join(path, '..');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Written beside and renamed over: a crash never leaves half a file, and it is 0600 from the start.
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
  return path;
}

export function storedLogin(env: Env, server: string | undefined): StoredLogin | null {
  return read(env).servers[originOf(server)] ?? null;
}

export function saveLogin(env: Env, server: string | undefined, login: StoredLogin): string {
  const file = read(env);
  file.servers[originOf(server)] = login;
  return write(env, file);
}

/** Forgets the server's login; returns the file's path, or null when nothing was stored. */
export function forgetLogin(env: Env, server: string | undefined): string | null {
  const file = read(env);
  const origin = originOf(server);
  if (file.servers[origin] === undefined) return null;
  return write(env, { version: 1, servers: Object.fromEntries(Object.entries(file.servers).filter(([server]) => server !== origin)) });
}

/** The API key a command uses: --api-key, else ZEPHR_API_KEY, else the one `zephr login` stored for this server. */
export function apiKeyFor(flag: string | undefined, env: Env, server: string | undefined): string | null {
  return flag ?? env.ZEPHR_API_KEY ?? storedLogin(env, server)?.api_key ?? null;
}
