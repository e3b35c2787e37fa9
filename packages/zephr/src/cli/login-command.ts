// `zephr login`: signs this machine in through the server's device flow. It shows a code and a
// link; the user approves in a signed-in browser; the CLI receives a new API key of their account
// and stores it (credentials.ts). `zephr logout` revokes that key on the server and forgets it.
import { hostname } from 'node:os';
import { ApiError } from '../errors.js';
import { resolveBaseUrl } from '../sdk/options.js';
import { exchange, expectStatus } from '../sdk/transport.js';
import type { CliArgs } from './args.js';
import { credentialsPath, forgetLogin, saveLogin, storedLogin } from './credentials.js';
import type { CliIo } from './io.js';

interface Started { device_code: string; user_code: string; verification_uri: string; verification_uri_complete: string; expires_in: number; interval: number }
interface Approved { status: 'approved'; api_key: string; key_id: string; prefix: string; user: { name: string; tier: string } }

const TIMEOUT_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function loginCommand(args: CliArgs, io: CliIo): Promise<void> {
  const server = resolveBaseUrl(args.server ?? io.env.ZEPHR_URL);
  const started = await exchange({ method: 'POST', url: `${server}/api/auth/device`, body: { client: `zephr CLI on ${hostname().slice(0, 40)}` }, timeoutMs: TIMEOUT_MS });
  expectStatus(started, 200);
  const s = started.body as Started;
  if (typeof s?.device_code !== 'string' || typeof s.verification_uri_complete !== 'string') throw new ApiError(200, 'INVALID_RESPONSE', 'Server returned an unexpected response to a sign-in');
  // Always on stderr: stdout carries only the result, so `zephr login --json` stays parseable.
  io.stderr.write(`To sign in, open this link in a browser where you are signed in to ${server}:\n\n  ${s.verification_uri_complete}\n\n`
    + `and check that it shows the code ${s.user_code}. Waiting for approval (Ctrl+C to cancel)…\n`);
  const until = Date.now() + s.expires_in * 1000;
  const interval = Math.max(1, s.interval) * 1000;
  for (;;) {
    await sleep(interval);
    const answer = await exchange({ method: 'POST', url: `${server}/api/auth/device/token`, body: { device_code: s.device_code }, timeoutMs: TIMEOUT_MS });
    if (answer.status === 202 && Date.now() < until) continue;
    expectStatus(answer, 200);
    const approved = answer.body as Approved;
    if (typeof approved?.api_key !== 'string') throw new ApiError(200, 'INVALID_RESPONSE', 'Server returned an unexpected response to a sign-in');
    const path = saveLogin(io.env, server, { api_key: approved.api_key, key_id: approved.key_id, user: approved.user.name, saved_at: new Date().toISOString() });
    if (args.json) io.stdout.write(`${JSON.stringify({ server, user: approved.user.name, tier: approved.user.tier, key_id: approved.key_id, prefix: approved.prefix, credentials_file: path })}\n`);
    else io.stdout.write(`Signed in to ${server} as ${approved.user.name} (${approved.user.tier} tier). Its API key (${approved.prefix}…) is stored in ${path}.\n`);
    return;
  }
}

export async function logoutCommand(args: CliArgs, io: CliIo): Promise<void> {
  const server = resolveBaseUrl(args.server ?? io.env.ZEPHR_URL);
  const stored = storedLogin(io.env, server);
  if (stored === null) {
    io.stdout.write(args.json ? `${JSON.stringify({ server, signed_out: false })}\n` : `Not signed in to ${server} (nothing in ${credentialsPath(io.env)}).\n`);
    return;
  }
  const answer = await exchange({ method: 'DELETE', url: `${server}/api/keys/current`, apiKey: stored.api_key, timeoutMs: TIMEOUT_MS });
  // A key the server no longer accepts (revoked from the web, user removed) is forgotten all the same.
  if (answer.status !== 401) expectStatus(answer, 204);
  const path = forgetLogin(io.env, server);
  io.stdout.write(args.json ? `${JSON.stringify({ server, signed_out: true, key_id: stored.key_id })}\n` : `Signed out of ${server}: its API key is revoked and removed from ${path}.\n`);
}
