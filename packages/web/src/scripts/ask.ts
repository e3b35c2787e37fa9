// The "Request a secret" page: makes the request's key pair in this browser (the private key stays
// in this page's memory, or in a key file the user downloads), shows the request link, waits for
// the answer by long-poll and reveals it here. The server never holds either key.
import { cancelRequest, createRequest, type Expiry, NetworkError, receiveRequest, type RequestHandle, ZephrError } from 'zephr';
import { $, announce, hasWebCrypto, showError, wireCopyButtons } from './dom.js';
import { loadExpiries } from './expiry-select.js';
import { advice, localTime } from './format.js';

const form = $<HTMLFormElement>('ask-form');
const hint = $<HTMLInputElement>('hint');
const expiry = $<HTMLSelectElement>('expiry');
const submit = $<HTMLButtonElement>('submit');
const keyFile = $<HTMLInputElement>('keyfile');
let current: (RequestHandle & { id: string; expiresAt: string }) | null = null;
let stop: AbortController | null = null;

const TITLES: Record<string, string> = {
  REQUEST_CANCELLED: 'The request was cancelled',
  REQUEST_EXPIRED: 'Nobody answered in time',
  REQUEST_NOT_FOUND: 'Request not found',
  SECRET_ALREADY_CONSUMED: 'This secret was already received',
  SECRET_EXPIRED: 'The secret arrived but expired unread',
  DECRYPTION_FAILED: 'This key does not open it',
};

function problem(title: string, text: string): void {
  for (const id of ['compose', 'waiting', 'revealed']) $(id).hidden = true;
  $('problem').hidden = false;
  $('problem-title').textContent = title;
  $('problem-text').textContent = text;
  $('problem-title').focus();
  announce(title);
}

/** Long-polls until the secret arrives, the request ends, or the page stops waiting. */
async function wait(request: RequestHandle & { expiresAt: string }): Promise<void> {
  stop = new AbortController();
  $('wait-state').textContent = `Waiting for the secret… (open until ${localTime(request.expiresAt)})`;
  try {
    const seconds = Math.max(0, (Date.parse(request.expiresAt) - Date.now()) / 1000 + 2);
    const got = await receiveRequest(request, { wait: seconds, signal: stop.signal });
    if (got.status === 'pending') {
      problem(TITLES.REQUEST_EXPIRED!, 'The request expired before anyone answered it. Make a new one.');
      return;
    }
    current = null;
    $('compose').hidden = true;
    $('waiting').hidden = true;
    $('revealed').hidden = false;
    $<HTMLTextAreaElement>('plaintext').value = got.secret;
    $('hint-line').hidden = got.hint === undefined;
    $('hint-text').textContent = got.hint ?? '';
    $('revealed-title').focus();
    announce('The secret arrived. It has been deleted from the server.');
  } catch (error) {
    if (stop.signal.aborted) return;
    const code = error instanceof ZephrError ? error.code : '';
    if (code in TITLES) problem(TITLES[code]!, advice(code));
    else if (error instanceof NetworkError) {
      $('wait-state').textContent = 'Lost the connection to the server; trying again in a few seconds…';
      setTimeout(() => void wait(request), 5000);
    } else problem('Something went wrong', (error as Error).message);
  }
}

async function ask(): Promise<void> {
  showError(null);
  submit.disabled = true;
  try {
    const made = await createRequest({ baseUrl: location.origin, expiry: Number(expiry.value) as Expiry, hint: hint.value.trim() === '' ? null : hint.value.trim() });
    current = made;
    $<HTMLInputElement>('link').value = made.link;
    $('compose').hidden = true;
    $('waiting').hidden = false;
    $('waiting-title').focus();
    announce('Request link ready. Waiting for the secret.');
    void wait(made);
  } catch (error) {
    const code = error instanceof ZephrError ? error.code : '';
    showError(error instanceof NetworkError ? `Could not reach the server. ${advice(code)}` : `${(error as Error).message} ${advice(code)}`.trim());
  } finally {
    submit.disabled = false;
  }
}

function download(): void {
  if (current === null) return;
  // The same fields as the CLI's saved requests (zephr request receive reads them from its own folder).
  const text = `${JSON.stringify({ version: 1, id: current.id, link: current.link, private_key: current.privateKey, expires_at: current.expiresAt }, null, 2)}\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: `zephr-request-${current.id}.json` });
  a.click();
  URL.revokeObjectURL(url);
  announce('Key file downloaded: keep it like a password.');
}

async function fromKeyFile(): Promise<void> {
  const chosen = keyFile.files?.[0];
  keyFile.value = '';
  if (chosen === undefined) return;
  let parsed: { id?: unknown; link?: unknown; private_key?: unknown; expires_at?: unknown };
  try {
    parsed = JSON.parse(await chosen.text()) as typeof parsed;
  } catch {
    parsed = {};
  }
  if (typeof parsed.link !== 'string' || typeof parsed.private_key !== 'string' || typeof parsed.id !== 'string') {
    showError(`${chosen.name} is not a Zephr request key file.`);
    return;
  }
  current = { id: parsed.id, link: parsed.link, privateKey: parsed.private_key, expiresAt: typeof parsed.expires_at === 'string' ? parsed.expires_at : new Date(Date.now() + 30_000).toISOString() };
  $<HTMLInputElement>('link').value = current.link;
  $('compose').hidden = true;
  $('waiting').hidden = false;
  void wait(current);
}

wireCopyButtons();
if (!hasWebCrypto()) {
  problem('HTTPS is required', 'The request\'s key is made in your browser, which is possible only over a secure connection. Open this page with https://.');
} else {
  void loadExpiries(expiry, $('expiry-help'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!submit.disabled) void ask();
  });
  keyFile.addEventListener('change', () => void fromKeyFile());
  $('download').addEventListener('click', download);
  $('cancel').addEventListener('click', async () => {
    if (current === null) return;
    stop?.abort();
    try {
      await cancelRequest(current);
      problem('Request cancelled', 'Nobody can answer it any more, and nothing that arrived can be opened.');
    } catch (error) {
      problem('Could not cancel', `${(error as Error).message} ${advice(error instanceof ZephrError ? error.code : '')}`.trim());
    }
  });
}
