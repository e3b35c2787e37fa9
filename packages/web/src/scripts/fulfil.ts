// The request page (/request/<id>#r1.…): shows what is asked, encrypts the secret in this browser
// to the requester's public key from the fragment, and sends it once. Opening the page changes
// nothing; the key in the fragment never reaches the server (it is only a public key anyway).
import { formatBytes, fulfillRequest, NetworkError, parseRequestLink, requestInfo, type RequestInfo, ZephrError } from 'zephr';
import { $, announce, hasWebCrypto, showError } from './dom.js';
import { advice, localTime, relative } from './format.js';

const form = $<HTMLFormElement>('fulfil-form');
const secret = $<HTMLTextAreaElement>('secret');
const file = $<HTMLInputElement>('file');
const count = $('byte-count');
const submit = $<HTMLButtonElement>('submit');
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const link = location.href;
let info: RequestInfo | null = null;

const TITLES: Record<string, string> = {
  REQUEST_FULFILLED: 'This request was already answered',
  REQUEST_CANCELLED: 'This request was cancelled',
  REQUEST_EXPIRED: 'This request has expired',
  REQUEST_NOT_FOUND: 'Request not found',
  INVALID_REQUEST_KEY: 'This link is incomplete',
  INVALID_REQUEST_LINK: 'This link is not valid',
};

function problem(title: string, text: string): void {
  $('compose').hidden = true;
  $('problem').hidden = false;
  $('problem-title').textContent = title;
  $('problem-text').textContent = text;
  $('problem-title').focus();
  announce(title);
}

function updateCount(): void {
  const n = utf8.encode(secret.value).length;
  count.textContent = info === null ? `${n.toLocaleString()} bytes` : `${n.toLocaleString()} / ${info.maxSecretBytes.toLocaleString()} bytes`;
  count.classList.toggle('over', info !== null && n > info.maxSecretBytes);
}

async function load(): Promise<void> {
  try {
    parseRequestLink(link);
    info = await requestInfo(link);
  } catch (error) {
    const code = error instanceof ZephrError ? error.code : '';
    if (code in TITLES) problem(TITLES[code]!, advice(code) || (error as Error).message);
    else showError(error instanceof NetworkError ? `Could not reach the server. ${advice(error.code)}` : (error as Error).message);
    return;
  }
  $('details').hidden = false;
  $('details-hint').hidden = info.hint === undefined;
  $('details-hint-text').textContent = info.hint ?? '';
  $('details-expires').textContent = `${localTime(info.expiresAt)} (${relative(info.expiresAt)})`;
  $('details-size').textContent = formatBytes(info.maxSecretBytes);
  updateCount();
}

async function readFile(): Promise<void> {
  const chosen = file.files?.[0];
  if (chosen === undefined) return;
  try {
    secret.value = strictUtf8.decode(await chosen.arrayBuffer());
    showError(null);
  } catch {
    showError(`${chosen.name} is not UTF-8 text. Zephr sends text: base64-encode a binary file first.`);
  }
  file.value = '';
  updateCount();
}

async function send(): Promise<void> {
  showError(null);
  if (secret.value === '') {
    showError('Type or paste the secret first (or choose a file).');
    secret.focus();
    return;
  }
  const n = utf8.encode(secret.value).length;
  if (info !== null && n > info.maxSecretBytes) {
    showError(`The secret is ${formatBytes(n)}; this request takes at most ${formatBytes(info.maxSecretBytes)}.`);
    return;
  }
  submit.disabled = true;
  submit.textContent = 'Encrypting…';
  try {
    const sent = await fulfillRequest(link, secret.value);
    secret.value = '';
    history.replaceState(null, '', location.pathname);
    $('compose').hidden = true;
    $('sent').hidden = false;
    $('sent-expires').textContent = `The requester can open it until ${localTime(sent.expiresAt)}.`;
    $('sent-title').focus();
    announce('Sent.');
  } catch (error) {
    const code = error instanceof ZephrError ? error.code : '';
    if (code in TITLES) problem(TITLES[code]!, advice(code));
    else showError(error instanceof NetworkError ? `Could not reach the server. Nothing was sent. ${advice(error.code)}` : `${(error as Error).message} ${advice(code)}`.trim());
    submit.disabled = false;
    submit.textContent = 'Encrypt & Send';
  }
}

if (!hasWebCrypto()) {
  problem('HTTPS is required', 'The secret is encrypted in your browser, which is possible only over a secure connection. Open this link with https:// (nothing has been sent).');
} else {
  void load();
  secret.addEventListener('input', updateCount);
  file.addEventListener('change', () => void readFile());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!submit.disabled) void send();
  });
}
