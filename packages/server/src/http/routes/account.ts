// A signed-in user's own account, as JSON under /auth for the /account page: tier and usage, API
// keys, passkeys, sessions, the audit trail (with burn), and approving a `zephr login`.
import type { FastifyInstance } from 'fastify';
import { type AccountService, webKeyId } from '../../domain/account-service.js';
import type { SecretService } from '../../domain/secret-service.js';
import type { RegistrationResponseJSON } from '../../domain/passkeys.js';
import { auditView, keyView, passkeyView, sessionView, userView } from '../account-views.js';
import { relyingParty, requireSignedIn } from '../session-cookie.js';

const hide = { hide: true } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 128 } } } as const;
const label = { type: ['string', 'null'], maxLength: 64 } as const;
const AUDIT_PAGE = 50;

export function accountRoutes(app: FastifyInstance, accounts: AccountService, secrets: SecretService, publicUrl: string | null): void {
  const me = (request: Parameters<typeof requireSignedIn>[0]) => requireSignedIn(request, accounts, publicUrl);

  app.get('/account', { schema: hide }, async (request) => {
    const m = await me(request);
    const [limits, keys, passkeys, sessions] = await Promise.all([
      secrets.limits(secrets.userCaller(m.user, webKeyId(m.user.id))), accounts.keys(m), accounts.passkeyList(m), accounts.sessions(m),
    ]);
    return {
      user: userView(m.user), limits,
      keys: keys.map(keyView), passkeys: passkeys.map(passkeyView), sessions: sessions.map((s) => sessionView(s, m.session.id)),
    };
  });

  app.post<{ Body: { label?: string | null } }>('/keys', { schema: { ...hide, body: { type: 'object', properties: { label } } } }, async (request, reply) => {
    const m = await me(request);
    const { record, key } = await accounts.createKey(m.user, request.body.label?.trim() || null);
    // The only time the key is shown: it is stored as a hash.
    return reply.code(201).send({ ...keyView(record), key });
  });

  app.delete<{ Params: { id: string } }>('/keys/:id', { schema: { ...hide, params: idParams } }, async (request, reply) => {
    const m = await me(request);
    await accounts.revokeKey(m.user, request.params.id);
    return reply.code(204).send();
  });

  app.post('/passkeys/options', { schema: hide }, async (request) => accounts.addPasskeyOptions(relyingParty(request, publicUrl), await me(request)));

  app.post<{ Body: { name?: string | null; credential: RegistrationResponseJSON } }>('/passkeys', {
    schema: { ...hide, body: { type: 'object', required: ['credential'], properties: { name: label, credential: { type: 'object' } } } },
  }, async (request, reply) => {
    const m = await me(request);
    const passkey = await accounts.addPasskey(relyingParty(request, publicUrl), m, request.body.credential, request.body.name?.trim() || 'Passkey');
    return reply.code(201).send(passkeyView(passkey));
  });

  app.delete<{ Params: { id: string } }>('/passkeys/:id', { schema: { ...hide, params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 1024 } } } } }, async (request, reply) => {
    await accounts.removePasskey(await me(request), request.params.id);
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string } }>('/sessions/:id', { schema: { ...hide, params: idParams } }, async (request, reply) => {
    await accounts.revokeSession(await me(request), request.params.id);
    return reply.code(204).send();
  });

  app.get<{ Querystring: { before?: string } }>('/audit', {
    schema: { ...hide, querystring: { type: 'object', properties: { before: { type: 'string', format: 'date-time', maxLength: 40 } } } },
  }, async (request) => {
    const m = await me(request);
    const before = request.query.before === undefined ? null : Date.parse(request.query.before);
    const entries = await accounts.audit(m.user.id, before, AUDIT_PAGE + 1);
    const now = accounts.now();
    const page = entries.slice(0, AUDIT_PAGE);
    return { secrets: page.map((e) => auditView(e, now)), next_before: entries.length > AUDIT_PAGE ? new Date(page.at(-1)!.createdAt).toISOString() : null };
  });

  app.delete<{ Params: { id: string } }>('/audit/:id', { schema: { ...hide, params: idParams } }, async (request, reply) => {
    const m = await me(request);
    await secrets.burnAsOwner(m.user.id, request.params.id);
    return reply.code(204).send();
  });

  app.get<{ Querystring: { code: string } }>('/device', {
    schema: { ...hide, querystring: { type: 'object', required: ['code'], properties: { code: { type: 'string', maxLength: 32 } } } },
  }, async (request) => {
    await me(request);
    const pending = await accounts.pendingDevice(request.query.code);
    return { user_code: pending.userCode, label: pending.label };
  });

  app.post<{ Body: { code: string; approve: boolean } }>('/device', {
    schema: { ...hide, body: { type: 'object', required: ['code', 'approve'], properties: { code: { type: 'string', maxLength: 32 }, approve: { type: 'boolean' } } } },
  }, async (request) => {
    await accounts.answerDevice(await me(request), request.body.code, request.body.approve);
    return { approved: request.body.approve };
  });
}
