// /account: tier and usage, API keys (made here, shown once), the audit trail (burn a waiting
// secret), passkeys and signed-in browsers. Everything comes from /auth with the session cookie.
import { startRegistration } from '@simplewebauthn/browser';
import type { LimitsResponse } from 'zephr';
import { button, call, el, guarded, localDate, row } from './account-api.js';
import { $, announce, wireCopyButtons } from './dom.js';

interface Key { id: string; prefix: string; label: string | null; created_at: string; last_used_at: string | null; revoked_at: string | null }
interface Passkey { id: string; name: string; created_at: string; last_used_at: string | null }
interface Session { id: string; label: string | null; created_at: string; last_seen_at: string; current: boolean }
interface Account { user: { name: string; tier: string; is_admin: boolean }; limits: LimitsResponse; keys: Key[]; passkeys: Passkey[]; sessions: Session[] }
interface AuditEntry {
  kind: 'secret' | 'request'; id: string; id_prefix: string; hint: string | null; created_at: string; expires_at: string; fulfilled_at: string | null;
  state: 'waiting' | 'consumed' | 'burned' | 'expired' | 'open' | 'sent' | 'received' | 'cancelled';
  ended_at: string | null; via: { kind: 'web' } | { kind: 'key'; prefix: string; label: string | null }; webhook: string | null;
}

const WEBHOOK_WORDS: Record<string, string> = { armed: 'set', queued: 'sending', delivered: 'delivered', failed: 'failed', refused: 'refused (address)' };

function emptyRow(columns: number, text: string): HTMLTableRowElement {
  const td = el('td', text, 'muted');
  td.colSpan = columns;
  const tr = el('tr');
  tr.append(td);
  return tr;
}

async function load(): Promise<void> {
  const a = await call<Account>('/auth/account');
  $('who').textContent = `Signed in as ${a.user.name}${a.user.is_admin ? ' (admin)' : ''}.`;
  $('tier').textContent = a.user.tier;
  const q = a.limits.quota;
  $('usage').textContent = `${q.used.toLocaleString()} of ${q.limit.toLocaleString()} creates this ${q.period}; resets ${localDate(q.resets_at)}`;
  $('admin-link').hidden = !a.user.is_admin;

  const live = a.keys.filter((k) => k.revoked_at === null);
  $('keys').replaceChildren(...(live.length === 0 ? [emptyRow(5, 'No API keys yet.')] : live.map((k) => row([
    k.label ?? '—', el('code', `${k.prefix}…`), localDate(k.created_at), localDate(k.last_used_at),
    button('Revoke', () => guarded(async () => {
      if (!confirm(`Revoke ${k.label ?? k.prefix}? Anything using it stops working.`)) return;
      await call(`/auth/keys/${encodeURIComponent(k.id)}`, { method: 'DELETE' });
      announce('Key revoked');
      await load();
    })),
  ]))));

  $('passkeys').replaceChildren(...a.passkeys.map((p) => row([
    p.name, localDate(p.created_at), localDate(p.last_used_at),
    a.passkeys.length > 1 ? button('Remove', () => guarded(async () => {
      if (!confirm(`Remove the passkey "${p.name}"? It will no longer sign in.`)) return;
      await call(`/auth/passkeys/${encodeURIComponent(p.id)}`, { method: 'DELETE' });
      announce('Passkey removed');
      await load();
    })) : el('span', 'your only passkey', 'muted'),
  ])));

  $('sessions').replaceChildren(...a.sessions.map((s) => row([
    `${s.label ?? 'A browser'}${s.current ? ' (this one)' : ''}`, localDate(s.created_at), localDate(s.last_seen_at),
    s.current ? '' : button('Sign out', () => guarded(async () => {
      await call(`/auth/sessions/${encodeURIComponent(s.id)}`, { method: 'DELETE' });
      announce('Signed out that browser');
      await load();
    })),
  ])));
}

let auditBefore: string | null = null;

async function loadAudit(more = false): Promise<void> {
  const page = await call<{ secrets: AuditEntry[]; next_before: string | null }>(`/auth/audit${more && auditBefore ? `?before=${encodeURIComponent(auditBefore)}` : ''}`);
  const rows = page.secrets.map((s) => row([
    el('code', `${s.kind === 'request' ? 'request ' : ''}${s.id_prefix}…`), s.hint ?? '—', localDate(s.created_at),
    s.state === 'waiting' || s.state === 'open' ? `${s.state === 'open' ? 'open, not answered yet' : 'waiting'} (until ${localDate(s.expires_at)})`
      : s.state === 'sent' ? `sent ${localDate(s.fulfilled_at)}, not received yet (until ${localDate(s.expires_at)})` : `${s.state} ${localDate(s.ended_at)}`,
    `${s.via.kind === 'web' ? 'web' : `${s.via.label ?? 'key'} (${s.via.prefix}…)`}${s.webhook === null ? '' : `; webhook ${WEBHOOK_WORDS[s.webhook] ?? s.webhook}`}`,
    s.state === 'waiting' ? button('Burn', () => guarded(async () => {
      if (!confirm(`Burn ${s.hint ?? s.id_prefix}? Its link stops working and nobody can read it.`)) return;
      await call(`/auth/audit/${encodeURIComponent(s.id)}`, { method: 'DELETE' });
      announce('Secret burned');
      auditBefore = null;
      await loadAudit();
    })) : '',
  ]));
  if (more) $('audit').append(...rows);
  else $('audit').replaceChildren(...(rows.length === 0 ? [emptyRow(6, 'Nothing yet: secrets you create and requests you make while signed in, or with your keys, appear here.')] : rows));
  auditBefore = page.next_before;
  $('audit-more').hidden = page.next_before === null;
}

$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void guarded(async () => {
    const label = $<HTMLInputElement>('key-label').value.trim() || null;
    const made = await call<{ key: string }>('/auth/keys', { method: 'POST', body: { label } });
    $<HTMLInputElement>('new-key-value').value = made.key;
    $('new-key').hidden = false;
    $<HTMLInputElement>('key-label').value = '';
    announce('Key created: copy it now');
    $('new-key-value').focus();
    await load();
  });
});

$('passkey-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void guarded(async () => {
    const optionsJSON = await call<Parameters<typeof startRegistration>[0]['optionsJSON']>('/auth/passkeys/options', { method: 'POST' });
    const credential = await startRegistration({ optionsJSON });
    await call('/auth/passkeys', { method: 'POST', body: { name: $<HTMLInputElement>('passkey-name').value.trim() || null, credential } });
    $<HTMLInputElement>('passkey-name').value = '';
    announce('Passkey added');
    await load();
  });
});

$('signout').addEventListener('click', () => void guarded(async () => {
  await call('/auth/signout', { method: 'POST' });
  location.assign('/signin');
}));
$('signout-all').addEventListener('click', () => void guarded(async () => {
  if (!confirm('Sign out of every browser, this one included? API keys keep working.')) return;
  await call('/auth/signout-everywhere', { method: 'POST' });
  location.assign('/signin');
}));
$('audit-more').addEventListener('click', () => void guarded(() => loadAudit(true)));
wireCopyButtons();

void guarded(async () => {
  await load();
  await loadAudit();
});
