// Accounts over real HTTP on a real SQLite file, with a software passkey (test-support) for the
// WebAuthn ceremonies: sign-up rules (invite, open, closed), cookie flags, the Origin rule for
// cookie writes, session expiry and revocation, limits of a signed-in tier shared by a user's
// keys and web session, burning by the owner, the device flow (with `zephr login` as a real
// child process), admin rules, audit retention, and no token in any log line.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRequestKeys, fulfillRequest, requestClaim } from 'zephr';
import { call, CLI, create, type Harness, type Reply, SoftwarePasskey, startServer, tempDir } from '@zephr/test-support';

const ORIGIN = 'http://localhost:8080';
const HOUR = 3_600_000;

/** The session cookie a response set, as a Cookie header value; and the raw Set-Cookie line. */
function cookieOf(r: Reply): { cookie: string; line: string } {
  const line = r.headers.get('set-cookie') ?? '';
  return { cookie: line.split(';')[0]!, line };
}

interface Account { passkey: SoftwarePasskey; cookie: string; line: string; user: { id: string; name: string; tier: string; is_admin: boolean } }

async function signUp(h: Harness, name: string, invite: string | null, origin = ORIGIN): Promise<Account> {
  const passkey = new SoftwarePasskey(origin);
  const options = await call(h.url, '/auth/signup/options', { body: { name, invite }, headers: { origin } });
  assert.equal(options.status, 200, options.text);
  const done = await call(h.url, '/auth/signup', { body: passkey.register(options.body as never), headers: { origin } });
  assert.equal(done.status, 201, done.text);
  return { passkey, ...cookieOf(done), user: done.body.user as Account['user'] };
}

async function signIn(h: Harness, passkey: SoftwarePasskey, origin = ORIGIN): Promise<Reply> {
  const options = await call(h.url, '/auth/signin/options', { method: 'POST', headers: { origin } });
  return call(h.url, '/auth/signin', { body: passkey.authenticate(options.body as never), headers: { origin } });
}

async function inviteToken(h: Harness, options: { isAdmin?: boolean; tier?: 'free' | 'dev' | 'pro' } = {}): Promise<string> {
  return (await h.services.accounts.invite({ createdBy: null, ...options })).token;
}

/** A cookie-authenticated request from the server's own pages. */
const asUser = (a: Account, origin = ORIGIN) => ({ cookie: a.cookie, origin });

