// 405 for every method a route does not serve, with Allow, on every route the app has (API,
// pages, operations): collected from the routes themselves, so a new route needs no second edit.
// Methods Node parses but Fastify does not know (ACL, BIND, …) are added so they reach the router.
import { METHODS } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { sendError } from './errors.js';

/** Call before any route is registered; returns what to call after the last one. */
export function collectRoutesFor405(app: FastifyInstance): () => void {
  // CONNECT never reaches the router (Node hands the socket to a 'connect' listener).
  for (const method of METHODS) if (method !== 'CONNECT' && !app.supportedMethods.includes(method)) app.addHttpMethod(method);
  const served = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    const methods = served.get(route.url) ?? new Set<string>();
    for (const m of [route.method].flat()) methods.add(m);
    served.set(route.url, methods);
  });
  return () => {
    for (const [url, methods] of [...served]) {
      // The CORS plugin's OPTIONS wildcard is not a resource; /api paths keep OPTIONS for preflight.
      if ([...methods].every((m) => m === 'OPTIONS')) continue;
      const allow = [...methods].filter((m) => m !== 'OPTIONS').sort();
      const others = app.supportedMethods.filter((m) => !methods.has(m) && !(m === 'OPTIONS' && url.startsWith('/api/')));
      if (others.length === 0) continue;
      app.route({
        method: others, url, schema: { hide: true },
        // Answered in onRequest: a body sent with the wrong method is never parsed.
        onRequest: async (_request, reply) => sendError(reply.header('allow', allow.join(', ')), 'METHOD_NOT_ALLOWED'),
        handler: (_request, reply) => reply,
      });
    }
  };
}
