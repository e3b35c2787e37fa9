// /signin: sign in with a passkey, or create an account (from an invite link, or when sign-up is
// open). The ceremonies run through @simplewebauthn/browser; the server checks every answer.
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { call, explain, getSession } from './account-api.js';
import { $, announce, showError } from './dom.js';

const params = new URLSearchParams(location.search);
const invite = params.get('invite');
/** Only a path on this server: never an open redirect. */
const next = (() => {
  const raw = params.get('next');
  return raw !== null && raw.startsWith('/') && !raw.startsWith('//') && !raw.startsWith('/\\') ? raw : '/account';
})();

function busy(button: HTMLButtonElement, on: boolean, text?: string): void {
  button.disabled = on;
  if (text !== undefined) button.textContent = text;
}

async function signIn(): Promise<void> {
  const button = $<HTMLButtonElement>('signin-button');
  showError(null);
  busy(button, true);
  try {
    const optionsJSON = await call<Parameters<typeof startAuthentication>[0]['optionsJSON']>('/auth/signin/options', { method: 'POST' });
    const answer = await startAuthentication({ optionsJSON });
    await call('/auth/signin', { method: 'POST', body: answer });
    announce('Signed in');
    location.assign(next);
  } catch (error) {
    showError(explain(error));
  } finally {
    busy(button, false);
  }
}

async function signUp(event: Event): Promise<void> {
  event.preventDefault();
  const button = $<HTMLButtonElement>('signup-button');
  const name = $<HTMLInputElement>('name').value.trim();
  showError(null);
  if (name === '') {
    showError('Choose a name first.');
    $('name').focus();
    return;
  }
  busy(button, true);
  try {
    const optionsJSON = await call<Parameters<typeof startRegistration>[0]['optionsJSON']>('/auth/signup/options', { method: 'POST', body: { name, invite } });
    const answer = await startRegistration({ optionsJSON });
    await call('/auth/signup', { method: 'POST', body: answer });
    announce('Account created');
    location.assign(invite !== null ? '/account' : next);
  } catch (error) {
    showError(explain(error));
  } finally {
    busy(button, false);
  }
}

async function start(): Promise<void> {
  if (/^[\d.]+$|^\[/.test(location.hostname)) {
    const url = new URL(location.href);
    url.hostname = 'localhost';
    $<HTMLAnchorElement>('ip-link').href = url.toString();
    $('ip-notice').hidden = false;
  }
  if (!browserSupportsWebAuthn()) showError('This browser does not support passkeys. Use a current Chrome, Edge, Firefox or Safari.');
  $('signin-button').addEventListener('click', () => void signIn());
  $('signup-form').addEventListener('submit', (event) => void signUp(event));
  const session = await getSession().catch(() => null);
  if (session?.signed_in && invite === null) {
    location.replace(next);
    return;
  }
  if (invite !== null) {
    // From an invite link: sign-up first; signing in stays below for people who already have an account.
    $('signup').hidden = false;
    $('signin').parentElement!.insertBefore($('signup'), $('signin'));
    $('signin-title').textContent = 'Already have an account?';
    try {
      const grant = await call<{ tier: string; is_admin: boolean }>('/auth/invite', { method: 'POST', body: { invite } });
      $('signup-lede').textContent = `You were invited${grant.is_admin ? ' as an admin' : ''} on the ${grant.tier} tier. Choose a name, then make a passkey for this server on this device.`;
    } catch (error) {
      showError(explain(error));
      $<HTMLButtonElement>('signup-button').disabled = true;
    }
    $('name').focus();
  } else if (session?.signup === 'open') {
    $('signup').hidden = false;
    $('signup-hint').textContent = 'New here? Create an account below.';
  } else {
    $('signup-hint').textContent = session?.signup === 'closed' ? 'This server does not take new accounts.' : 'New here? Ask an admin of this server for an invite link.';
  }
}

void start();
