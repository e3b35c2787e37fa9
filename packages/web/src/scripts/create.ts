// The create page: encrypt in the browser, upload only ciphertext, show the one-time link.
import { burnSecret, createSecret, type Expiry, NetworkError, ZephrError } from 'zephr';
import { $, announce, hasWebCrypto, showError, wireCopyButtons } from './dom.js';
import { fillExpiries, loadExpiries } from './expiry-select.js';
import { advice, expiryName, localTime, relative } from './format.js';
import { renderQr } from './qr.js';

const form = $<HTMLFormElement>('create-form');
const secret = $<HTMLTextAreaElement>('secret');
const count = $('byte-count');
const expiry = $<HTMLSelectElement>('expiry');
const hint = $<HTMLInputElement>('hint');
const split = $<HTMLInputElement>('split');
const submit = $<HTMLButtonElement>('submit');
const utf8 = new TextEncoder();
let maxBytes: number | null = null;
/** The caller's tier, from GET /api/limits (the session cookie makes it the account's). */
let tier: string | null = null;
const UPGRADE_CODES = new Set(['ANON_RATE_LIMIT_EXCEEDED', 'UPGRADE_REQUIRED', 'PAYLOAD_TOO_LARGE']);
/** The link just made, for "Burn this link"; forgotten with the page's result. */
let made: Awaited<ReturnType<typeof createSecret>> | null = null;

function byteLength(): number {
  return utf8.encode(secret.value).length;
}

function updateCount(): void {
  const n = byteLength();
  count.textContent = maxBytes === null ? `${n.toLocaleString()} bytes` : `${n.toLocaleString()} / ${maxBytes.toLocaleString()} bytes`;
  count.classList.toggle('over', maxBytes !== null && n > maxBytes);
}

async function loadLimits(): Promise<void> {
  const limits = await loadExpiries(expiry, $('expiry-help'));
  maxBytes = limits?.max_secret_bytes ?? null;
  tier = limits?.tier ?? null;
  updateCount();
}

function messageFor(error: unknown): string {
  if (error instanceof NetworkError) return `Could not reach the server. ${advice(error.code)}`;
  if (error instanceof ZephrError) return `${/[.!?]$/.test(error.message) ? error.message : `${error.message}.`} ${advice(error.code)}`.trim();
  return 'Something went wrong while encrypting. Nothing was sent.';
}

function showResult(result: Awaited<ReturnType<typeof createSecret>>, minutes: number): void {
  made = result;
  resetBurn();
  $('compose').hidden = true;
  $('result').hidden = false;
  $('standard-result').hidden = result.mode !== 'standard';
  $('split-result').hidden = result.mode !== 'split';
  if (result.mode === 'standard') {
    $<HTMLInputElement>('link').value = result.fullLink;
    renderQr(result.fullLink, $('qr'));
  } else {
    $<HTMLInputElement>('split-url').value = result.url;
    $<HTMLInputElement>('split-key').value = result.key;
  }
  const expires = $('expires');
  expires.textContent = `Expires ${relative(result.expiresAt)} (${localTime(result.expiresAt)}), ${expiryName(minutes)} after creation.`;
  $('result-title').focus();
  announce('Your one-time link is ready');
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  showError(null);
  $('upgrade').hidden = true;
  if (secret.value === '') {
    showError('Type or paste the secret first.');
    secret.focus();
    return;
  }
  if (maxBytes !== null && byteLength() > maxBytes) {
    showError(`That is ${byteLength().toLocaleString()} bytes; your limit is ${maxBytes.toLocaleString()}.`);
    secret.focus();
    return;
  }
  const minutes = Number(expiry.value) as Expiry;
  submit.disabled = true;
  submit.textContent = 'Encrypting…';
  announce('Encrypting in your browser…');
  try {
    const result = await createSecret(secret.value, { baseUrl: location.origin, expiry: minutes, split: split.checked, hint: hint.value === '' ? null : hint.value });
    showResult(result, minutes);
  } catch (error) {
    showError(messageFor(error));
    // A limit of the anonymous tier: signing in is the way forward.
    $('upgrade').hidden = !(error instanceof ZephrError && UPGRADE_CODES.has(error.code) && tier === 'anonymous');
    announce('');
  } finally {
    submit.disabled = false;
    submit.textContent = 'Encrypt & Share';
  }
});

function resetBurn(): void {
  const burn = $<HTMLButtonElement>('burn');
  burn.disabled = false;
  burn.textContent = 'Burn this link';
  $('burn-result').hidden = true;
}

$('burn').addEventListener('click', async () => {
  if (made === null) return;
  const burn = $<HTMLButtonElement>('burn');
  const result = $('burn-result');
  burn.disabled = true;
  burn.textContent = 'Burning…';
  result.classList.remove('error');
  try {
    await burnSecret(made.mode === 'standard' ? made.fullLink : { url: made.url, key: made.key }, { baseUrl: location.origin });
    burn.textContent = 'Burned';
    result.textContent = 'Burned: the secret is destroyed and the link no longer opens.';
  } catch (error) {
    const code = error instanceof ZephrError ? error.code : '';
    // Already read: nothing to burn, and the sender should know.
    if (code === 'SECRET_ALREADY_CONSUMED') {
      burn.textContent = 'Already viewed';
      result.textContent = 'Too late to burn: the recipient has already opened this link.';
    } else {
      burn.disabled = false;
      burn.textContent = 'Burn this link';
      result.classList.add('error');
      result.textContent = `Not burned. ${messageFor(error)}`;
    }
  }
  result.hidden = false;
  announce(result.textContent ?? '');
});

$('again').addEventListener('click', () => {
  made = null;
  resetBurn();
  form.reset();
  for (const id of ['link', 'split-url', 'split-key']) $<HTMLInputElement>(id).value = '';
  $('qr').replaceChildren();
  $('expires').textContent = '';
  $('result').hidden = true;
  $('compose').hidden = false;
  fillExpiries(expiry, $('expiry-help'), null);
  void loadLimits();
  secret.focus();
  announce('Cleared. Ready for a new secret.');
});

secret.addEventListener('input', updateCount);
wireCopyButtons();
if (!hasWebCrypto()) {
  submit.disabled = true;
  showError('This page needs a secure connection (HTTPS) to encrypt in your browser. Open it over https:// (or on localhost).');
} else {
  updateCount();
  void loadLimits();
}