describe('accounts: sign-up, sessions and the Origin rule', () => {
  let h: Harness;
  before(async () => {
    h = await startServer({ ZEPHR_PUBLIC_URL: ORIGIN, ZEPHR_SESSION_IDLE_HOURS: '2', ZEPHR_SESSION_MAX_DAYS: '1' });
  });
  after(() => h.close());

  it('invite mode (the default): no invite → 403 SIGNUP_CLOSED; an invite signs up one user, with its tier and role', async () => {
    const r = await call(h.url, '/auth/signup/options', { body: { name: 'Eve' }, headers: { origin: ORIGIN } });
    assert.equal(r.status, 403);
    assert.equal(r.body.error?.code, 'SIGNUP_CLOSED');
    const token = await inviteToken(h, { isAdmin: true, tier: 'pro' });
    const ada = await signUp(h, 'Ada', token);
    assert.deepEqual({ name: ada.user.name, tier: ada.user.tier, admin: ada.user.is_admin }, { name: 'Ada', tier: 'pro', admin: true });
    const again = await call(h.url, '/auth/signup/options', { body: { name: 'Bob', invite: token }, headers: { origin: ORIGIN } });
    assert.equal(again.status, 410);
    assert.equal(again.body.error?.code, 'INVITE_UNUSABLE');
  });

  it('names: invalid → 400 INVALID_NAME, taken (any case) → 409 NAME_TAKEN', async () => {
    const token = await inviteToken(h);
    for (const name of ['', ' ', 'x'.repeat(65), '<script>', 'tab\there']) {
      const r = await call(h.url, '/auth/signup/options', { body: { name, invite: token }, headers: { origin: ORIGIN } });
      assert.equal(r.body.error?.code, 'INVALID_NAME', JSON.stringify(name));
    }
    // Two people start with the same name: both get options; the second to finish is refused.
    const first = new SoftwarePasskey(ORIGIN);
    const second = new SoftwarePasskey(ORIGIN);
    const o1 = await call(h.url, '/auth/signup/options', { body: { name: 'Grace', invite: token }, headers: { origin: ORIGIN } });
    const o2 = await call(h.url, '/auth/signup/options', { body: { name: 'grace', invite: await inviteToken(h) }, headers: { origin: ORIGIN } });
    assert.equal((await call(h.url, '/auth/signup', { body: first.register(o1.body as never), headers: { origin: ORIGIN } })).status, 201);
    const done = await call(h.url, '/auth/signup', { body: second.register(o2.body as never), headers: { origin: ORIGIN } });
    assert.equal(done.status, 409);
    assert.equal(done.body.error?.code, 'NAME_TAKEN');
    // Once taken, the name is refused before any passkey is made.
    const early = await call(h.url, '/auth/signup/options', { body: { name: 'GRACE', invite: await inviteToken(h) }, headers: { origin: ORIGIN } });
    assert.equal(early.body.error?.code, 'NAME_TAKEN');
  });

  it('the cookie is HttpOnly, SameSite=Strict, path /, with an expiry; not Secure only on loopback http', async () => {
    const a = await signUp(h, 'Cookie', await inviteToken(h));
    assert.match(a.line, /^zephr_session=[A-Za-z0-9_-]{43};/);
    assert.match(a.line, /; HttpOnly/);
    assert.match(a.line, /; SameSite=Strict/);
    assert.match(a.line, /; Path=\//);
    assert.match(a.line, /; Expires=/);
    assert.doesNotMatch(a.line, /Secure/);
  });

  it('[A-ACCT-5] cookie writes need this server\'s Origin: none or another → 403 CROSS_ORIGIN_REQUEST, also on /api', async () => {
    const a = await signUp(h, 'Origin', await inviteToken(h));
    for (const headers of [{ cookie: a.cookie }, { cookie: a.cookie, origin: 'https://evil.example' }, { cookie: a.cookie, origin: 'http://localhost:8081' }] as Record<string, string>[]) {
      const key = await call(h.url, '/auth/keys', { body: { label: 'x' }, headers });
      assert.equal(key.status, 403);
      assert.equal(key.body.error?.code, 'CROSS_ORIGIN_REQUEST');
      const secret = await create(h, {}, { headers });
      assert.equal(secret.body.error?.code, 'CROSS_ORIGIN_REQUEST');
    }
    assert.equal((await call(h.url, '/auth/keys', { body: { label: 'x' }, headers: asUser(a) })).status, 201);
    // Reads need no Origin: the page's own GETs carry none.
    assert.equal((await call(h.url, '/auth/account', { headers: { cookie: a.cookie } })).status, 200);
    assert.equal((await call(h.url, '/api/limits', { headers: { cookie: a.cookie } })).body.tier, 'free');
  });

  it('sign-in: a replayed or wrong-origin answer → 400 INVALID_PASSKEY_RESPONSE; a good one → a new session', async () => {
    const a = await signUp(h, 'Signin', await inviteToken(h));
    const options = await call(h.url, '/auth/signin/options', { method: 'POST', headers: { origin: ORIGIN } });
    const answer = a.passkey.authenticate(options.body as never);
    const first = await call(h.url, '/auth/signin', { body: answer, headers: { origin: ORIGIN } });
    assert.equal(first.status, 200, first.text);
    const replay = await call(h.url, '/auth/signin', { body: answer, headers: { origin: ORIGIN } });
    assert.equal(replay.body.error?.code, 'INVALID_PASSKEY_RESPONSE', 'a challenge answers once');
    const phishing = await call(h.url, '/auth/signin/options', { method: 'POST', headers: { origin: ORIGIN } });
    const wrong = await call(h.url, '/auth/signin', { body: a.passkey.authenticate(phishing.body as never, 'https://zephr.evil.example'), headers: { origin: ORIGIN } });
    assert.equal(wrong.body.error?.code, 'INVALID_PASSKEY_RESPONSE');
    const stranger = new SoftwarePasskey(ORIGIN);
    const unknown = await call(h.url, '/auth/signin/options', { method: 'POST', headers: { origin: ORIGIN } });
    assert.equal((await call(h.url, '/auth/signin', { body: stranger.authenticate(unknown.body as never), headers: { origin: ORIGIN } })).body.error?.code, 'INVALID_PASSKEY_RESPONSE');
  });

  it('sessions end after idling, at their absolute end, on sign-out, and everywhere at once', async () => {
    const a = await signUp(h, 'Sessions', await inviteToken(h));
    const me = (cookie: string) => call(h.url, '/auth/account', { headers: { cookie } });
    h.advance(2 * HOUR - 1000);
    assert.equal((await me(a.cookie)).status, 200, 'used within the idle time');
    h.advance(2 * HOUR - 1000);
    assert.equal((await me(a.cookie)).status, 200, 'each use restarts the idle time');
    h.advance(2 * HOUR);
    const idle = await me(a.cookie);
    assert.equal(idle.status, 401);
    assert.equal(idle.body.error?.code, 'SIGN_IN_REQUIRED');

    const b = cookieOf(await signIn(h, a.passkey)).cookie;
    // Used every 1 h 50 min (within the idle time): 13 uses reach 23 h 50 min, the 14th 25 h 40 min.
    for (let i = 0; i < 13; i++) {
      h.advance(HOUR + 50 * 60_000);
      assert.equal((await me(b)).status, 200);
    }
    h.advance(HOUR + 50 * 60_000);
    assert.equal((await me(b)).status, 401, 'a day at most, however active');

    const c = cookieOf(await signIn(h, a.passkey)).cookie;
    const d = cookieOf(await signIn(h, a.passkey)).cookie;
    const out = await call(h.url, '/auth/signout', { method: 'POST', headers: { cookie: c, origin: ORIGIN } });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie') ?? '', /zephr_session=;/);
    assert.equal((await me(c)).status, 401);
    assert.equal((await me(d)).status, 200, 'other sessions go on');
    const e = cookieOf(await signIn(h, a.passkey)).cookie;
    const listed = (await me(d)).body.sessions as { id: string; current: boolean }[];
    assert.equal(listed.length, 2);
    const other = listed.find((s) => !s.current)!;
    assert.equal((await call(h.url, `/auth/sessions/${other.id}`, { method: 'DELETE', headers: { cookie: d, origin: ORIGIN } })).status, 204);
    assert.equal((await me(e)).status, 401, 'ended from another browser');
    const f = cookieOf(await signIn(h, a.passkey)).cookie;
    const all = await call(h.url, '/auth/signout-everywhere', { method: 'POST', headers: { cookie: d, origin: ORIGIN } });
    assert.equal(all.body.sessions_ended, 2);
    assert.equal((await me(d)).status, 401);
    assert.equal((await me(f)).status, 401);
  });

  it('[A-ACCT-1] a disabled user is signed out and their keys refused (403 ACCOUNT_DISABLED); enabled again, they work', async () => {
    const a = await signUp(h, 'Disabled', await inviteToken(h));
    const key = (await call(h.url, '/auth/keys', { body: { label: 'ci' }, headers: asUser(a) })).body.key as string;
    await h.services.accounts.updateUser(a.user.id, { disabled: true });
    assert.equal((await call(h.url, '/auth/account', { headers: { cookie: a.cookie } })).status, 401);
    const refused = await create(h, {}, { key });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error?.code, 'ACCOUNT_DISABLED');
    assert.equal((await signIn(h, a.passkey)).body.error?.code, 'ACCOUNT_DISABLED');
    await h.services.accounts.updateUser(a.user.id, { disabled: false });
    assert.equal((await create(h, {}, { key })).status, 201);
  });

  it('admin routes need an admin (403 ADMIN_REQUIRED); an admin invites, re-tiers and sees every key with its owner', async () => {
    const admin = await signUp(h, 'Boss', await inviteToken(h, { isAdmin: true }));
    const user = await signUp(h, 'Worker', await inviteToken(h));
    assert.equal((await call(h.url, '/auth/admin/users', { headers: { cookie: user.cookie } })).body.error?.code, 'ADMIN_REQUIRED');
    const invite = await call(h.url, '/auth/admin/invites', { body: { tier: 'dev' }, headers: asUser(admin) });
    assert.equal(invite.status, 201);
    assert.match(invite.body.link as string, /^http:\/\/localhost:8080\/signin\?invite=[A-Za-z0-9_-]{43}$/);
    const key = (await call(h.url, '/auth/keys', { body: { label: 'worker-ci' }, headers: asUser(user) })).body.key as string;
    assert.equal((await create(h, { expiry: 5 }, { key })).body.error?.code, 'UPGRADE_REQUIRED');
    const moved = await call(h.url, `/auth/admin/users/${user.user.id}`, { method: 'PATCH', body: { tier: 'dev' }, headers: asUser(admin) });
    assert.equal(moved.body.tier, 'dev');
    assert.equal((await create(h, { expiry: 5 }, { key })).status, 201, 'the user\'s keys follow the user\'s tier');
    const keys = (await call(h.url, '/auth/admin/keys', { headers: { cookie: admin.cookie } })).body.keys as { label: string; owner: { name: string } | null }[];
    assert.equal(keys.find((k) => k.label === 'worker-ci')?.owner?.name, 'Worker');
    assert.equal((await call(h.url, `/auth/admin/users/${admin.user.id}`, { method: 'PATCH', body: { disabled: true }, headers: asUser(admin) })).body.error?.code, 'ADMIN_REQUIRED', 'not on oneself');
  });

  it('no session token, API key or device code appears in any log line', async () => {
    const a = await signUp(h, 'Logs', await inviteToken(h));
    const key = (await call(h.url, '/auth/keys', { body: {}, headers: asUser(a) })).body.key as string;
    const device = (await call(h.url, '/api/auth/device', { body: {} })).body.device_code as string;
    await call(h.url, '/api/auth/device/token', { body: { device_code: device } });
    await create(h, {}, { key });
    const token = a.cookie.split('=')[1]!;
    const logs = h.logs.join('\n');
    for (const secret of [token, key, device]) assert.ok(!logs.includes(secret), 'a secret reached the logs');
    assert.ok(logs.includes('/auth/keys'), 'the requests were logged');
  });
});

