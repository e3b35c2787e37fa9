// /admin: invites, users (tier, admin, disable, remove) and every API key with its owner.
import { button, call, el, getSession, guarded, localDate, row, toSignIn } from './account-api.js';
import { $, announce, wireCopyButtons } from './dom.js';

interface User { id: string; name: string; tier: string; is_admin: boolean; created_at: string; disabled: boolean }
interface Invite { id: string; tier: string; is_admin: boolean; created_at: string; expires_at: string }
interface Key { id: string; prefix: string; label: string | null; tier: string; last_used_at: string | null; revoked_at: string | null; owner: { id: string; name: string | null } | null }

const TIERS = ['free', 'dev', 'pro'];
let myId = '';

const cells = (...items: (string | Node)[]) => row(items);

function actions(...buttons: HTMLElement[]): HTMLElement {
  const span = el('span', null, 'actions');
  span.append(...buttons);
  return span;
}

function tierSelect(user: User): HTMLSelectElement {
  const select = el('select');
  select.setAttribute('aria-label', `Tier of ${user.name}`);
  select.append(...TIERS.map((t) => new Option(t, t, false, t === user.tier)));
  select.disabled = user.id === myId;
  select.addEventListener('change', () => void guarded(async () => {
    await call(`/auth/admin/users/${encodeURIComponent(user.id)}`, { method: 'PATCH', body: { tier: select.value } });
    announce(`${user.name} is now on ${select.value}`);
    await load();
  }));
  return select;
}

async function patch(user: User, body: object, said: string): Promise<void> {
  await call(`/auth/admin/users/${encodeURIComponent(user.id)}`, { method: 'PATCH', body });
  announce(said);
  await load();
}

async function load(): Promise<void> {
  const [users, invites, keys] = await Promise.all([
    call<{ users: User[] }>('/auth/admin/users'), call<{ invites: Invite[] }>('/auth/admin/invites'), call<{ keys: Key[] }>('/auth/admin/keys'),
  ]);
  $('users').replaceChildren(...users.users.map((u) => cells(
    `${u.name}${u.id === myId ? ' (you)' : ''}${u.disabled ? ' — disabled' : ''}`, tierSelect(u), u.is_admin ? 'admin' : 'user', localDate(u.created_at),
    u.id === myId ? el('span', 'change yourself with zephr-server', 'muted') : actions(
      button(u.is_admin ? 'Make user' : 'Make admin', () => guarded(() => patch(u, { is_admin: !u.is_admin }, `${u.name} updated`))),
      button(u.disabled ? 'Enable' : 'Disable', () => guarded(() => patch(u, { disabled: !u.disabled }, `${u.name} ${u.disabled ? 'enabled' : 'disabled'}`))),
      button('Remove', () => guarded(async () => {
        if (!confirm(`Remove ${u.name}? Their passkeys go and their API keys stop working.`)) return;
        await call(`/auth/admin/users/${encodeURIComponent(u.id)}`, { method: 'DELETE' });
        announce(`${u.name} removed`);
        await load();
      })),
    ),
  )));
  $('invites').replaceChildren(...(invites.invites.length === 0 ? [cells(el('span', 'None.', 'muted'))] : invites.invites.map((i) => cells(
    `${i.tier}${i.is_admin ? ', admin' : ''}`, localDate(i.created_at), localDate(i.expires_at),
    button('Withdraw', () => guarded(async () => {
      await call(`/auth/admin/invites/${encodeURIComponent(i.id)}`, { method: 'DELETE' });
      announce('Invite withdrawn');
      await load();
    })),
  ))));
  $('all-keys').replaceChildren(...keys.keys.filter((k) => k.revoked_at === null).map((k) => cells(
    el('code', `${k.prefix}…`), k.owner === null ? 'operator' : k.owner.name ?? 'removed user', k.label ?? '—', k.tier, localDate(k.last_used_at),
    button('Revoke', () => guarded(async () => {
      if (!confirm(`Revoke ${k.prefix}…? Anything using it stops working.`)) return;
      await call(`/auth/admin/keys/${encodeURIComponent(k.id)}`, { method: 'DELETE' });
      announce('Key revoked');
      await load();
    })),
  )));
}

$('invite-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void guarded(async () => {
    const made = await call<{ link: string }>('/auth/admin/invites', { method: 'POST', body: { tier: $<HTMLSelectElement>('invite-tier').value, is_admin: $<HTMLInputElement>('invite-admin').checked } });
    $<HTMLInputElement>('invite-link').value = made.link;
    $('invite-result').hidden = false;
    announce('Invite link made');
    await load();
  });
});
wireCopyButtons();

void guarded(async () => {
  const session = await getSession();
  if (!session.signed_in || session.user === null) return toSignIn();
  myId = session.user.id;
  await load();
});
