// `zephr <secret>`: create a one-time link from an argument, stdin, a file, or a hidden prompt.
// stdout carries the result, stderr the talk: into a pipe or file only the link goes to stdout
// (split: the URL, then the key), so `link=$(zephr x)` and `zephr x | zephr retrieve` work.
import { readFileSync, statSync } from 'node:fs';
import { ValidationError } from '../errors.js';
import { createSecret } from '../sdk/create-secret.js';
import { DEFAULT_BASE_URL } from '../sdk/options.js';
import { getLimits } from '../sdk/get-limits.js';
import { DEFAULT_EXPIRY, type Expiry } from '../protocol/rules.js';
import { type CliArgs, UsageError } from './args.js';
import { apiKeyFor } from './credentials.js';
import { formatBytes } from '../format-bytes.js';
import { expirySentence } from './describe.js';
import { type CliIo, readAll, stripOneNewline } from './io.js';
import { readHidden } from './prompt.js';
import { terminalQr } from './qr.js';

const HISTORY_WARNING = 'Warning: a secret given as an argument stays in your shell history and is visible to other users in the process list. Pipe it in, use --file, or run zephr with no secret to be prompted (input hidden).\n';

export async function createCommand(args: CliArgs, io: CliIo): Promise<void> {
  const baseUrl = args.server ?? io.env.ZEPHR_URL ?? undefined;
  const apiKey = apiKeyFor(args.apiKey, io.env, baseUrl);
  const secret = await secretFrom(args, io, { apiKey, baseUrl });
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

async function secretFrom(args: CliArgs, io: CliIo, server: { apiKey: string | null; baseUrl: string | undefined }): Promise<string> {
  if (args.file !== undefined) return readSecretFile(args.file, server);
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

/** The file's exact contents, refused before anything is encrypted when the tier cannot take it. */
async function readSecretFile(path: string, server: { apiKey: string | null; baseUrl: string | undefined }): Promise<string> {
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
  const limits = await getLimits({ apiKey: server.apiKey, ...(server.baseUrl !== undefined && { baseUrl: server.baseUrl }) });
  if (size > limits.max_secret_bytes) {
    throw new ValidationError('INVALID_INPUT', `${path} is ${formatBytes(size)}; the ${limits.tier} tier allows at most ${formatBytes(limits.max_secret_bytes)} of secret. ${limits.tier === 'anonymous' ? 'An API key (zephr login, --api-key or ZEPHR_API_KEY) raises the limit.' : 'A higher tier raises the limit.'}`);
  }
  const bytes = readFileSync(path);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new ValidationError('INVALID_INPUT', `${path} is not UTF-8 text; Zephr shares text (base64-encode a binary file first: base64 < file | zephr)`);
  }
}
