// `zephr retrieve <link>`: claim and decrypt; the plaintext goes to stdout exactly.
import { retrieveSecret } from '../sdk/retrieve-secret.js';
import type { CliArgs } from './args.js';
import type { CliIo } from './io.js';
import { linkInput, linkOptions } from './link-input.js';

export async function retrieveCommand(args: CliArgs, io: CliIo): Promise<void> {
  const result = await retrieveSecret(await linkInput(args, io), linkOptions(args, io));
  if (args.json) {
    io.stdout.write(`${JSON.stringify({ plaintext: result.plaintext, hint: result.hint ?? null, purge_at: result.purgeAt ?? null })}\n`);
    return;
  }
  // Exactly the secret: a newline only for a person at a terminal, never into a pipe or file.
  io.stdout.write(result.plaintext + (io.stdout.isTTY ? '\n' : ''));
  if (result.hint !== undefined) io.stderr.write(`Hint: ${result.hint}\n`);
}
