// Requests (spec protocol.md §11, api.md §3.7): ask for a secret and receive it without it passing
// through anyone's hands but the sender's. createRequest makes the key pair here and registers the
// request; the link carries the public key in its fragment. fulfillRequest encrypts to that key.
// receiveRequest waits for the answer (long-poll, at most 30 s a call) and decrypts it here.
import { ApiError, ValidationError } from '../errors.js';
import {
  buildRequestLink, createRequestKeys, openRequestBlob, parseRequestLink, parseRequestPrivateKey, requestClaim, sealForRequest,
} from '../protocol/request.js';
import { isSecretId } from '../protocol/secret-id.js';
import { type Expiry, type LEGACY_EXPIRY_HOURS, REQUEST_WAIT_MAX_SECONDS } from '../protocol/rules.js';
import { checkApiKey, checkCallback, checkExpiry, checkHint, checkIdempotencyKey, checkSecret, checkTimeout, resolveBaseUrl } from './options.js';
import { deadlineAfter, DEFAULT_TIMEOUT_MS, exchange, exchangeRetryingOnce, expectStatus } from './transport.js';

type LegacyExpiryHours = (typeof LEGACY_EXPIRY_HOURS)[number];

export interface CreateRequestOptions {
  /** Minutes the request stays open (and the secret, once sent, waits): one of EXPIRIES. Default 60. */
  expiry?: Expiry | LegacyExpiryHours;
  /** Shown to the sender (not encrypted): what you are asking for. */
  hint?: string | null;
  apiKey?: string | null;
  /** HTTPS URL told when the request is fulfilled (request.fulfilled). Needs apiKey and callbackSecret. */
  callbackUrl?: string | null;
  callbackSecret?: string | null;
  baseUrl?: string;
  /** Default 10,000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A request you made: give `link` to the holder of the secret; keep `privateKey` to receive it. */
export interface SecretRequest {
  /** `<origin>/request/<id>#r1.…`: safe to send through any channel; it can only encrypt to you. */
  link: string;
  id: string;
  expiresAt: string;
  /** `r1p.…`: the only thing that opens what is sent. Never share it; keep it to receive later. */
  privateKey: string;
}

export interface RequestInfo {
  hint: string | undefined;
  expiresAt: string;
  /** The most secret this request takes, in bytes. */
  maxSecretBytes: number;
}

export interface FulfillRequestOptions {
  /** Send to this server instead of the link's origin. */
  baseUrl?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ReceiveRequestOptions {
  /** Seconds to wait for the secret in all (long-polls of at most 30 s each). Default 0: just look. */
  wait?: number;
  baseUrl?: string;
  /** Per call, on top of its wait. Default 10,000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type ReceivedRequest =
  | { status: 'received'; secret: string; hint: string | undefined; fulfilledAt: string }
  | { status: 'pending'; expiresAt: string };

/** Makes a key pair here, registers the request, and returns its link and your private key. */
export async function createRequest(options: CreateRequestOptions = {}): Promise<SecretRequest> {
  const expiry = checkExpiry(options.expiry);
  const hint = checkHint(options.hint);
  const callback = checkCallback(options.callbackUrl, options.callbackSecret);
  const apiKey = checkApiKey(options.apiKey);
  const timeoutMs = checkTimeout(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const origin = resolveBaseUrl(options.baseUrl);
  const keys = await createRequestKeys();
  const body: Record<string, unknown> = { expiry, claim_hash: (await requestClaim(keys.privateKey)).hash };
  if (hint !== null) body.hint = hint;
  if (callback !== null) Object.assign(body, { callback_url: callback.url, callback_secret: callback.secret });
  // A lost answer must not register twice: the retry carries the same Idempotency-Key.
  const answer = await exchangeRetryingOnce({
    method: 'POST', url: `${origin}/api/requests`, body, apiKey, timeoutMs, headers: { 'idempotency-key': checkIdempotencyKey(undefined) }, ...(options.signal && { signal: options.signal }),
  });
  expectStatus(answer, 201);
  const made = answer.body as { id?: unknown; expires_at?: unknown } | null;
  if (!isSecretId(made?.id) || typeof made?.expires_at !== 'string') throw new ApiError(201, 'INVALID_RESPONSE', 'Server returned an unexpected response to a request');
  return { link: buildRequestLink(origin, made.id, keys.publicKey), id: made.id, expiresAt: made.expires_at, privateKey: keys.privateKey };
}

function serverOf(link: string, baseUrl: string | undefined): { id: string; publicKey: string; url: string } {
  const parsed = parseRequestLink(typeof link === 'string' ? link.trim() : link);
  const origin = baseUrl === undefined ? parsed.origin : resolveBaseUrl(baseUrl);
  return { id: parsed.id, publicKey: parsed.publicKey, url: `${origin}/api/requests/${parsed.id}` };
}

/** What a request link asks for (its hint, expiry and size limit), without answering it. */
export async function requestInfo(link: string, options: FulfillRequestOptions = {}): Promise<RequestInfo> {
  const target = serverOf(link, options.baseUrl);
  const timeoutMs = checkTimeout(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const answer = await exchangeRetryingOnce({ method: 'GET', url: target.url, timeoutMs, ...(options.signal && { signal: options.signal }) });
  expectStatus(answer, 200);
  const body = answer.body as { hint?: unknown; expires_at?: unknown; max_secret_bytes?: unknown } | null;
  if (typeof body?.expires_at !== 'string' || typeof body.max_secret_bytes !== 'number') throw new ApiError(200, 'INVALID_RESPONSE', 'Server returned an unexpected response to a request');
  return { hint: typeof body.hint === 'string' ? body.hint : undefined, expiresAt: body.expires_at, maxSecretBytes: body.max_secret_bytes };
}

/**
 * Encrypts `secret` here to the key in the request link and sends it: the request is answered
 * once, by whoever sends first (ApiError 410 REQUEST_FULFILLED otherwise).
 */
export async function fulfillRequest(link: string, secret: string, options: FulfillRequestOptions = {}): Promise<{ fulfilledAt: string; expiresAt: string }> {
  checkSecret(secret);
  const target = serverOf(link, options.baseUrl);
  const timeoutMs = checkTimeout(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const blob = await sealForRequest(secret, target.publicKey);
  // Not retried: a repeat after a lost 201 would be answered 410 REQUEST_FULFILLED.
  const answer = await exchange({ method: 'POST', url: `${target.url}/fulfil`, body: { encrypted_blob: blob }, timeoutMs, ...(options.signal && { signal: options.signal }) });
  expectStatus(answer, 201);
  const body = answer.body as { fulfilled_at?: unknown; expires_at?: unknown } | null;
  if (typeof body?.fulfilled_at !== 'string' || typeof body.expires_at !== 'string') throw new ApiError(201, 'INVALID_RESPONSE', 'Server returned an unexpected response to fulfil');
  return { fulfilledAt: body.fulfilled_at, expiresAt: body.expires_at };
}

export interface RequestHandle {
  link: string;
  privateKey: string;
}

function checkHandle(request: RequestHandle): void {
  if (typeof request !== 'object' || request === null) throw new ValidationError('INVALID_INPUT', 'Pass the request: { link, privateKey }');
  parseRequestPrivateKey(request.privateKey).fill(0);
}

/**
 * Looks for the secret sent for your request, waiting up to `wait` seconds, and decrypts it here.
 * The server hands it out once: a second receive is ApiError 410 SECRET_ALREADY_CONSUMED.
 */
export async function receiveRequest(request: RequestHandle, options: ReceiveRequestOptions = {}): Promise<ReceivedRequest> {
  checkHandle(request);
  const target = serverOf(request.link, options.baseUrl);
  const wait = options.wait ?? 0;
  if (typeof wait !== 'number' || !Number.isFinite(wait) || wait < 0) throw new ValidationError('INVALID_INPUT', 'wait must be a number of seconds, 0 or more');
  const timeoutMs = checkTimeout(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const { token } = await requestClaim(request.privateKey);
  const until = Date.now() + wait * 1000;
  // One key for every call: a receive whose answer was lost is answered again by the retry.
  const idempotencyKey = checkIdempotencyKey(undefined);
  for (;;) {
    const seconds = Math.max(0, Math.min(REQUEST_WAIT_MAX_SECONDS, Math.ceil((until - Date.now()) / 1000)));
    const answer = await exchangeRetryingOnce({
      method: 'POST', url: `${target.url}/receive`, body: { claim: token, wait: seconds }, headers: { 'idempotency-key': idempotencyKey },
      timeoutMs: timeoutMs + seconds * 1000, ...(options.signal && { signal: options.signal }),
    });
    if (answer.status === 202) {
      const body = answer.body as { expires_at?: unknown } | null;
      if (typeof body?.expires_at !== 'string') throw new ApiError(202, 'INVALID_RESPONSE', 'Server returned an unexpected response to receive');
      if (Date.now() < until && !options.signal?.aborted) continue;
      return { status: 'pending', expiresAt: body.expires_at };
    }
    expectStatus(answer, 200);
    const body = answer.body as { encrypted_blob?: unknown; fulfilled_at?: unknown; hint?: unknown } | null;
    if (typeof body?.encrypted_blob !== 'string' || typeof body.fulfilled_at !== 'string') throw new ApiError(200, 'INVALID_RESPONSE', 'Server returned an unexpected response to receive');
    return { status: 'received', secret: await openRequestBlob(body.encrypted_blob, request.privateKey), hint: typeof body.hint === 'string' ? body.hint : undefined, fulfilledAt: body.fulfilled_at };
  }
}

/** Cancels your request: nobody can answer it any more, and a secret sent but not received is destroyed. */
export async function cancelRequest(request: RequestHandle, options: FulfillRequestOptions = {}): Promise<void> {
  checkHandle(request);
  const target = serverOf(request.link, options.baseUrl);
  const timeoutMs = checkTimeout(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const { token } = await requestClaim(request.privateKey);
  expectStatus(await exchangeRetryingOnce({ method: 'DELETE', url: target.url, body: { claim: token }, timeoutMs, deadline: deadlineAfter(timeoutMs), ...(options.signal && { signal: options.signal }) }), 204);
}
