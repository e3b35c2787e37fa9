// `zephr <secret>`: create a one-time link from an argument, stdin, a file, or a hidden prompt.
// stdout carries the result, stderr the talk: into a pipe or file only the link goes to stdout
// (split: the URL, then the key), so `link=$(zephr x)` and `zephr x | zephr retrieve` work.
import { createSecret } from '../sdk/create-secret.js';
import { DEFAULT_BASE_URL } from '../sdk/options.js';
import { getLimits } from '../sdk/get-limits.js';
import { DEFAULT_EXPIRY, type Expiry } from '../protocol/rules.js';
import type { CliArgs } from './args.js';
import { apiKeyFor } from './credentials.js';
import { formatBytes } from '../format-bytes.js';
import { expirySentence } from './describe.js';
import type { CliIo } from './io.js';
import { secretFrom } from './secret-input.js';
import { terminalQr } from './qr.js';

export async function createCommand(args: CliArgs, io: CliIo): Promise<void> {
  const baseUrl = args.server ?? io.env.ZEPHR_URL ?? undefined;
  const apiKey = apiKeyFor(args.apiKey, io.env, baseUrl);
  const secret = await secretFrom(args, io, async () => {
    const limits = await getLimits({ apiKey, ...(baseUrl !== undefined && { baseUrl }) });
    const raise = limits.tier === 'anonymous' ? 'An API key (zephr login, --api-key or ZEPHR_API_KEY) raises the limit.' : 'A higher tier raises the limit.';
    return {
      maxBytes: limits.max_secret_bytes,
      refusal: (path, size) => `${path} is ${formatBytes(size)}; the ${limits.tier} tier allows at most ${formatBytes(limits.max_secret_bytes)} of secret. ${raise}`,
    };
  });
  // Connect while the secret is being encrypted: the first request is most of a CLI run.
  io.preconnect?.(baseUrl ?? DEFAULT_BASE_URL);
  const expiry = (args.expiry ?? DEFAULT_EXPIRY) as Expiry;
  const result = await createSecret(secret, {
    expiry, split: args.split, hint: args.hint ?? null, apiKey,
    callbackUrl: args.callbackUrl ?? null, callbackSecret: args.callbackSecret ?? null,
    baseUrl, claim: !args.noClaim,
  });
  const link = result.mode === 'split' ? result.url : result.fullLink;
  const qr = args.qr && !args.json ? terminalQr(link) : [];
  if (args.json) {
    const out = result.mode === 'split'
      ? { mode: 'split', url: result.url, key: result.key, expires_at: result.expiresAt, secret_id: result.secretId }
      : { mode: 'standard', link: result.fullLink, expires_at: result.expiresAt, secret_id: result.secretId };
    io.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  const bare = result.mode === 'split' ? [result.url, result.key] : [result.fullLink];
  if (args.quiet || !io.stdout.isTTY) {
    io.stdout.write(`${bare.join('\n')}\n`);
    // The picture is for a person: it goes to the terminal on stderr, never into the pipe.
    if (qr.length > 0) io.stderr.write(`${qr.join('\n')}\n`);
    if (!args.quiet) io.stderr.write(`${expirySentence(expiry)}\n`);
    return;
  }
  const lines = result.mode === 'split'
    ? [`URL: ${result.url}`, `Key: ${result.key}`, 'Send the URL and the key through different channels.']
    : [`Link: ${result.fullLink}`];
  const picture = qr.length === 0 ? [] : ['', ...qr, result.mode === 'split' ? 'The QR code holds the URL only: send the key another way.' : ''];
  io.stdout.write(`${[...lines, ...picture, expirySentence(expiry)].join('\n')}\n`);
}
