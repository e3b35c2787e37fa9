// `zephr retrieve <link>`: claim and decrypt; the plaintext goes to stdout exactly, or with
// --output to a new file only this user can read.
import { closeSync, constants, openSync, unlinkSync, writeSync } from 'node:fs';
import { ValidationError } from '../errors.js';
import { retrieveSecret } from '../sdk/retrieve-secret.js';
import type { CliArgs } from './args.js';
import { formatBytes } from '../format-bytes.js';
import type { CliIo } from './io.js';
import { linkInput, linkOptions, serverOf } from './link-input.js';

export async function retrieveCommand(args: CliArgs, io: CliIo): Promise<void> {
  const link = await linkInput(args, io);
  io.preconnect?.(serverOf(args, link));
  // The file is made before the secret is consumed: a bad path must never cost the secret.
  const fd = args.output === undefined ? undefined : openOutput(args.output);
  let result;
  try {
    result = await retrieveSecret(link, linkOptions(args, io));
    if (fd !== undefined) writeSync(fd, Buffer.from(result.plaintext, 'utf8'));
  } catch (error) {
    if (fd !== undefined) {
      closeSync(fd);
      unlinkSync(args.output!);
    }
    throw error;
  }
  if (fd !== undefined) {
    closeSync(fd);
    if (!args.quiet) io.stderr.write(`Saved to ${args.output} (${formatBytes(Buffer.byteLength(result.plaintext))}, readable only by you). The link no longer opens.\n`);
  } else if (args.json) {
    io.stdout.write(`${JSON.stringify({ plaintext: result.plaintext, hint: result.hint ?? null, purge_at: result.purgeAt ?? null })}\n`);
    return;
  } else {
    // Exactly the secret: a newline only for a person at a terminal, never into a pipe or file.
    io.stdout.write(result.plaintext + (io.stdout.isTTY ? '\n' : ''));
  }
  if (result.hint !== undefined && !args.quiet) io.stderr.write(`Hint: ${result.hint}\n`);
}

/** A new file, mode 0600; refuses an existing path or a symlink rather than overwrite anything. */
function openOutput(path: string): number {
  try {
    return openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' ? 'it already exists (nothing is overwritten; choose a new name)' : code === 'ENOENT' ? 'its directory does not exist' : code ?? (error as Error).message;
    throw new ValidationError('INVALID_INPUT', `--output ${path}: ${why}. The secret was not retrieved.`);
  }
}
