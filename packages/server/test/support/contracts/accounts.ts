// The contract suites of the account stores (user-store.ts, passkey-store.ts, session-store.ts,
// device-code-store.ts, audit-store.ts) and of API keys that belong to users.
// Written once; every engine runs it unchanged (test/sqlite-store.test.ts, test/postgres-store.test.ts).
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { ApiKeyRecord, PasskeyRecord, SignUp, Store, UserRecord } from '../../../src/store/store.js';
import { ev, MIN, type OpenStore, request, secret, storeTest, T } from './fixtures.js';

const DAY = 86_400_000;

export const user = (id: string, overrides: Partial<UserRecord> = {}): UserRecord => ({ id, name: id, tier: 'free', isAdmin: false, createdAt: T, disabledAt: null, ...overrides });
const passkey = (id: string, userId: string, overrides: Partial<PasskeyRecord> = {}): PasskeyRecord => ({
  id, userId, publicKey: 'cHVibGlj', counter: 0, transports: ['internal'], name: 'First', createdAt: T, lastUsedAt: null, ...overrides,
});
const key = (id: string, userId: string | null, overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id, hash: Buffer.from(id.padEnd(32, '.')).toString('hex').slice(0, 64), prefix: `zeph_${id}`.slice(0, 12), tier: 'free', label: null, createdAt: T, revokedAt: null,
  userId, kind: 'key', lastUsedAt: null, ...overrides,
});

export function signUpOf(id: string, overrides: Partial<SignUp> = {}): SignUp {
  return { user: user(id), passkey: passkey(`cred_${id}`, id), webKey: key(`web_${id}`, id, { kind: 'web', prefix: 'web' }), inviteHash: null, now: T, ...overrides };
}

async function invite(store: Store, id: string, overrides: { expiresAt?: number; isAdmin?: boolean } = {}): Promise<string> {
  const hash = id.padEnd(64, '0');
  await store.users.insertInvite({ id, hash, tier: 'dev', isAdmin: overrides.isAdmin ?? false, createdBy: null, createdAt: T, expiresAt: overrides.expiresAt ?? T + DAY, usedAt: null, usedBy: null });
  return hash;
}

