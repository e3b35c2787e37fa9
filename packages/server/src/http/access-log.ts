// One access line per request, written when the answer has gone out: method, path (ids
// shortened, no query), status and time in the message, the same as fields for log shippers.
// Fastify's own pair of lines ("incoming request", "request completed") is replaced.
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { logSerializers } from './log-redaction.js';

export class AccessLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const ms = reply.elapsedTime;
    const line = `${request.method} ${logSerializers.req(request).url} ${reply.statusCode} ${ms.toFixed(1)} ms`;
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: ms }, line);
    else reply.log.info({ req: request, res: reply, responseTime: ms }, line);
  }
}
