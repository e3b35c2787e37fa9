// What retrieve, peek and burn share: the link (or split pair) parsed and checked before any
// request, the server to ask, and the claim token derived from the key (spec P-CLAIM-1).
import { ValidationError } from '../errors.js';
import { claimForKey } from '../protocol/claim.js';
import { type ParsedLink, parseLink, parseSplitLink } from '../protocol/link.js';
import { checkApiKey, checkTimeout, resolveBaseUrl } from './options.js';
import { type Answer, deadlineAfter, DEFAULT_TIMEOUT_MS, exchangeRetryingOnce } from './transport.js';

export type LinkInput = string | { url: string; key: string };

export interface TargetOptions {
  apiKey?: string | null;
  /** Ask this server instead of the link's origin. */
  baseUrl?: string;
  /** Per attempt. Default 10,000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface Target {
  parsed: ParsedLink;
  /** `<server>/api/secrets/<id>` */
  secretUrl: string;
  token: string;
  apiKey: string | null;
  timeoutMs: number;
  /** One budget for every request of the call (see Exchange.deadline). */
  deadline: number;
  signal?: AbortSignal;
}

function parse(link: LinkInput): ParsedLink {
  if (typeof link === 'string') return parseLink(link.trim());
  if (typeof link === 'object' && link !== null && typeof link.url === 'string' && typeof link.key === 'string') {
    return parseSplitLink({ url: link.url.trim(), key: link.key.trim() });
  }
  throw new ValidationError('INVALID_LINK', 'Pass a link string, or { url, key } for split mode');
}

/** Validates everything the caller gave; throws ValidationError before any request. */
export async function resolveTarget(link: LinkInput, options: TargetOptions): Promise<Target> {
  const parsed = parse(link);
  const apiKey = checkApiKey(options.apiKey);
  const timeoutMs = checkTimeout(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const deadline = deadlineAfter(timeoutMs);
  const origin = options.baseUrl === undefined ? parsed.origin : resolveBaseUrl(options.baseUrl);
  const { token } = await claimForKey(parsed.key);
  return { parsed, secretUrl: `${origin}/api/secrets/${parsed.id}`, token, apiKey, timeoutMs, deadline, ...(options.signal && { signal: options.signal }) };
}

/** A request with the claim body; a network failure is retried once, unchanged (same Idempotency-Key). */
export async function claimExchange(t: Target, method: 'POST' | 'DELETE', path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return exchangeRetryingOnce({ method, url: t.secretUrl + path, body: { claim: t.token }, headers, apiKey: t.apiKey, timeoutMs: t.timeoutMs, deadline: t.deadline, ...(t.signal && { signal: t.signal }) });
}

/** An answer that means the server predates claims: it has no such route. */
export function lacksClaims(answer: Answer): boolean {
  if (answer.status === 405 || answer.status === 501) return true;
  if (answer.status !== 404) return false;
  const code = (answer.body as { error?: { code?: unknown } } | null)?.error?.code;
  return code !== 'SECRET_NOT_FOUND';
}
