// The private keys of requests this user is waiting on, one 0600 file per request in a 0700
// directory ($XDG_CONFIG_HOME/zephr/requests/<id>.json): what `zephr request receive <id>` needs
// to finish a request later. A file goes once the request is received or can no longer be.
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../errors.js';
import { isSecretId } from '../protocol/secret-id.js';
import type { RequestHandle } from '../sdk/requests.js';
import { configDir } from './credentials.js';

type Env = Record<string, string | undefined>;

export interface SavedRequest extends RequestHandle {
  id: string;
  expiresAt: string;
}

function pathOf(env: Env, id: string): string {
  if (!isSecretId(id)) throw new ValidationError('INVALID_INPUT', `"${id}" is not a request id (22 characters) or request link`);
  return join(configDir(env), 'requests', `${id}.json`);
}

export function saveRequest(env: Env, request: SavedRequest): string {
  const path = pathOf(env, request.id);
  mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
  chmodSync(join(path, '..'), 0o700);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ version: 1, id: request.id, link: request.link, private_key: request.privateKey, expires_at: request.expiresAt }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
  return path;
}

export function loadRequest(env: Env, id: string): SavedRequest {
  const path = pathOf(env, id);
  let parsed: { id?: unknown; link?: unknown; private_key?: unknown; expires_at?: unknown };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as typeof parsed;
  } catch {
    throw new ValidationError('INVALID_INPUT', `No saved request ${id} here (${path}): it was received already, or made on another machine or account`);
  }
  if (typeof parsed.link !== 'string' || typeof parsed.private_key !== 'string' || typeof parsed.expires_at !== 'string') {
    throw new ValidationError('INVALID_INPUT', `${path} is not a saved request`);
  }
  return { id, link: parsed.link, privateKey: parsed.private_key, expiresAt: parsed.expires_at };
}

export function forgetRequest(env: Env, id: string): void {
  rmSync(pathOf(env, id), { force: true });
}
