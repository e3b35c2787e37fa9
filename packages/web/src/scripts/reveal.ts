// The reveal page. Opening it never consumes the secret: only Reveal does, so link previews and
// mail scanners cannot destroy it. With a key in hand the page previews the secret (a peek: hint
// and expiry, nothing consumed). The key never leaves this page; only the claim token derived
// from it goes to the server, and a wrong key is refused without using the secret up.
import { isSecretId, keyProblem, NetworkError, peekSecret, retrieveSecret, type SecretInfo, ZephrError } from 'zephr';
import { $, announce, hasWebCrypto, showError, wireCopyButtons } from './dom.js';
import { advice, localTime, relative } from './format.js';

const form = $<HTMLFormElement>('reveal-form');
const keyField = $('key-field');
const keyInput = $<HTMLInputElement>('key');
const button = $<HTMLButtonElement>('reveal');
const id = /^\/secret\/([^/]+)\/?$/.exec(location.pathname)?.[1] ?? '';
const fragmentKey = location.hash.replace(/^#/, '');

/** Page titles per code; the text under each comes from the shared advice table. */
const TITLES: Record<string, string> = {
  SECRET_ALREADY_CONSUMED: 'This secret was already viewed',
  SECRET_EXPIRED: 'This secret has expired',
  SECRET_NOT_FOUND: 'Secret not found',
  SECRET_BURNED: 'This secret was withdrawn',
  DECRYPTION_FAILED: 'Wrong key',
  INVALID_PLAINTEXT: 'Wrong key',
};

function problem(title: string, text: string): void {
  $('waiting').hidden = true;
  $('revealed').hidden = true;
  $('problem').hidden = false;
  $('problem-title').textContent = title;
  $('problem-text').textContent = text;
  $('problem-title').focus();
  announce(title);
}

/** Drops the key from the address bar and history once it has served its purpose. */
function forgetKey(): void {
  if (location.hash !== '') history.replaceState(null, '', location.pathname + location.search);
}

/** A key typed or pasted in split mode, refused by the server: say so, keep the form. */
const WRONG_KEY = 'No secret opens with this key. Check the key (and the link) and try again: a wrong key does not use up the secret.';

function showDetails(info: SecretInfo | null): void {
  $('details').hidden = info === null;
  if (info === null) return;
  $('details-hint').hidden = info.hint === undefined;
  $('details-hint-text').textContent = info.hint ?? '';
  $('details-expires').textContent = `${relative(info.expiresAt)} (${localTime(info.expiresAt)})`;
}

const link = (key: string) => ({ url: `${location.origin}/secret/${id}`, key });
let peeked = '';

/** Previews the secret for this key. Refusals that end the visit show at once; others wait for Reveal. */
async function preview(key: string, typed: boolean): Promise<void> {
  peeked = key;
  try {
    const info = await peekSecret(link(key));
    if (peeked === key) showDetails(info);
  } catch (error) {
    if (peeked !== key) return;
    showDetails(null);
    const code = error instanceof ZephrError ? error.code : '';
    if (code === 'SECRET_NOT_FOUND' && typed) showError(WRONG_KEY);
    else if (code in TITLES) {
      forgetKey();
      problem(TITLES[code]!, advice(code));
    }
    // Anything else (a server without previews, the network): Reveal can still be tried.
  }
}

function currentKey(): string {
  return keyField.hidden ? fragmentKey : keyInput.value.trim();
}

function checkKey(): void {
  const issue = keyInput.value.trim() === '' ? 'empty' : keyProblem(keyInput.value.trim());
  button.disabled = issue !== null;
  keyInput.setAttribute('aria-invalid', String(issue !== null && issue !== 'empty'));
  $('key-help').textContent = issue === null ? 'The key looks right.' : issue === 'empty'
    ? 'This link was sent without its key. Paste the key you received separately (it starts with v1.).'
    : `That does not look like a Zephr key: ${issue}.`;
  showError(null);
  if (issue === null) void preview(keyInput.value.trim(), true);
  else {
    peeked = '';
    showDetails(null);
  }
}

async function reveal(): Promise<void> {
  showError(null);
  button.disabled = true;
  button.textContent = 'Decrypting…';
  announce('Fetching and decrypting…');
  try {
    const result = await retrieveSecret(link(currentKey()));
    forgetKey();
    $('waiting').hidden = true;
    $('revealed').hidden = false;
    $<HTMLTextAreaElement>('plaintext').value = result.plaintext;
    if (result.hint !== undefined) {
      $('hint-text').textContent = result.hint;
      $('hint-line').hidden = false;
    }
    $('revealed-title').focus();
    announce('Secret revealed. It has been deleted from the server.');
  } catch (error) {
    if (error instanceof NetworkError) {
      showError(`Could not reach the server. Nothing was revealed. ${advice(error.code)}`);
      button.disabled = false;
      button.textContent = 'Reveal secret';
      announce('');
      return;
    }
    const code = error instanceof ZephrError ? error.code : 'INTERNAL_ERROR';
    if (code === 'SECRET_NOT_FOUND' && !keyField.hidden) {
      // A typed key that does not match: the secret (if any) is untouched, so let them retry.
      showError(WRONG_KEY);
      button.disabled = false;
      button.textContent = 'Reveal secret';
      keyInput.focus();
      announce(WRONG_KEY);
      return;
    }
    forgetKey();
    const title = TITLES[code];
    if (title !== undefined) problem(title, advice(code));
    else problem('Something went wrong', `${error instanceof Error ? error.message : 'The secret could not be revealed.'} ${advice(code)}`.trim());
  }
}

wireCopyButtons();
if (!hasWebCrypto()) {
  problem('HTTPS is required', 'Secrets are decrypted in your browser, which is possible only over a secure connection. Open this link with https:// (nothing has been revealed or deleted).');
} else if (!isSecretId(id)) {
  problem('This link is not valid', 'A secret link ends in /secret/ followed by 22 characters. Check that it was copied whole.');
} else if (fragmentKey === '' || keyProblem(fragmentKey) !== null) {
  keyField.hidden = false;
  if (fragmentKey !== '') {
    keyInput.value = fragmentKey;
    forgetKey();
  }
  checkKey();
  keyInput.addEventListener('input', checkKey);
} else {
  void preview(fragmentKey, false);
}
form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!button.disabled) void reveal();
});
