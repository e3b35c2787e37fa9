// One HTTP exchange with a Zephr server over fetch: timeout and caller abort, a 1,000,000-byte
// cap on responses, and the mapping of every failure to the SDK's errors (spec E-3, E-4).
import { ApiError, NetworkError, ZephrError } from '../errors.js';
import { VERSION } from '../version.js';

export const MAX_RESPONSE_BYTES = 1_000_000;
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface Exchange {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  apiKey?: string | null;
  /** The call's whole time budget (the documented 10 s by default). */
  timeoutMs: number;
  /**
   * When the budget runs out (Date.now() clock). Set once per SDK call, so every request of the
   * call (a retry, a fallback) shares one budget and the call ends by then, retries included.
   */
  deadline?: number;
  signal?: AbortSignal;
}

export interface Answer {
  status: number;
  body: unknown;
}

const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

async function readCapped(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_RESPONSE_BYTES) throw new ApiError(response.status, 'INVALID_RESPONSE', `Response of ${declared} bytes exceeds the ${MAX_RESPONSE_BYTES}-byte limit`);
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw new ApiError(response.status, 'INVALID_RESPONSE', `Response exceeds the ${MAX_RESPONSE_BYTES}-byte limit`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) { all.set(c, offset); offset += c.length; }
  return new TextDecoder().decode(all);
}

/** The envelope's code and message, or null when the body is not a well-formed envelope. */
function envelopeOf(body: unknown): { code: string; message: string } | null {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.code !== 'string' || error.code === '') return null;
  return { code: error.code, message: typeof error.message === 'string' && error.message !== '' ? error.message : error.code };
}

/** Raises ApiError for any answer but `expected`, keeping the server's code and message. */
export function expectStatus(answer: Answer, expected: number): void {
  if (answer.status === expected) return;
  const envelope = answer.status >= 400 ? envelopeOf(answer.body) : null;
  if (envelope !== null) throw new ApiError(answer.status, envelope.code, envelope.message);
  throw new ApiError(answer.status, answer.status >= 500 ? 'INTERNAL_ERROR' : 'INVALID_RESPONSE', `Request failed (HTTP ${answer.status})`);
}

/** One raw HTTP request, already encoded. */
export interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** What is left of the call's budget for this request. */
  timeoutMs: number;
  /** The call's whole budget, for the message of a timeout (default timeoutMs). */
  budgetMs?: number;
  signal?: AbortSignal;
}

/**
 * Sends a raw request and returns the status and body text. Implementations enforce the
 * timeout and MAX_RESPONSE_BYTES, follow no redirects, and throw NetworkError (NETWORK_ERROR or
 * TIMEOUT) or ApiError (INVALID_RESPONSE for an oversize body).
 */
export type Sender = (request: RawRequest) => Promise<{ status: number; text: string }>;

export const fetchSender: Sender = async (r) => {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), r.timeoutMs);
  const signal = r.signal ? anySignal([r.signal, timeout.signal]) : timeout.signal;
  try {
    // 'manual': a redirect comes back as an answer (an ApiError with its status, spec E-3), never followed.
    // 'same-origin': only a page served by the Zephr server itself (its web interface) sends that
    // server's sign-in cookie, so a signed-in user creates with their own tier; never cross-site.
    const response = await fetch(r.url, {
      method: r.method, headers: r.headers, signal, redirect: 'manual', credentials: 'same-origin', cache: 'no-store',
      ...(r.body !== undefined && { body: r.body }),
    });
    // Browsers hide a manual redirect's status behind an opaque response.
    if (response.type === 'opaqueredirect') throw new ApiError(0, 'INVALID_RESPONSE', 'Request failed (HTTP redirect)');
    return { status: response.status, text: await readCapped(response) };
  } catch (error) {
    throw networkError(error, r, timeout.signal.aborted);
  } finally {
    clearTimeout(timer);
  }
};

let sender: Sender = fetchSender;

