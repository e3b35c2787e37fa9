// Baseline for the server benchmark: a bare Fastify process with the same routes and body
// sizes but no storage, validation or crypto. Prints its URL on stdout. Plain JavaScript, so it
// runs on bare node with the server's own flags: through a TypeScript loader it would carry the
// loader's thread and modules (~30 MB more RSS) and no longer be the framework's floor.
//
// BASELINE_PER_ANSWER adds what the server does for every answer whatever the route, with the
// server's own code (packages/server/dist: build first): `headers`, the security headers the spec
// requires on every response (A-GEN-6, and A-GEN-4's no-store); `headers,log`, those and one
// access line through the server's loggers. With both it is the floor under any Zephr answer.
import Fastify from 'fastify';

const perAnswer = new Set((process.env.BASELINE_PER_ANSWER ?? '').split(',').filter(Boolean));
const server = '../packages/server/dist';
let options = { logger: false };
if (perAnswer.has('log')) {
  const { createLoggers } = await import(`${server}/logger.js`);
  const { AccessLog } = await import(`${server}/http/access-log.js`);
  const loggers = createLoggers({ logLevel: 'info', logFormat: 'json' });
  options = { loggerInstance: loggers.log, logController: new AccessLog(loggers.access) };
}
const blob = 'A'.repeat(Number(process.env.BLOB_LENGTH ?? 3724));
const app = Fastify({ ...options, bodyLimit: 2 * 1024 * 1024 });
if (perAnswer.has('headers')) await (await import(`${server}/http/security-headers.js`)).installSecurityHeaders(app);
app.post('/api/secrets', async (request, reply) => {
  const body = /** @type {{ encrypted_blob?: string }} */ (request.body);
  return reply.code(201).send({ id: 'AAAAAAAAAAAAAAAAAAAAAA', expires_at: new Date().toISOString(), size: body.encrypted_blob?.length ?? 0 });
});
app.get('/api/secrets/:id', async () => ({ encrypted_blob: blob, purge_at: new Date().toISOString() }));
const url = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(url);
