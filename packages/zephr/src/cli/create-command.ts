// `zephr <secret>`: create a one-time link from an argument or stdin.
import { createSecret } from '../sdk/create-secret.js';
import { DEFAULT_EXPIRY, type Expiry } from '../protocol/rules.js';
import { type CliArgs, UsageError } from './args.js';
import { expirySentence } from './describe.js';
import { type CliIo, readAll, stripOneNewline } from './io.js';

export async function createCommand(args: CliArgs, io: CliIo): Promise<void> {
  let secret = args.secret;
  if (secret === undefined) {
    if (io.stdin.isTTY) throw new UsageError('Give the secret as an argument or on stdin (see zephr --help)');
    secret = stripOneNewline(await readAll(io.stdin));
    if (secret === '') throw new UsageError('Nothing to share: stdin was empty');
  }
  const expiry = (args.expiry ?? DEFAULT_EXPIRY) as Expiry;
  const result = await createSecret(secret, {
    expiry, split: args.split, hint: args.hint ?? null,
    apiKey: args.apiKey ?? io.env.ZEPHR_API_KEY ?? null,
    callbackUrl: args.callbackUrl ?? null, callbackSecret: args.callbackSecret ?? null,
    baseUrl: args.server ?? io.env.ZEPHR_URL ?? undefined,
    claim: !args.noClaim,
  });
  if (args.json) {
    const out = result.mode === 'split'
      ? { mode: 'split', url: result.url, key: result.key, expires_at: result.expiresAt, secret_id: result.secretId }
      : { mode: 'standard', link: result.fullLink, expires_at: result.expiresAt, secret_id: result.secretId };
    io.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  const lines = result.mode === 'split'
    ? [`URL: ${result.url}`, `Key: ${result.key}`, 'Send the URL and the key through different channels.']
    : [`Link: ${result.fullLink}`];
  io.stdout.write(`${[...lines, expirySentence(expiry)].join('\n')}\n`);
}
