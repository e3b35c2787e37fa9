// `zephr burn <link>`: destroy an unread secret, for the sender who sent it to the wrong place.
import { burnSecret } from '../sdk/burn-secret.js';
import type { CliArgs } from './args.js';
import type { CliIo } from './io.js';
import { linkInput, linkOptions, serverOf } from './link-input.js';

export async function burnCommand(args: CliArgs, io: CliIo): Promise<void> {
  const link = await linkInput(args, io);
  io.preconnect?.(serverOf(args, link));
  await burnSecret(link, linkOptions(args, io));
  if (args.json) io.stdout.write(`${JSON.stringify({ status: 'burned' })}\n`);
  else if (!args.quiet) io.stdout.write('Burned: the secret is destroyed and the link no longer opens.\n');
}
