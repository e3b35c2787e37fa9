// /device: the signed-in user approves (or denies) a `zephr login` waiting with the code its
// terminal shows. Signed out, the page sends them to /signin and back here.
import { AccountError, call, explain, getSession, toSignIn } from './account-api.js';
import { $, announce, showError } from './dom.js';

const code = $<HTMLInputElement>('code');

async function describe(): Promise<void> {
  const typed = code.value.trim();
  if (typed.length < 8) return;
  try {
    const pending = await call<{ user_code: string; label: string | null }>(`/auth/device?code=${encodeURIComponent(typed)}`);
    code.value = pending.user_code;
    $('device-label').textContent = `Asked by: ${pending.label ?? 'the zephr CLI'}.`;
    $('device-label').hidden = false;
    showError(null);
  } catch (error) {
    showError(explain(error));
  }
}

async function answer(approve: boolean): Promise<void> {
  showError(null);
  try {
    await call('/auth/device', { method: 'POST', body: { code: code.value.trim(), approve } });
    const result = $('device-result');
    result.textContent = approve ? 'Approved. The terminal now has a new API key of your account; you can close this page.' : 'Denied. The terminal gets no key.';
    result.hidden = false;
    $('device-form').hidden = true;
    announce(result.textContent);
  } catch (error) {
    if (error instanceof AccountError && error.code === 'SIGN_IN_REQUIRED') toSignIn();
    else showError(explain(error));
  }
}

$('device-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void answer(true);
});
$('deny').addEventListener('click', () => void answer(false));
code.addEventListener('change', () => void describe());

void (async () => {
  const session = await getSession().catch(() => null);
  if (!session?.signed_in) {
    toSignIn();
    return;
  }
  code.value = new URLSearchParams(location.search).get('code') ?? '';
  if (code.value) await describe();
  else code.focus();
})();
