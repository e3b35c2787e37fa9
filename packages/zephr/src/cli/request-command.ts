// `zephr request`: ask someone for a secret. Prints a request link (on stderr when stdout is not a
// terminal, so DB_PASSWORD=$(zephr request --hint "prod db") works), waits, and writes what
// arrives to stdout. The private key is saved (0600) until then, so an interrupted wait, or one
// made with --no-wait, finishes with `zephr request receive <id>`.
import { ApiError } from '../errors.js';
import { parseRequestLink } from '../protocol/request.js';
import { DEFAULT_EXPIRY, type Expiry } from '../protocol/rules.js';
import { createRequest, receiveRequest } from '../sdk/requests.js';
import type { CliArgs } from './args.js';
import { apiKeyFor } from './credentials.js';
import { timeUntil } from './describe.js';
import type { CliIo } from './io.js';
import { forgetRequest, loadRequest, type SavedRequest, saveRequest } from './request-keys.js';

/** Answers after which nothing more can arrive: the saved key is of no more use. */
const FINAL = new Set(['SECRET_ALREADY_CONSUMED', 'SECRET_EXPIRED', 'SECRET_BURNED', 'REQUEST_NOT_FOUND', 'REQUEST_CANCELLED', 'REQUEST_EXPIRED']);

/** The command that finishes a request: an id may begin with "-", which only follows `--` as an argument. */
const receiveCommand = (id: string) => `zephr request receive ${id.startsWith('-') ? '-- ' : ''}${id}`;

/** Nothing has arrived (yet): exit status 1 with this message. */
export class RequestPending extends Error {}

export async function requestCommand(args: CliArgs, io: CliIo): Promise<void> {
  const baseUrl = args.server ?? io.env.ZEPHR_URL ?? undefined;
  const made = await createRequest({
    expiry: (args.expiry ?? DEFAULT_EXPIRY) as Expiry, hint: args.hint ?? null, apiKey: apiKeyFor(args.apiKey, io.env, baseUrl),
    callbackUrl: args.callbackUrl ?? null, callbackSecret: args.callbackSecret ?? null, ...(baseUrl !== undefined && { baseUrl }),
  });
  const saved: SavedRequest = { id: made.id, link: made.link, privateKey: made.privateKey, expiresAt: made.expiresAt };
  const keyFile = saveRequest(io.env, saved);
  const until = `open ${timeUntil(Date.parse(made.expiresAt), Date.now())} (until ${made.expiresAt})`;
  if (args.noWait) {
    // The link is this command's result: stdout, alone into a pipe.
    io.stdout.write(args.json ? `${JSON.stringify({ link: made.link, id: made.id, expires_at: made.expiresAt, key_file: keyFile })}\n` : `${made.link}\n`);
    if (!args.quiet && !args.json) io.stderr.write(`Send the link to whoever holds the secret; it is ${until}. Then: ${receiveCommand(made.id)}\n`);
    return;
  }
  // The link is for a person to pass on; the secret that arrives is the result, on stdout.
  const person = io.stdout.isTTY ? io.stdout : io.stderr;
  person.write(args.json ? `${JSON.stringify({ link: made.link, id: made.id, expires_at: made.expiresAt })}\n` : `Request link (send it to whoever holds the secret; it can only encrypt to you):\n${made.link}\n`);
  if (!args.quiet && !args.json) io.stderr.write(`Waiting for the secret: the request is ${until}. Ctrl-C stops waiting; ${receiveCommand(made.id)} picks it up later.\n`);
  await receiveInto(args, io, saved, true);
}

export async function requestReceiveCommand(args: CliArgs, io: CliIo): Promise<void> {
  const word = args.requestId!.trim();
  const id = word.includes('/') ? parseRequestLink(word).id : word;
  await receiveInto(args, io, loadRequest(io.env, id), !args.noWait);
}

async function receiveInto(args: CliArgs, io: CliIo, saved: SavedRequest, wait: boolean): Promise<void> {
  const seconds = wait ? Math.max(0, (Date.parse(saved.expiresAt) - Date.now()) / 1000 + 2) : 0;
  let got;
  try {
    got = await receiveRequest(saved, { wait: seconds, ...(args.server !== undefined && { baseUrl: args.server }) });
  } catch (error) {
    if (error instanceof ApiError && FINAL.has(error.code)) forgetRequest(io.env, saved.id);
    throw error;
  }
  if (got.status === 'pending') {
    const expired = Date.parse(got.expiresAt) <= Date.now();
    if (expired) forgetRequest(io.env, saved.id);
    throw new RequestPending(expired ? 'Nobody answered the request before it expired' : `Not answered yet; the request is open ${timeUntil(Date.parse(got.expiresAt), Date.now())}. Run ${receiveCommand(saved.id)} again to wait for it`);
  }
  forgetRequest(io.env, saved.id);
  if (args.json) io.stdout.write(`${JSON.stringify({ secret: got.secret, hint: got.hint ?? null, fulfilled_at: got.fulfilledAt })}\n`);
  else io.stdout.write(got.secret + (io.stdout.isTTY ? '\n' : ''));
  if (got.hint !== undefined && !args.quiet && !args.json) io.stderr.write(`Hint: ${got.hint}\n`);
}
