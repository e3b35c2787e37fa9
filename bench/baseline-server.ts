// Baseline for the server benchmark: a bare Fastify process with the same routes and body
// sizes but no storage, validation or crypto. Prints its URL on stdout.
import Fastify from 'fastify';

const blob = 'A'.repeat(Number(process.env.BLOB_LENGTH ?? 3724));
const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024 });
app.post('/api/secrets', async (request, reply) => {
  const body = request.body as { encrypted_blob?: string };
  return reply.code(201).send({ id: 'AAAAAAAAAAAAAAAAAAAAAA', expires_at: new Date().toISOString(), size: body.encrypted_blob?.length ?? 0 });
});
app.get('/api/secrets/:id', async () => ({ encrypted_blob: blob, purge_at: new Date().toISOString() }));
const url = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(url);
