// `zephr burn <link>`: destroy an unread secret, for the sender who sent it to the wrong place.
import { burnSecret } from '../sdk/burn-secret.js';
import type { CliArgs } from './args.js';
import type { CliIo } from './io.js';
import { linkInput, linkOptions } from './link-input.js';

export async function burnCommand(args: CliArgs, io: CliIo): Promise<void> {
  await burnSecret(await linkInput(args, io), linkOptions(args, io));
  io.stdout.write(args.json ? `${JSON.stringify({ status: 'burned' })}\n` : 'Burned: the secret is destroyed and the link no longer opens.\n');
}
