// Serves the web interface built by packages/web: pages from memory, hashed assets from disk
// with long caching. /secret/:id only serves the page; it never touches the record (A-GET-6).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export interface WebPages {
  notFound: string;
}

/** Registers the pages; returns the 404 page, or null when no build is present (API only). */
export async function webRoutes(app: FastifyInstance, webDir: string): Promise<WebPages | null> {
  if (!existsSync(join(webDir, 'index.html'))) {
    app.log.warn({ webDir }, 'no web interface in ZEPHR_WEB_DIR (or the default): serving the API only; in a checkout, npm run build makes it');
    return null;
  }
  const page = (file: string) => readFileSync(join(webDir, file), 'utf8');
  const pages = {
    create: page('index.html'), reveal: page('reveal.html'), docs: page('docs.html'), notFound: page('404.html'),
    fulfil: page('fulfil.html'), ask: page('ask.html'),
    signin: page('signin.html'), account: page('account.html'), device: page('device.html'), plans: page('plans.html'), admin: page('admin.html'),
  };
  const send = (html: string) => async (_request: unknown, reply: FastifyReply) => reply.type('text/html; charset=utf-8').send(html);

  await app.register(fastifyStatic, {
    root: join(webDir, 'assets'), prefix: '/assets/', decorateReply: false, index: false,
    immutable: true, maxAge: '365d', cacheControl: true, etag: false, lastModified: false,
  });
  const hide = { schema: { hide: true } };
  app.get('/', hide, send(pages.create));
  app.get('/secret/:id', hide, send(pages.reveal));
  // A request link's page only shows what is asked; only its Send button answers it.
  app.get('/request/:id', hide, send(pages.fulfil));
  app.get('/ask', hide, send(pages.ask));
  app.get('/docs', hide, send(pages.docs));
  // Account pages: static like the rest; what they show comes from /auth with the session cookie.
  app.get('/signin', hide, send(pages.signin));
  app.get('/account', hide, send(pages.account));
  app.get('/device', hide, send(pages.device));
  app.get('/plans', hide, send(pages.plans));
  app.get('/admin', hide, send(pages.admin));
  return { notFound: pages.notFound };
}