describe('accounts: Secure cookies behind https', () => {
  let h: Harness;
  before(async () => { h = await startServer({ ZEPHR_PUBLIC_URL: 'https://zephr.example.com' }); });
  after(() => h.close());

  it('on an https origin the cookie is __Host- and Secure', async () => {
    const a = await signUp(h, 'Tls', await inviteToken(h), 'https://zephr.example.com');
    assert.match(a.line, /^__Host-zephr_session=[A-Za-z0-9_-]{43};/);
    assert.match(a.line, /; Secure/);
    assert.match(a.line, /; HttpOnly/);
    assert.equal((await call(h.url, '/auth/account', { headers: { cookie: a.cookie } })).status, 200);
    // The same token under the name a sibling subdomain or an http page could plant is not a session here.
    const planted = a.cookie.replace('__Host-zephr_session=', 'zephr_session=');
    assert.equal((await call(h.url, '/auth/account', { headers: { cookie: planted } })).status, 401);
  });
});

describe('accounts: open and closed sign-up', () => {
  it('ZEPHR_SIGNUP=open: anyone signs up on ZEPHR_SIGNUP_TIER; closed: no one, invites included', async () => {
    const open = await startServer({ ZEPHR_PUBLIC_URL: ORIGIN, ZEPHR_SIGNUP: 'open', ZEPHR_SIGNUP_TIER: 'dev' });
    try {
      const a = await signUp(open, 'Anyone', null);
      assert.equal(a.user.tier, 'dev');
      assert.equal((await call(open.url, '/auth/session', { headers: { cookie: a.cookie } })).body.signup, 'open');
    } finally {
      await open.close();
    }
    const closed = await startServer({ ZEPHR_PUBLIC_URL: ORIGIN, ZEPHR_SIGNUP: 'closed' });
    try {
      const r = await call(closed.url, '/auth/signup/options', { body: { name: 'Nobody', invite: await inviteToken(closed) }, headers: { origin: ORIGIN } });
      assert.equal(r.body.error?.code, 'SIGNUP_CLOSED');
    } finally {
      await closed.close();
    }
  });
});

