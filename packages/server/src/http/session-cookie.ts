// The web session's cookie and the rules around it. The cookie holds a random token (stored only
// hashed): HttpOnly, SameSite=Strict, and Secure with the __Host- prefix everywhere except plain
// http on a loopback address, where browsers would not keep a Secure cookie. Writes made with the
// cookie must come from this server's own pages: their Origin must be this server's.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountService, RelyingParty, SignedIn } from '../domain/account-service.js';
import { DomainError } from '../domain/domain-error.js';
import { RequestError } from './errors.js';

const SECURE_NAME = '__Host-zephr_session';
const LOOPBACK_NAME = 'zephr_session';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, once resolved (undefined: not looked up yet). */
    signedIn?: SignedIn | null;
  }
}

/** This server's origin as the browser sees it: ZEPHR_PUBLIC_URL, else the request's scheme and Host. */
export function serverOrigin(request: FastifyRequest, publicUrl: string | null): string {
  return publicUrl ?? `${request.protocol}://${request.host}`;
}

const parse = (origin: string): URL | null => {
  try {
    return new URL(origin);
  } catch {
    return null;
  }
};

export function relyingParty(request: FastifyRequest, publicUrl: string | null): RelyingParty {
  const origin = serverOrigin(request, publicUrl);
  const url = parse(origin);
  // A Host header no browser would send: nothing to bind a passkey to.
  if (url === null) throw new RequestError('INVALID_URL', 'The request\'s Host header is not a valid host name');
  return { origin, rpId: url.hostname };
}

function isLoopbackHttp(origin: string): boolean {
  const url = parse(origin);
  return url !== null && url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname.endsWith('.localhost') || url.hostname === '127.0.0.1' || url.hostname === '[::1]');
}

/** The Set-Cookie header itself (the plugin runs no hooks here: see app.ts), serialised by @fastify/cookie. */
function sendCookie(reply: FastifyReply, origin: string, value: string, expires: Date): void {
  const secure = !isLoopbackHttp(origin);
  reply.header('set-cookie', reply.server.serializeCookie(secure ? SECURE_NAME : LOOPBACK_NAME, value, { path: '/', httpOnly: true, sameSite: 'strict', secure, expires }));
}

export function setSessionCookie(reply: FastifyReply, origin: string, token: string, expiresAt: number): void {
  sendCookie(reply, origin, token, new Date(expiresAt));
}

export function clearSessionCookie(reply: FastifyReply, origin: string): void {
  sendCookie(reply, origin, '', new Date(0));
}

/**
 * The session token a request carries, if any (only the cookie header is read, and only when
 * present). Only the cookie name this origin sets counts: on https the __Host- one, which no
 * sibling subdomain or plain-http page can plant, so a planted cookie cannot fix a session.
 */
export function sessionToken(request: FastifyRequest, publicUrl: string | null): string | null {
  const header = request.headers.cookie;
  if (header === undefined || !header.includes('zephr_session=')) return null;
  const token = request.server.parseCookie(header)[isLoopbackHttp(serverOrigin(request, publicUrl)) ? LOOPBACK_NAME : SECURE_NAME];
  return token !== undefined && TOKEN.test(token) ? token : null;
}

/**
 * A state-changing request authenticated by the cookie must name this server as its Origin.
 * SameSite=Strict already keeps the cookie off cross-site requests; this is the second wall.
 */
export function requireSameOrigin(request: FastifyRequest, publicUrl: string | null): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (request.headers.origin !== serverOrigin(request, publicUrl)) throw new DomainError('CROSS_ORIGIN_REQUEST');
}

/** The signed-in user of this request, or null; looked up once per request. */
export async function signedIn(request: FastifyRequest, accounts: AccountService, publicUrl: string | null): Promise<SignedIn | null> {
  if (request.signedIn === undefined) {
    const token = sessionToken(request, publicUrl);
    request.signedIn = token === null ? null : await accounts.sessionOf(token);
  }
  return request.signedIn;
}

/** The signed-in user, after the origin rule for writes; SIGN_IN_REQUIRED otherwise. */
export async function requireSignedIn(request: FastifyRequest, accounts: AccountService, publicUrl: string | null): Promise<SignedIn> {
  requireSameOrigin(request, publicUrl);
  const me = await signedIn(request, accounts, publicUrl);
  if (me === null) throw new DomainError('SIGN_IN_REQUIRED');
  return me;
}

/** A short description of the browser for the session list ("Chrome on Linux"), never the whole header. */
export function browserLabel(request: FastifyRequest): string | null {
  const ua = request.headers['user-agent'];
  if (typeof ua !== 'string' || ua === '') return null;
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : /zephr/i.test(ua) ? 'zephr CLI' : 'A browser';
  const os = /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Linux/.test(ua) ? 'Linux' : null;
  return os === null ? browser : `${browser} on ${os}`;
}
