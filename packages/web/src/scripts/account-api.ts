// The account pages' calls to the server's /auth JSON: same origin (the session cookie rides
// along; the browser adds the Origin header writes need), errors in the shared envelope.
import { showError } from './dom.js';
import { advice } from './format.js';

export class AccountError extends Error {
  constructor(readonly code: string, message: string, readonly status: number) {
    super(message);
  }
}

export async function call<T>(path: string, options: { method?: string; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET', credentials: 'same-origin', cache: 'no-store',
      headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    });
  } catch {
    throw new AccountError('NETWORK_ERROR', 'Could not reach the server.', 0);
  }
  if (response.status === 204) return undefined as T;
  const body = await response.json().catch(() => null) as { error?: { code: string; message: string } } | null;
  if (!response.ok) {
    const e = body?.error;
    throw new AccountError(e?.code ?? 'INVALID_RESPONSE', e?.message ?? `The server answered ${response.status}.`, response.status);
  }
  return body as T;
}

/** A message for a person: what happened, and what to do about it. */
export function explain(error: unknown): string {
  if (error instanceof AccountError) return `${/[.!?]$/.test(error.message) ? error.message : `${error.message}.`} ${advice(error.code)}`.trim();
  if (error instanceof Error && error.name === 'NotAllowedError') return 'The passkey prompt was closed or timed out. Nothing changed; try again when ready.';
  if (error instanceof Error && error.name === 'InvalidStateError') return 'This device already holds a passkey for this account.';
  return error instanceof Error ? error.message : 'Something went wrong.';
}

export interface SessionInfo {
  signed_in: boolean;
  user: { id: string; name: string; tier: string; is_admin: boolean } | null;
  signup: 'invite' | 'open' | 'closed';
}

export const getSession = () => call<SessionInfo>('/auth/session');

/** Sends a signed-out visitor to /signin, returning here afterwards. */
export function toSignIn(): void {
  location.assign(`/signin?next=${encodeURIComponent(location.pathname + location.search)}`);
}

const DATE = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const DATE_YEAR = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/** "Dec 3, 10:30 AM" (with the year when it is not this year); "—" for none. */
export function localDate(iso: string | null): string {
  if (iso === null) return '—';
  const d = new Date(iso);
  return (d.getFullYear() === new Date().getFullYear() ? DATE : DATE_YEAR).format(d);
}

/** A table cell or other element with text (never HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string | null, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (className) node.className = className;
  return node;
}

export function button(text: string, onClick: () => void | Promise<void>, className = 'secondary small'): HTMLButtonElement {
  const b = el('button', text, className);
  b.type = 'button';
  b.addEventListener('click', () => void onClick());
  return b;
}

/** Runs a page action: a signed-out answer sends the visitor to /signin, any other error is shown. */
export async function guarded(action: () => Promise<void>): Promise<void> {
  showError(null);
  try {
    await action();
  } catch (error) {
    if (error instanceof AccountError && error.code === 'SIGN_IN_REQUIRED') toSignIn();
    else showError(explain(error));
  }
}

/** A table row of text or element cells. */
export function row(cells: (string | Node)[]): HTMLTableRowElement {
  const tr = el('tr');
  for (const cell of cells) {
    const td = el('td');
    td.append(cell);
    tr.append(td);
  }
  return tr;
}
