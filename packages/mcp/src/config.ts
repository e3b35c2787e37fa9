// The MCP server's configuration, from the environment its host starts it with.
import { realpathSync, statSync } from 'node:fs';
import { delimiter, isAbsolute } from 'node:path';

export interface McpConfig {
  /** Sent as Bearer on every call; undefined means anonymous. */
  apiKey: string | undefined;
  /** The Zephr server to create on (retrieval follows each link's own server). */
  baseUrl: string | undefined;
  /** Real paths of the directories secret_file and output_file may use; empty means none. */
  fileRoots: string[];
  /** ZEPHR_MCP_ALLOW_RUN=1: zephr_receive_secret may start a command with the secret in its environment. */
  allowRun: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** ZEPHR_MCP_FILE_ROOTS: absolute directories separated by the platform's path delimiter (":"). */
function parseRoots(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(delimiter).filter((p) => p.trim() !== '').map((raw) => {
    const path = raw.trim();
    if (!isAbsolute(path)) throw new ConfigError(`ZEPHR_MCP_FILE_ROOTS: "${path}" is not an absolute path`);
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      throw new ConfigError(`ZEPHR_MCP_FILE_ROOTS: "${path}" does not exist`);
    }
    if (!statSync(real).isDirectory()) throw new ConfigError(`ZEPHR_MCP_FILE_ROOTS: "${path}" is not a directory`);
    return real;
  });
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): McpConfig {
  const apiKey = env.ZEPHR_API_KEY?.trim();
  const baseUrl = env.ZEPHR_URL?.trim();
  return {
    apiKey: apiKey === '' ? undefined : apiKey,
    baseUrl: baseUrl === '' ? undefined : baseUrl,
    fileRoots: parseRoots(env.ZEPHR_MCP_FILE_ROOTS),
    allowRun: env.ZEPHR_MCP_ALLOW_RUN === '1',
  };
}