describe('accounts: limits, owner burn, device flow, audit retention', () => {
  let h: Harness;
  before(async () => {
    h = await startServer({ ZEPHR_PUBLIC_URL: ORIGIN, ZEPHR_TIERS: '{"free":{"creates":3}}', ZEPHR_AUDIT_RETENTION_DAYS: '2', ZEPHR_PURGE_GRACE_MINUTES: '60' });
  });
  after(() => h.close());

  it('[A-ACCT-1] a user\'s keys and web session share the tier\'s quota: the 4th create of the month → 429 for this account', async () => {
    const a = await signUp(h, 'Quota', await inviteToken(h));
    const k1 = (await call(h.url, '/auth/keys', { body: { label: 'one' }, headers: asUser(a) })).body.key as string;
    const k2 = (await call(h.url, '/auth/keys', { body: { label: 'two' }, headers: asUser(a) })).body.key as string;
    assert.equal((await create(h, { expiry: 1440 }, { key: k1 })).status, 201);
    assert.equal((await create(h, { expiry: 1440 }, { key: k2 })).status, 201);
    assert.equal((await create(h, { expiry: 1440 }, { headers: asUser(a) })).status, 201, 'from the web page, with the tier\'s expiry');
    const limits = await call(h.url, '/api/limits', { key: k2 });
    assert.deepEqual([limits.body.tier, (limits.body.quota as { used: number }).used], ['free', 3]);
    const over = await create(h, {}, { key: k1 });
    assert.equal(over.status, 429);
    assert.equal(over.body.error?.code, 'MONTHLY_LIMIT_EXCEEDED');
    assert.match(over.body.error!.message, /for this account/);
    const usage = (await call(h.url, '/auth/account', { headers: { cookie: a.cookie } })).body.limits as { quota: { used: number; limit: number } };
    assert.deepEqual([usage.quota.used, usage.quota.limit], [3, 3]);
  });

  it('[A-BURN-2] the owner burns a waiting secret without its key (API key or audit trail); anyone else gets 404 as for an unknown id', async () => {
    const a = await signUp(h, 'Owner', await inviteToken(h));
    const b = await signUp(h, 'Other', await inviteToken(h));
    const ka = (await call(h.url, '/auth/keys', { body: {}, headers: asUser(a) })).body.key as string;
    const kb = (await call(h.url, '/auth/keys', { body: {}, headers: asUser(b) })).body.key as string;
    const s1 = (await create(h, { hint: 'ONE' }, { key: ka })).body.id as string;
    h.advance(1); // the trail is newest first
    const s2 = (await create(h, { hint: 'TWO' }, { key: ka })).body.id as string;
    const notMine = await call(h.url, `/api/secrets/${s1}`, { method: 'DELETE', key: kb });
    assert.equal(notMine.status, 404);
    assert.equal(notMine.body.error?.code, 'SECRET_NOT_FOUND');
    assert.equal((await call(h.url, `/auth/audit/${s1}`, { method: 'DELETE', headers: asUser(b) })).body.error?.code, 'SECRET_NOT_FOUND');
    assert.equal((await call(h.url, `/api/secrets/${s1}`, { method: 'DELETE', key: ka })).status, 204);
    assert.equal((await call(h.url, `/auth/audit/${s2}`, { method: 'DELETE', headers: asUser(a) })).status, 204);
    const trail = (await call(h.url, '/auth/audit', { headers: { cookie: a.cookie } })).body.secrets as { hint: string; state: string }[];
    assert.deepEqual(trail.map((e) => [e.hint, e.state]), [['TWO', 'burned'], ['ONE', 'burned']]);
    // Anonymous: the body is still required, as before.
    assert.equal((await call(h.url, `/api/secrets/${s1}`, { method: 'DELETE' })).body.error?.code, 'INVALID_REQUEST_BODY');
  });

  it('[A-REQ-6] requests made with an account\'s key are in its audit trail: open, then sent, then received; cancelled', async () => {
    const a = await signUp(h, 'Requester', await inviteToken(h));
    const ka = (await call(h.url, '/auth/keys', { body: {}, headers: asUser(a) })).body.key as string;
    const keys = await createRequestKeys();
    const claim = await requestClaim(keys.privateKey);
    const made = await call(h.url, '/api/requests', { body: { expiry: 60, hint: 'ASKED', claim_hash: claim.hash }, key: ka });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const id = made.body.id as string;
    const trail = async () => ((await call(h.url, '/auth/audit', { headers: { cookie: a.cookie } })).body.secrets as { kind: string; hint: string; state: string; id: string }[])
      .filter((e) => e.kind === 'request').map((e) => [e.id, e.hint, e.state]);
    assert.deepEqual(await trail(), [[id, 'ASKED', 'open']]);
    const link = `${h.url}/request/${id}#${keys.publicKey}`;
    await fulfillRequest(link, 'answer');
    assert.deepEqual(await trail(), [[id, 'ASKED', 'sent']]);
    assert.equal((await call(h.url, `/api/requests/${id}/receive`, { body: { claim: claim.token } })).status, 200);
    assert.deepEqual(await trail(), [[id, 'ASKED', 'received']]);
    const all = (await call(h.url, '/auth/audit', { headers: { cookie: a.cookie } })).body.secrets as { kind: string }[];
    assert.equal(all.filter((e) => e.kind === 'secret').length, 0, 'the fulfilling secret is the request\'s row, not a second one');
    h.advance(1);
    const other = await createRequestKeys();
    const otherClaim = await requestClaim(other.privateKey);
    const second = (await call(h.url, '/api/requests', { body: { expiry: 60, claim_hash: otherClaim.hash }, key: ka })).body.id as string;
    await call(h.url, `/api/requests/${second}`, { method: 'DELETE', body: { claim: otherClaim.token } });
    assert.deepEqual((await trail())[0], [second, null, 'cancelled']);
  });

  it('[A-ACCT-2][A-ACCT-3] device flow: pending (202) → approved → the key once (200) → then 404; denied → 403; expired → 410', async () => {
    const a = await signUp(h, 'Device', await inviteToken(h));
    const start = async () => (await call(h.url, '/api/auth/device', { body: { client: 'zephr CLI on test' } })).body as { device_code: string; user_code: string; verification_uri_complete: string };
    const poll = (code: string) => call(h.url, '/api/auth/device/token', { body: { device_code: code } });
    const s = await start();
    assert.match(s.user_code, /^[B-Z]{4}-[B-Z]{4}$/);
    assert.equal(s.verification_uri_complete, `${ORIGIN}/device?code=${s.user_code}`);
    assert.equal((await poll(s.device_code)).status, 202);
    const seen = await call(h.url, `/auth/device?code=${s.user_code.toLowerCase().replace('-', '')}`, { headers: { cookie: a.cookie } });
    assert.deepEqual(seen.body, { user_code: s.user_code, label: 'zephr CLI on test' });
    assert.equal((await call(h.url, '/auth/device', { body: { code: s.user_code, approve: true }, headers: { cookie: a.cookie } })).body.error?.code, 'CROSS_ORIGIN_REQUEST');
    assert.equal((await call(h.url, '/auth/device', { body: { code: s.user_code, approve: true }, headers: asUser(a) })).status, 200);
    const polls = await Promise.all([poll(s.device_code), poll(s.device_code), poll(s.device_code)]);
    const delivered = polls.filter((p) => p.status === 200);
    assert.equal(delivered.length, 1, 'concurrent polls: one key');
    assert.ok(polls.filter((p) => p.status !== 200).every((p) => p.body.error?.code === 'DEVICE_CODE_NOT_FOUND'));
    const key = delivered[0]!.body.api_key as string;
    assert.deepEqual(delivered[0]!.body.user, { name: 'Device', tier: 'free' });
    assert.equal((await call(h.url, '/api/limits', { key })).body.tier, 'free');

    const denied = await start();
    await call(h.url, '/auth/device', { body: { code: denied.user_code, approve: false }, headers: asUser(a) });
    const no = await poll(denied.device_code);
    assert.equal(no.status, 403);
    assert.equal(no.body.error?.code, 'DEVICE_CODE_DENIED');

    const late = await start();
    h.advance(10 * 60_000);
    const gone = await poll(late.device_code);
    assert.equal(gone.status, 410);
    assert.equal(gone.body.error?.code, 'DEVICE_CODE_EXPIRED');
    assert.equal((await call(h.url, '/auth/device', { body: { code: late.user_code, approve: true }, headers: asUser(a) })).status, 404);

    // zephr logout's call: the key revokes itself.
    assert.equal((await call(h.url, '/api/keys/current', { method: 'DELETE', key })).status, 204);
    assert.equal((await call(h.url, '/api/limits', { key })).body.error?.code, 'INVALID_API_KEY');
  });

  it('zephr login as a child process: prints the link and code (never the key), stores the key 0600, zephr limits uses it', async () => {
    const a = await signUp(h, 'Cli', await inviteToken(h));
    const config = tempDir('zephr-login-');
    const env = { PATH: process.env.PATH ?? '', ZEPHR_URL: h.url, XDG_CONFIG_HOME: config };
    try {
      const child = spawn(process.execPath, [CLI, 'login', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => { stdout += c; });
      const approved = new Promise<void>((resolve, reject) => {
        child.stderr.on('data', (c) => {
          stderr += c;
          const code = /code ([B-Z]{4}-[B-Z]{4})/.exec(stderr)?.[1];
          if (code) call(h.url, '/auth/device', { body: { code, approve: true }, headers: asUser(a) }).then(() => resolve(), reject);
        });
      });
      const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
      await approved;
      assert.equal(status, 0, stderr);
      assert.match(stderr, /\/device\?code=[B-Z]{4}-[B-Z]{4}/);
      const result = JSON.parse(stdout) as { user: string; tier: string; credentials_file: string };
      assert.deepEqual([result.user, result.tier, result.credentials_file], ['Cli', 'free', join(config, 'zephr', 'credentials.json')]);
      assert.doesNotMatch(stdout + stderr, /zeph_[A-Za-z0-9_-]{43}/);
      const limits = await new Promise<string>((resolve) => {
        let out = '';
        const c = spawn(process.execPath, [CLI, 'limits', '--json'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
        c.stdout.on('data', (d) => { out += d; });
        c.on('close', () => resolve(out));
      });
      assert.equal((JSON.parse(limits) as { tier: string }).tier, 'free', 'the stored key is used');
    } finally {
      rmSync(config, { recursive: true, force: true });
    }
  });

  it('the audit trail outlives purge_at: 404 to the API, still listed; gone once the retention after its end passes', async () => {
    const a = await signUp(h, 'Retention', await inviteToken(h));
    const key = (await call(h.url, '/auth/keys', { body: {}, headers: asUser(a) })).body.key as string;
    const id = (await create(h, { hint: 'KEPT' }, { key })).body.id as string;
    assert.equal((await call(h.url, `/api/secrets/${id}`)).status, 200);
    h.advance(2 * HOUR + 1000);
    await h.services.service.sweepBatch(100);
    assert.equal((await call(h.url, `/api/secrets/${id}`)).status, 404, 'past purge_at');
    const listed = (await call(h.url, '/auth/audit', { headers: { cookie: cookieOf(await signIn(h, a.passkey)).cookie } })).body.secrets as { hint: string; state: string }[];
    assert.deepEqual(listed.map((e) => [e.hint, e.state]), [['KEPT', 'consumed']]);
    h.advance(2 * 86_400_000);
    await h.services.service.sweepBatch(100);
    const later = (await call(h.url, '/auth/audit', { headers: { cookie: cookieOf(await signIn(h, a.passkey)).cookie } })).body.secrets as unknown[];
    assert.deepEqual(later, []);
  });
});

describe('accounts: a Host header no browser sends', () => {
  it('without ZEPHR_PUBLIC_URL the origin comes from Host: an unparsable one → 400 INVALID_URL, not a 500', async () => {
    const h = await startServer();
    try {
      const { port } = new URL(h.url);
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/auth/signin/options', headers: { host: 'bad host^', origin: 'http://bad host^' } }, (res) => {
          let body = '';
          res.on('data', (c) => { body += c; });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
      assert.equal(answer.status, 400);
      assert.equal((JSON.parse(answer.body) as { error: { code: string } }).error.code, 'INVALID_URL');
    } finally {
      await h.close();
    }
  });
});

describe('plans', () => {
  it('[A-ACCT-4] GET /api/plans: the tiers as configured, the sign-up mode and how to get a higher tier', async () => {
    const h = await startServer({ ZEPHR_TIERS: '{"free":{"creates":7,"expiries":[60,1440]}}', ZEPHR_UPGRADE_CONTACT: 'Ask #platform in chat', ZEPHR_SIGNUP: 'open' });
    try {
      const r = await call(h.url, '/api/plans');
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('cache-control'), 'no-store');
      const tiers = r.body.tiers as { name: string; creates: number; period: string; expiries: number[] }[];
      assert.deepEqual(tiers.map((t) => t.name), ['anonymous', 'free', 'dev', 'pro']);
      assert.deepEqual(tiers[1], { ...tiers[1], name: 'free', creates: 7, period: 'month', expiries: [60, 1440] });
      assert.equal(tiers[0]!.period, 'day');
      assert.equal(r.body.signup, 'open');
      assert.equal(r.body.upgrade, 'Ask #platform in chat');
    } finally {
      await h.close();
    }
  });
});
