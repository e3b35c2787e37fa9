// The admin's pages' JSON under /auth/admin: users (tier, admin, disable, remove), invites, and
// every API key with its owner. The same as `zephr-server users …` and `keys …`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TierName } from 'zephr';
import { type AccountService, inviteLink, type SignedIn } from '../../domain/account-service.js';
import { DomainError } from '../../domain/domain-error.js';
import { ACCOUNT_TIERS } from '../../domain/tiers.js';
import { adminKeyView, inviteView, userView } from '../account-views.js';
import { requireSignedIn, serverOrigin } from '../session-cookie.js';

const hide = { hide: true } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 128 } } } as const;
const tier = { type: 'string', enum: ACCOUNT_TIERS } as const;

export function adminRoutes(app: FastifyInstance, accounts: AccountService, publicUrl: string | null): void {
  const admin = async (request: FastifyRequest): Promise<SignedIn> => {
    const me = await requireSignedIn(request, accounts, publicUrl);
    accounts.requireAdmin(me);
    return me;
  };
  /** Admins change others from the web; their own account only with zephr-server, so no one locks themselves out. */
  const notSelf = (me: SignedIn, id: string) => {
    if (me.user.id === id) throw new DomainError('ADMIN_REQUIRED', 'Change your own account with zephr-server users …, not from the web page');
  };

  app.get('/admin/users', { schema: hide }, async (request) => {
    await admin(request);
    return { users: (await accounts.users()).map(userView) };
  });

  app.patch<{ Params: { id: string }; Body: { tier?: TierName; is_admin?: boolean; disabled?: boolean } }>('/admin/users/:id', {
    schema: { ...hide, params: idParams, body: { type: 'object', additionalProperties: false, properties: { tier, is_admin: { type: 'boolean' }, disabled: { type: 'boolean' } } } },
  }, async (request) => {
    const me = await admin(request);
    notSelf(me, request.params.id);
    const { tier: t, is_admin: isAdmin, disabled } = request.body;
    return userView(await accounts.updateUser(request.params.id, { ...(t !== undefined && { tier: t }), ...(isAdmin !== undefined && { isAdmin }), ...(disabled !== undefined && { disabled }) }));
  });

  app.delete<{ Params: { id: string } }>('/admin/users/:id', { schema: { ...hide, params: idParams } }, async (request, reply) => {
    const me = await admin(request);
    notSelf(me, request.params.id);
    await accounts.removeUser(request.params.id);
    return reply.code(204).send();
  });

  app.get('/admin/invites', { schema: hide }, async (request) => {
    await admin(request);
    return { invites: (await accounts.invites()).map(inviteView) };
  });

  app.post<{ Body: { tier?: TierName; is_admin?: boolean } }>('/admin/invites', {
    schema: { ...hide, body: { type: 'object', additionalProperties: false, properties: { tier, is_admin: { type: 'boolean' } } } },
  }, async (request, reply) => {
    const me = await admin(request);
    const invite = await accounts.invite({ tier: request.body.tier, isAdmin: request.body.is_admin ?? false, createdBy: me.user.id });
    return reply.code(201).send({ link: inviteLink(serverOrigin(request, publicUrl), invite.token), tier: invite.tier, is_admin: invite.isAdmin, expires_at: new Date(invite.expiresAt).toISOString() });
  });

  app.delete<{ Params: { id: string } }>('/admin/invites/:id', { schema: { ...hide, params: idParams } }, async (request, reply) => {
    await admin(request);
    await accounts.revokeInvite(request.params.id);
    return reply.code(204).send();
  });

  app.get('/admin/keys', { schema: hide }, async (request) => {
    await admin(request);
    const [keys, users] = await Promise.all([accounts.allKeys(), accounts.users()]);
    const owners = new Map(users.map((u) => [u.id, u]));
    return { keys: keys.filter((k) => k.kind !== 'web').map((k) => adminKeyView(k, owners)) };
  });

  app.delete<{ Params: { id: string } }>('/admin/keys/:id', { schema: { ...hide, params: idParams } }, async (request, reply) => {
    await admin(request);
    await accounts.revokeAnyKey(request.params.id);
    return reply.code(204).send();
  });
}
