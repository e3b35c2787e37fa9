// The web pages' sign-up and sign-in (passkeys), sign-out, and who is signed in: JSON under /auth,
// authenticated by the session cookie, never by an API key. Writes need this server's Origin.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccountService } from '../../domain/account-service.js';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '../../domain/passkeys.js';
import { userView } from '../account-views.js';
import {
  browserLabel, clearSessionCookie, relyingParty, requireSameOrigin, requireSignedIn, serverOrigin, setSessionCookie, signedIn,
} from '../session-cookie.js';

const hide = { hide: true } as const;
const credential = { type: 'object', required: ['id', 'response'], properties: { id: { type: 'string', maxLength: 1024 }, response: { type: 'object' } } } as const;

export function authRoutes(app: FastifyInstance, accounts: AccountService, publicUrl: string | null): void {
  const rp = (request: FastifyRequest) => relyingParty(request, publicUrl);

  app.get('/session', { schema: hide }, async (request) => {
    const me = await signedIn(request, accounts, publicUrl);
    return { signed_in: me !== null, user: me === null ? null : userView(me.user), signup: accounts.signupMode };
  });

  app.post<{ Body: { invite: string } }>('/invite', {
    schema: { ...hide, body: { type: 'object', required: ['invite'], properties: { invite: { type: 'string', maxLength: 64 } } } },
  }, async (request) => {
    requireSameOrigin(request, publicUrl);
    const grant = await accounts.checkInvite(request.body.invite);
    return { tier: grant.tier, is_admin: grant.isAdmin };
  });

  app.post<{ Body: { name: string; invite?: string | null } }>('/signup/options', {
    schema: { ...hide, body: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 256 }, invite: { type: ['string', 'null'], maxLength: 64 } } } },
  }, async (request) => {
    requireSameOrigin(request, publicUrl);
    return accounts.signUpOptions(rp(request), request.body.name, request.body.invite ?? null);
  });

  app.post<{ Body: RegistrationResponseJSON }>('/signup', { schema: { ...hide, body: credential } }, async (request, reply) => {
    requireSameOrigin(request, publicUrl);
    const session = await accounts.signUp(rp(request), request.body, browserLabel(request));
    setSessionCookie(reply, serverOrigin(request, publicUrl), session.token, session.expiresAt);
    return reply.code(201).send({ user: userView(session.user) });
  });

  app.post('/signin/options', { schema: hide }, async (request) => {
    requireSameOrigin(request, publicUrl);
    return accounts.signInOptions(rp(request));
  });

  app.post<{ Body: AuthenticationResponseJSON }>('/signin', { schema: { ...hide, body: credential } }, async (request, reply) => {
    requireSameOrigin(request, publicUrl);
    const session = await accounts.signIn(rp(request), request.body, browserLabel(request));
    setSessionCookie(reply, serverOrigin(request, publicUrl), session.token, session.expiresAt);
    return { user: userView(session.user) };
  });

  app.post('/signout', { schema: hide }, async (request, reply) => {
    requireSameOrigin(request, publicUrl);
    const me = await signedIn(request, accounts, publicUrl);
    if (me !== null) await accounts.signOut(me);
    clearSessionCookie(reply, serverOrigin(request, publicUrl));
    return reply.code(204).send();
  });

  app.post('/signout-everywhere', { schema: hide }, async (request, reply) => {
    const me = await requireSignedIn(request, accounts, publicUrl);
    const ended = await accounts.signOutEverywhere(me);
    clearSessionCookie(reply, serverOrigin(request, publicUrl));
    return { sessions_ended: ended };
  });
}
