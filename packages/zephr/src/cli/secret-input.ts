// Where a secret to send comes from, for create and fulfill: --file, an argument (with a warning:
// it lands in shell history), the hidden prompt on a terminal, or stdin (one trailing newline off).
import { readFileSync, statSync } from 'node:fs';
import { ValidationError } from '../errors.js';
import { type CliArgs, UsageError } from './args.js';
import { type CliIo, readAll, stripOneNewline } from './io.js';
import { readHidden } from './prompt.js';

const HISTORY_WARNING = 'Warning: a secret given as an argument stays in your shell history and is visible to other users in the process list. Pipe it in, use --file, or run zephr with no secret to be prompted (input hidden).\n';

/** The most a file may hold, and the sentence that says why when it holds more. */
export type FileLimit = () => Promise<{ maxBytes: number; refusal: (path: string, size: number) => string }>;

export async function secretFrom(args: CliArgs, io: CliIo, fileLimit: FileLimit): Promise<string> {
  if (args.file !== undefined) return readSecretFile(args.file, fileLimit);
  if (args.secret !== undefined) {
    if (!args.quiet) io.stderr.write(HISTORY_WARNING);
    return args.secret;
  }
  if (io.stdin.isTTY) {
    const typed = await readHidden(io.stdin, io.stderr, 'Secret (input hidden, Enter to send): ');
    if (typed === '') throw new UsageError('Nothing to share: no secret was typed');
    return typed;
  }
  const piped = stripOneNewline(await readAll(io.stdin));
  if (piped === '') throw new UsageError('Nothing to share: stdin was empty');
  return piped;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The file's exact contents, refused before anything is encrypted when it is over the limit. */
async function readSecretFile(path: string, fileLimit: FileLimit): Promise<string> {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new ValidationError('INVALID_INPUT', `--file ${path} is not a regular file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError('INVALID_INPUT', `--file ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (size === 0) throw new UsageError(`Nothing to share: ${path} is empty`);
  const limit = await fileLimit();
  if (size > limit.maxBytes) throw new ValidationError('INVALID_INPUT', limit.refusal(path, size));
  const bytes = readFileSync(path);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new ValidationError('INVALID_INPUT', `${path} is not UTF-8 text; Zephr shares text (base64-encode a binary file first: base64 < file | zephr)`);
  }
}