export function accountsContract(engine: string, open: OpenStore): void {
  const withStore = storeTest(open);

  describe(`UserStore contract: ${engine}`, () => {
    withStore('sign-up inserts the user, the first passkey and the web key together; names are unique in any case', async ({ store }) => {
      assert.deepEqual(await store.users.signUp(signUpOf('usr_a', { user: user('usr_a', { name: 'Ada' }) })), { kind: 'created' });
      assert.deepEqual(await store.users.get('usr_a'), user('usr_a', { name: 'Ada' }));
      assert.equal((await store.users.findByName('aDA'))?.id, 'usr_a');
      assert.equal(await store.users.findByName('Bob'), null);
      assert.equal((await store.passkeys.listForUser('usr_a')).length, 1);
      assert.equal((await store.apiKeys.get('web_usr_a'))?.kind, 'web');
      assert.deepEqual(await store.apiKeys.listForUser('usr_a'), [], 'the web key is not one of the user\'s keys');
      assert.deepEqual(await store.users.signUp(signUpOf('usr_b', { user: user('usr_b', { name: 'ADA' }) })), { kind: 'name_taken' });
      assert.equal(await store.users.get('usr_b'), null);
      assert.equal(await store.passkeys.get('cred_usr_b'), null, 'nothing of a refused sign-up is kept');
      assert.equal(await store.users.count(), 1);
    });

    withStore('an invite signs up exactly one user, also when several use it at once; expired ones none', async ({ store }) => {
      const hash = await invite(store, 'inv_1');
      const results = await Promise.all(['usr_1', 'usr_2', 'usr_3', 'usr_4'].map((id) => store.users.signUp(signUpOf(id, { inviteHash: hash }))));
      assert.equal(results.filter((r) => r.kind === 'created').length, 1);
      assert.equal(results.filter((r) => r.kind === 'invite_invalid').length, 3);
      assert.equal(await store.users.count(), 1);
      assert.equal(await store.users.findInvite(hash, T), null, 'a used invite is not found');
      const old = await invite(store, 'inv_2', { expiresAt: T + 10 });
      assert.notEqual(await store.users.findInvite(old, T + 9), null);
      assert.deepEqual(await store.users.signUp(signUpOf('usr_9', { inviteHash: old, now: T + 10 })), { kind: 'invite_invalid' });
      assert.deepEqual((await store.users.listInvites(T)).map((i) => i.id), ['inv_2']);
      assert.equal(await store.users.revokeInvite('inv_2'), true);
      assert.equal(await store.users.revokeInvite('inv_2'), false);
    });

    withStore('a tier change moves the user\'s keys; disabling makes them unusable; removal takes passkeys and sessions and revokes keys', async ({ store }) => {
      await store.users.signUp(signUpOf('usr_a'));
      await store.apiKeys.insert(key('key_a', 'usr_a'));
      await store.sessions.insert({ id: 'ses_a', hash: 'aa'.repeat(32), userId: 'usr_a', createdAt: T, lastSeenAt: T, expiresAt: T + DAY, label: null });
      assert.equal(await store.users.update('usr_a', { tier: 'pro', isAdmin: true }), true);
      assert.equal((await store.users.get('usr_a'))?.tier, 'pro');
      assert.equal((await store.users.get('usr_a'))?.isAdmin, true);
      const found = await store.apiKeys.findByHash(key('key_a', 'usr_a').hash);
      assert.equal(found?.tier, 'pro');
      assert.equal(found?.ownerDisabled, false);
      await store.users.update('usr_a', { disabledAt: T + 1 });
      assert.equal((await store.apiKeys.findByHash(key('key_a', 'usr_a').hash))?.ownerDisabled, true);
      await store.users.update('usr_a', { disabledAt: null });
      assert.equal((await store.apiKeys.findByHash(key('key_a', 'usr_a').hash))?.ownerDisabled, false);
      assert.equal(await store.users.update('usr_missing', { tier: 'dev' }), false);
      assert.equal(await store.users.remove('usr_a', T + 5), true);
      assert.equal(await store.users.get('usr_a'), null);
      assert.deepEqual(await store.passkeys.listForUser('usr_a'), []);
      assert.equal(await store.sessions.findLive('aa'.repeat(32), T, DAY), null);
      assert.equal((await store.apiKeys.get('key_a'))?.revokedAt, T + 5);
      assert.equal(await store.users.remove('usr_a', T + 6), false);
    });

    withStore('an operator\'s key has no owner; last use is written only when older than asked', async ({ store }) => {
      await store.apiKeys.insert(key('key_op', null, { tier: 'dev' }));
      const found = await store.apiKeys.findByHash(key('key_op', null).hash);
      assert.equal(found?.userId, null);
      assert.equal(found?.ownerDisabled, false);
      assert.equal(found?.tier, 'dev');
      await store.apiKeys.touch('key_op', T + 100, T + 50);
      assert.equal((await store.apiKeys.get('key_op'))?.lastUsedAt, T + 100);
      await store.apiKeys.touch('key_op', T + 120, T + 60);
      assert.equal((await store.apiKeys.get('key_op'))?.lastUsedAt, T + 100, 'recent enough: not written again');
    });
  });

  describe(`PasskeyStore contract: ${engine}`, () => {
    withStore('passkeys: list, use, and never remove the last one (also when two removals race)', async ({ store }) => {
      await store.users.signUp(signUpOf('usr_a'));
      await store.passkeys.insert(passkey('cred_2', 'usr_a', { name: 'Phone', createdAt: T + 1, transports: ['hybrid', 'internal'] }));
      await assert.rejects(store.passkeys.insert(passkey('cred_2', 'usr_a')), 'a credential id is unique');
      assert.deepEqual((await store.passkeys.listForUser('usr_a')).map((p) => p.id), ['cred_usr_a', 'cred_2']);
      assert.deepEqual((await store.passkeys.get('cred_2'))?.transports, ['hybrid', 'internal']);
      await store.passkeys.recordUse('cred_2', 7, T + 9);
      assert.equal((await store.passkeys.get('cred_2'))?.counter, 7);
      assert.equal((await store.passkeys.get('cred_2'))?.lastUsedAt, T + 9);
      const removed = await Promise.all([store.passkeys.removeUnlessLast('usr_a', 'cred_usr_a'), store.passkeys.removeUnlessLast('usr_a', 'cred_2')]);
      assert.equal(removed.filter(Boolean).length, 1);
      assert.equal((await store.passkeys.listForUser('usr_a')).length, 1);
      assert.equal(await store.passkeys.removeUnlessLast('usr_b', (await store.passkeys.listForUser('usr_a'))[0]!.id), false, 'only the owner removes');
    });

    withStore('a challenge is taken at most once, and not after it expires', async ({ store }) => {
      await store.passkeys.putChallenge({ challenge: 'c1', purpose: 'signin', data: '{"a":1}', expiresAt: T + MIN });
      await store.passkeys.putChallenge({ challenge: 'c2', purpose: 'signup', data: '{}', expiresAt: T + MIN });
      const taken = await Promise.all([store.passkeys.takeChallenge('c1', T), store.passkeys.takeChallenge('c1', T)]);
      assert.equal(taken.filter((t) => t !== null).length, 1);
      assert.deepEqual(taken.find((t) => t !== null), { challenge: 'c1', purpose: 'signin', data: '{"a":1}', expiresAt: T + MIN });
      assert.equal(await store.passkeys.takeChallenge('c2', T + MIN), null);
      assert.equal(await store.passkeys.takeChallenge('nope', T), null);
    });
  });

  describe(`SessionStore contract: ${engine}`, () => {
    withStore('sessions end at their absolute expiry, after idling, when revoked, and all at once', async ({ store }) => {
      await store.users.signUp(signUpOf('usr_a'));
      const s = (id: string, hash: string) => ({ id, hash, userId: 'usr_a', createdAt: T, lastSeenAt: T, expiresAt: T + 10 * MIN, label: 'Chrome on Linux' });
      await store.sessions.insert(s('ses_1', '01'.repeat(32)));
      await store.sessions.insert(s('ses_2', '02'.repeat(32)));
      await store.sessions.insert(s('ses_3', '03'.repeat(32)));
      const idle = 2 * MIN;
      assert.equal((await store.sessions.findLive('01'.repeat(32), T + MIN, idle))?.id, 'ses_1');
      assert.equal(await store.sessions.findLive('01'.repeat(32), T + 2 * MIN, idle), null, 'idle too long');
      await store.sessions.touch('ses_2', T + 9 * MIN - 1);
      assert.equal((await store.sessions.findLive('02'.repeat(32), T + 9 * MIN, idle))?.label, 'Chrome on Linux');
      assert.equal(await store.sessions.findLive('02'.repeat(32), T + 10 * MIN, idle), null, 'absolute expiry, however active');
      await store.sessions.touch('ses_3', T + MIN);
      assert.deepEqual((await store.sessions.listForUser('usr_a', T + 2 * MIN, idle)).map((x) => x.id), ['ses_2', 'ses_3'], 'live ones, most recently seen first');
      assert.equal(await store.sessions.revoke('usr_other', 'ses_3'), false, 'only the owner revokes');
      assert.equal(await store.sessions.revoke('usr_a', 'ses_3'), true);
      assert.equal(await store.sessions.findLive('03'.repeat(32), T + MIN, idle), null);
      await store.sessions.insert(s('ses_4', '04'.repeat(32)));
      await store.sessions.insert(s('ses_5', '05'.repeat(32)));
      assert.equal(await store.sessions.revokeAll('usr_a'), 4);
      assert.equal(await store.sessions.findLive('05'.repeat(32), T, idle), null);
    });

    withStore('the sweep deletes ended sessions, expired challenges and expired device codes only', async ({ store }) => {
      await store.users.signUp(signUpOf('usr_a'));
      await store.sessions.insert({ id: 'ses_old', hash: '0a'.repeat(32), userId: 'usr_a', createdAt: T, lastSeenAt: T, expiresAt: T + MIN, label: null });
      await store.sessions.insert({ id: 'ses_new', hash: '0b'.repeat(32), userId: 'usr_a', createdAt: T, lastSeenAt: T + 5 * MIN, expiresAt: T + DAY, label: null });
      await store.passkeys.putChallenge({ challenge: 'old', purpose: 'signin', data: '{}', expiresAt: T + MIN });
      await store.deviceCodes.insert({ id: 'dev_1', hash: '0c'.repeat(32), userCode: 'BCDF-GHJK', label: null, createdAt: T, expiresAt: T + MIN, userId: null, approvedAt: null, deniedAt: null, keyId: null });
      assert.equal(await store.sessions.sweep(T + 6 * MIN, 10 * MIN), 3);
      assert.notEqual(await store.sessions.findLive('0b'.repeat(32), T + 6 * MIN, 10 * MIN), null);
    });
  });

  describe(`DeviceCodeStore contract: ${engine}`, () => {
    const code = (id: string, userCode: string, expiresAt = T + 10 * MIN) => ({
      id, hash: id.padEnd(64, 'f'), userCode, label: 'zephr CLI on host', createdAt: T, expiresAt, userId: null, approvedAt: null, deniedAt: null, keyId: null,
    });

    withStore('pending → approved → the key is delivered exactly once, also to concurrent polls', async ({ store }) => {
      await store.users.signUp(signUpOf('usr_a'));
      await store.deviceCodes.insert(code('d1', 'BBBB-CCCC'));
      await assert.rejects(store.deviceCodes.insert(code('d2', 'BBBB-CCCC')), 'a user code is unique');
      let made = 0;
      const makeKey = (userId: string) => key(`key_${++made}`, userId);
      assert.deepEqual(await store.deviceCodes.deliver('d1'.padEnd(64, 'f'), T, makeKey), { kind: 'pending' });
      assert.equal((await store.deviceCodes.findPending('BBBB-CCCC', T))?.label, 'zephr CLI on host');
      assert.equal(await store.deviceCodes.approve('BBBB-CCCC', 'usr_a', T + 1), true);
      assert.equal(await store.deviceCodes.approve('BBBB-CCCC', 'usr_a', T + 1), false, 'approved once');
      assert.equal(await store.deviceCodes.findPending('BBBB-CCCC', T + 1), null);
      const polls = await Promise.all([1, 2, 3].map(() => store.deviceCodes.deliver('d1'.padEnd(64, 'f'), T + 2, makeKey)));
      assert.deepEqual(polls.filter((p) => p.kind === 'delivered'), [{ kind: 'delivered', userId: 'usr_a' }]);
      assert.equal(polls.filter((p) => p.kind === 'invalid').length, 2);
      const keys = await store.apiKeys.listForUser('usr_a');
      assert.equal(keys.length, 1, 'one key stored, for the one delivery');
      assert.deepEqual(await store.deviceCodes.deliver('d1'.padEnd(64, 'f'), T + 3, makeKey), { kind: 'invalid' });
      assert.deepEqual(await store.deviceCodes.deliver('nope'.padEnd(64, 'f'), T + 3, makeKey), { kind: 'invalid' });
    });

    withStore('denied and expired codes deliver nothing', async ({ store }) => {
      await store.deviceCodes.insert(code('d3', 'DDDD-FFFF'));
      await store.deviceCodes.insert(code('d4', 'GGGG-HHHH', T + MIN));
      assert.equal(await store.deviceCodes.deny('DDDD-FFFF', T), true);
      assert.equal(await store.deviceCodes.approve('DDDD-FFFF', 'usr_a', T), false);
      const never = () => { throw new Error('no key for this code'); };
      assert.deepEqual(await store.deviceCodes.deliver('d3'.padEnd(64, 'f'), T, never), { kind: 'denied' });
      assert.equal(await store.deviceCodes.approve('GGGG-HHHH', 'usr_a', T + MIN), false, 'too late to approve');
      assert.deepEqual(await store.deviceCodes.deliver('d4'.padEnd(64, 'f'), T + MIN, never), { kind: 'expired' });
    });
  });

  describe(`AuditStore contract: ${engine}`, () => {
    withStore('a user\'s secrets, newest first, through their keys and web key; what became of each; owner lookup', async ({ store }) => {
      await store.users.signUp(signUpOf('usr_a'));
      await store.users.signUp(signUpOf('usr_b'));
      await store.apiKeys.insert(key('key_a', 'usr_a', { label: 'laptop' }));
      const viaKey = secret({ ownerKeyId: 'key_a', hint: 'DB', createdAt: T, claimHash: 'h'.repeat(43) });
      const viaWeb = secret({ ownerKeyId: 'web_usr_a', createdAt: T + 1, callbackUrl: 'https://hooks.example/x', callbackSecret: 'sealed' });
      const burned = secret({ ownerKeyId: 'key_a', createdAt: T + 2 });
      const others = secret({ ownerKeyId: 'web_usr_b', createdAt: T + 3 });
      for (const s of [viaKey, viaWeb, burned, others, secret()]) await store.secrets.create(request(s));
      await store.secrets.consume(viaKey.id, T + 10, ev(), { hash: 'h'.repeat(43), idempotencyKey: null, retainUntil: 0 });
      await store.secrets.burn(burned.id, T + 11, 'any', ev());
      const trail = await store.audit.list('usr_a', Number.MAX_SAFE_INTEGER, 10);
      assert.deepEqual(trail.map((e) => e.id), [burned.id, viaWeb.id, viaKey.id]);
      const [b, w, k] = trail;
      assert.equal(b!.burnedAt, T + 11);
      assert.equal(b!.consumedAt, T + 11);
      assert.deepEqual({ kind: w!.keyKind, blob: w!.hasBlob, consumed: w!.consumedAt, webhook: w!.webhook }, { kind: 'web', blob: true, consumed: null, webhook: 'armed' });
      assert.deepEqual({ hint: k!.hint, consumed: k!.consumedAt, blob: k!.hasBlob, label: k!.keyLabel, prefix: k!.keyPrefix, webhook: k!.webhook }, { hint: 'DB', consumed: T + 10, blob: false, label: 'laptop', prefix: 'zeph_key_a', webhook: null });
      assert.deepEqual((await store.audit.list('usr_a', T + 2, 1)).map((e) => e.id), [viaWeb.id], 'pages by creation time');
      assert.deepEqual(await store.audit.owner(viaKey.id), { userId: 'usr_a', claimHash: 'h'.repeat(43) });
      assert.deepEqual(await store.audit.owner(others.id), { userId: 'usr_b', claimHash: null });
      assert.equal(await store.audit.owner(secret().id), null);

      // A consumed secret with a callback: queued, then the outcome stays on the record.
      await store.secrets.consume(viaWeb.id, T + 12, 'evt-audit', null);
      assert.equal((await store.audit.list('usr_a', Number.MAX_SAFE_INTEGER, 10))[1]!.webhook, 'queued');
      await store.outbox.complete((await store.outbox.claim(T + 13, T + 100, 10))[0]!.eventId, 'delivered');
      assert.equal((await store.audit.list('usr_a', Number.MAX_SAFE_INTEGER, 10))[1]!.webhook, 'delivered');
    });

    withStore('[A-GET-5] an owned secret stays in the trail (404 to the API) until the retention after it ends; unowned ones go at purge_at', async ({ store }) => {
      await store.users.signUp(signUpOf('usr_a'));
      const owned = secret({ ownerKeyId: 'web_usr_a' });
      const unowned = secret();
      await store.secrets.create(request(owned));
      await store.secrets.create(request(unowned));
      await store.secrets.consume(owned.id, T + MIN, ev(), null);
      const retention = DAY;
      const afterPurge = owned.purgeAt + 1;
      const swept = await store.secrets.sweep(afterPurge, 100, ev, retention);
      assert.equal(swept.purged, 1, 'the unowned one');
      assert.deepEqual(await store.secrets.consume(owned.id, afterPurge, ev(), null), { kind: 'not_found' }, 'past purge_at the API sees nothing');
      assert.equal((await store.audit.list('usr_a', Number.MAX_SAFE_INTEGER, 10))[0]?.consumedAt, T + MIN);
      assert.equal((await store.secrets.sweep(T + MIN + retention - 1, 100, ev, retention)).purged, 0);
      assert.equal((await store.secrets.sweep(T + MIN + retention, 100, ev, retention)).purged, 1);
      assert.deepEqual(await store.audit.list('usr_a', Number.MAX_SAFE_INTEGER, 10), []);
    });
  });
}
