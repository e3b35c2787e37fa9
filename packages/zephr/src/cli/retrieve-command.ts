// `zephr retrieve <link>`: consume and decrypt; the plaintext goes to stdout exactly.
import { retrieveSecret } from '../sdk/retrieve-secret.js';
import { type CliArgs, UsageError } from './args.js';
import { type CliIo, readAll } from './io.js';

export async function retrieveCommand(args: CliArgs, io: CliIo): Promise<void> {
  let target: string | { url: string; key: string };
  if (args.url !== undefined && args.key !== undefined) target = { url: args.url, key: args.key };
  else if (args.link !== undefined) target = args.link;
  else {
    if (io.stdin.isTTY) throw new UsageError('Give the link as an argument, on stdin, or as --url and --key (see zephr --help)');
    target = (await readAll(io.stdin)).trim();
    if (target === '') throw new UsageError('No link on stdin');
  }
  const result = await retrieveSecret(target, {
    apiKey: args.apiKey ?? io.env.ZEPHR_API_KEY ?? null,
    ...(args.server !== undefined && { baseUrl: args.server }),
  });
  if (args.json) {
    io.stdout.write(`${JSON.stringify({ plaintext: result.plaintext, hint: result.hint ?? null, purge_at: result.purgeAt ?? null })}\n`);
    return;
  }
  // Exactly the secret: a newline only for a person at a terminal, never into a pipe or file.
  io.stdout.write(result.plaintext + (io.stdout.isTTY ? '\n' : ''));
  if (result.hint !== undefined) io.stderr.write(`Hint: ${result.hint}\n`);
}