/**
 * Internal, for the Node-only CLI: replaces fetch with another Sender. (Loading fetch costs a
 * Node 20 process about 80 ms of start-up; node:http costs a tenth of that.) Not exported from
 * the package root.
 */
export function useSender(replacement: Sender): void {
  sender = replacement;
}

/** Maps a failed request to NetworkError (ZephrErrors pass through). */
export function networkError(error: unknown, r: RawRequest, timedOut: boolean): ZephrError {
  if (error instanceof ZephrError) return error;
  const origin = new URL(r.url).origin;
  if (r.signal?.aborted) return new NetworkError('NETWORK_ERROR', 'Request was aborted', { cause: error });
  if (timedOut) return timeoutError(origin, r.budgetMs ?? r.timeoutMs, error);
  const code = causeCode(error);
  if (code !== undefined && TLS_VERIFY_CODES.test(code)) {
    return new NetworkError('NETWORK_ERROR', `Could not verify the TLS certificate of ${origin} (${code}). If the server uses a private certificate authority, point NODE_EXTRA_CA_CERTS at its certificate file`, { cause: error });
  }
  return new NetworkError('NETWORK_ERROR', `Could not reach ${origin}${describeCause(error)}`, { cause: error });
}

/** Node's codes for a certificate that did not verify (an untrusted, expired or misnamed one). */
const TLS_VERIFY_CODES = /^(UNABLE_TO_|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED|CERT_|ERR_TLS_CERT_ALTNAME)/;

function timeoutError(origin: string, budgetMs: number, cause?: unknown): NetworkError {
  return new NetworkError('TIMEOUT', `No answer from ${origin} within ${budgetMs / 1000} s`, cause === undefined ? undefined : { cause });
}

/** A deadline `timeoutMs` from now, for the requests of one SDK call. */
export function deadlineAfter(timeoutMs: number): number {
  return Date.now() + timeoutMs;
}

export async function exchange(x: Exchange): Promise<Answer> {
  const left = x.deadline === undefined ? x.timeoutMs : x.deadline - Date.now();
  if (left <= 0) throw timeoutError(new URL(x.url).origin, x.timeoutMs);
  const headers: Record<string, string> = { accept: 'application/json', ...x.headers };
  if (x.body !== undefined) headers['content-type'] = 'application/json';
  if (x.apiKey) headers.authorization = `Bearer ${x.apiKey}`;
  if (isNode) headers['user-agent'] = `zephr-js/${VERSION}`;
  const { status, text } = await sender({
    method: x.method, url: x.url, headers, timeoutMs: left, budgetMs: x.timeoutMs,
    ...(x.body !== undefined && { body: JSON.stringify(x.body) }), ...(x.signal && { signal: x.signal }),
  });
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = null;
  }
  return { status, body };
}

/**
 * One exchange, sent again once, unchanged, after a network failure (not after a caller's abort).
 * For requests a server answers the same on a repeat: creates and claims carry an
 * Idempotency-Key, and burning twice is burning once.
 */
export async function exchangeRetryingOnce(x: Exchange): Promise<Answer> {
  // Both attempts share one budget: a retry gets only the time the first one left.
  const once = x.deadline === undefined ? { ...x, deadline: deadlineAfter(x.timeoutMs) } : x;
  try {
    return await exchange(once);
  } catch (error) {
    if (!(error instanceof NetworkError) || error.code === 'TIMEOUT' || x.signal?.aborted) throw error;
    return exchange(once);
  }
}

function causeCode(error: unknown): string | undefined {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.cause?.code ?? e?.code;
}

function describeCause(error: unknown): string {
  const code = causeCode(error);
  return code ? ` (${code})` : '';
}

function anySignal(signals: AbortSignal[]): AbortSignal {
  const controller = new AbortController();
  for (const s of signals) {
    if (s.aborted) { controller.abort(s.reason); break; }
    s.addEventListener('abort', () => controller.abort(s.reason), { once: true });
  }
  return controller.signal;
}
