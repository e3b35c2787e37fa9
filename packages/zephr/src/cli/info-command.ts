// `zephr info <link>` (or `zephr retrieve --peek`): what an unread secret is, without opening it.
import { peekSecret } from '../sdk/peek-secret.js';
import type { CliArgs } from './args.js';
import { timeUntil } from './describe.js';
import type { CliIo } from './io.js';
import { linkInput, linkOptions, serverOf } from './link-input.js';

export async function infoCommand(args: CliArgs, io: CliIo, now = Date.now()): Promise<void> {
  const link = await linkInput(args, io);
  io.preconnect?.(serverOf(args, link));
  const info = await peekSecret(link, linkOptions(args, io));
  if (args.json) {
    io.stdout.write(`${JSON.stringify({ status: 'unread', hint: info.hint ?? null, created_at: info.createdAt, expires_at: info.expiresAt })}\n`);
    return;
  }
  // Quiet: the exit status says it (0 unread; 1 with the error otherwise).
  if (args.quiet) return;
  const lines = [
    'Unread: the link still opens, once (zephr retrieve). This did not open it.',
    ...(info.hint === undefined ? [] : [`Hint: ${info.hint}`]),
    `Created: ${info.createdAt}`,
    `Expires: ${info.expiresAt} (${timeUntil(Date.parse(info.expiresAt), now)})`,
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
}
