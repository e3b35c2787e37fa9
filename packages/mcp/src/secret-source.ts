// Where zephr_create_secret takes the plaintext from: the argument itself, an environment variable
// of this process, or a file inside the allowed roots. The last two keep the credential out of
// the model's context: the model names it, this process reads it.
import { closeSync, openSync, readSync, constants } from 'node:fs';
import { readablePath } from './file-roots.js';
import { InputProblem } from './tool-errors.js';

export const SECRET_ENV_PATTERN = /^ZEPHR_SECRET_[A-Z0-9_]+$/;
/** Far above any tier's ceiling; stops an accidental multi-gigabyte read. */
const MAX_SECRET_FILE_BYTES = 1024 * 1024;

export interface SecretArgs {
  secret?: string | undefined;
  secret_env?: string | undefined;
  secret_file?: string | undefined;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function readSecretFile(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const buffer = Buffer.alloc(MAX_SECRET_FILE_BYTES + 1);
    let length = 0;
    for (let n; (n = readSync(fd, buffer, length, buffer.length - length, null)) > 0;) {
      length += n;
      if (length > MAX_SECRET_FILE_BYTES) throw new InputProblem(`secret_file is larger than ${MAX_SECRET_FILE_BYTES} bytes`);
    }
    let text: string;
    try {
      text = strictUtf8.decode(buffer.subarray(0, length));
    } catch {
      throw new InputProblem('secret_file is not UTF-8 text');
    } finally {
      buffer.fill(0);
    }
    // Files usually end with a newline that is not part of the secret; drop exactly one (as the CLI does for stdin).
    return text.replace(/\r?\n$/, '');
  } finally {
    closeSync(fd);
  }
}

/** The plaintext to encrypt. Exactly one source must be given. */
export function resolveSecret(args: SecretArgs, roots: string[], env: NodeJS.ProcessEnv = process.env): string {
  const given = (['secret', 'secret_env', 'secret_file'] as const).filter((k) => args[k] !== undefined);
  if (given.length !== 1) {
    throw new InputProblem(given.length === 0
      ? 'give the secret: secret (the text), secret_env (an environment variable named ZEPHR_SECRET_…) or secret_file (a path inside ZEPHR_MCP_FILE_ROOTS)'
      : `give only one of secret, secret_env and secret_file (got ${given.join(', ')})`);
  }
  if (args.secret !== undefined) return args.secret;
  if (args.secret_env !== undefined) {
    const name = args.secret_env;
    if (!SECRET_ENV_PATTERN.test(name)) throw new InputProblem(`secret_env must name a variable beginning ZEPHR_SECRET_ (A-Z, 0-9, _), got "${name}"`);
    const value = env[name];
    if (value === undefined || value === '') throw new InputProblem(`the environment variable ${name} is not set (or empty) in the MCP server's environment`);
    return value;
  }
  const text = readSecretFile(readablePath(roots, args.secret_file!));
  if (text === '') throw new InputProblem('secret_file is empty');
  return text;
}
