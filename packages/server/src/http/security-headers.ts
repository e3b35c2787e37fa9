// Headers on every response (spec A-GEN-4, A-GEN-6): strict CSP with no inline code and no third
// parties, HSTS, no referrer, nosniff; and no caching of anything but hashed static assets.
// Helmet chooses the headers; they are the same for every answer, so they are computed once at
// start and set as one object per request (running helmet per request cost ~5% of the CPU).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** No page of Zephr needs a powerful feature; clipboard-write stays for the Copy buttons. */
export const PERMISSIONS_POLICY = [
  'accelerometer=()', 'autoplay=()', 'camera=()', 'display-capture=()', 'encrypted-media=()', 'fullscreen=()', 'geolocation=()', 'gyroscope=()',
  'hid=()', 'interest-cohort=()', 'magnetometer=()', 'microphone=()', 'midi=()', 'payment=()', 'picture-in-picture=()', 'publickey-credentials-create=(self)', 'publickey-credentials-get=(self)',
  'screen-wake-lock=()', 'serial=()', 'usb=()', 'xr-spatial-tracking=()', 'clipboard-read=()', 'clipboard-write=(self)',
].join(', ');

/**
 * The headers every answer carries, for the answers that bypass the hooks (framework and
 * client errors). Helmet sets the same on everything else.
 */
export const ERROR_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
  'permissions-policy': PERMISSIONS_POLICY,
};

const HELMET_OPTIONS = {
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  strictTransportSecurity: { maxAge: 63_072_000, includeSubDomains: true },
  referrerPolicy: { policy: 'no-referrer' as const },
  crossOriginEmbedderPolicy: false,
  frameguard: { action: 'deny' as const },
};

/** The headers helmet sets with HELMET_OPTIONS (it sets them synchronously, from options alone). */
function helmetHeaders(): Record<string, string> {
  const headers = new Map<string, string>();
  const response = {
    setHeader(name: string, value: unknown) { headers.set(name.toLowerCase(), String(value)); },
    removeHeader(name: string) { headers.delete(name.toLowerCase()); },
  };
  let done = false;
  helmet(HELMET_OPTIONS)({} as IncomingMessage, response as unknown as ServerResponse, () => { done = true; });
  if (!done) throw new Error('helmet did not set its headers synchronously');
  return Object.fromEntries(headers);
}

/** Every answer's security headers, computed once. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({ ...helmetHeaders(), 'permissions-policy': PERMISSIONS_POLICY });

export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    if (!request.url.startsWith('/assets/')) reply.header('cache-control', 'no-store');
    done();
  });
}
