// `zephr fulfill <request link> [secret]`: answer a request. The secret comes from the argument,
// --file, stdin or the hidden prompt, is encrypted here to the key in the link, and is sent once.
import { ValidationError } from '../errors.js';
import { formatBytes } from '../format-bytes.js';
import { fulfillRequest, requestInfo } from '../sdk/requests.js';
import type { CliArgs } from './args.js';
import { timeUntil } from './describe.js';
import type { CliIo } from './io.js';
import { secretFrom } from './secret-input.js';

export async function fulfillCommand(args: CliArgs, io: CliIo): Promise<void> {
  const link = args.link!;
  const options = args.server !== undefined ? { baseUrl: args.server } : {};
  // What is asked, before the secret is typed: a spent or cancelled request fails here, not after.
  const info = await requestInfo(link, options);
  if (!args.quiet && !args.json) {
    io.stderr.write(`Request${info.hint === undefined ? '' : ` for "${info.hint}"`}: open ${timeUntil(Date.parse(info.expiresAt), Date.now())}, takes up to ${formatBytes(info.maxSecretBytes)}.\n`);
  }
  const refusal = (what: string, size: number) => `${what} is ${formatBytes(size)}; this request takes at most ${formatBytes(info.maxSecretBytes)} of secret`;
  const secret = await secretFrom(args, io, async () => ({ maxBytes: info.maxSecretBytes, refusal }));
  const size = new TextEncoder().encode(secret).length;
  if (size > info.maxSecretBytes) throw new ValidationError('INVALID_INPUT', `${refusal('The secret', size)}. Nothing was sent`);
  const sent = await fulfillRequest(link, secret, options);
  if (args.json) io.stdout.write(`${JSON.stringify({ fulfilled_at: sent.fulfilledAt, expires_at: sent.expiresAt })}\n`);
  else if (!args.quiet) io.stderr.write(`Sent, encrypted to the requester's key. Only they can open it, until ${sent.expiresAt}.\n`);
}
