// One access line per request, written when the answer has gone out: method, path (ids
// shortened, no query), status and time in the message, the same as fields for log shippers.
// Fastify's own pair of lines ("incoming request", "request completed") is replaced.
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { Logger } from 'pino';
import { logSerializers } from './log-redaction.js';

export class AccessLog extends LogController {
  /** `access` writes without redaction (logger.ts): every field below is built from safe values. */
  constructor(private readonly access: Logger) {
    super();
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const fields = { reqId: request.id, method: request.method, url: logSerializers.req(request).url, statusCode: reply.statusCode, responseTime: reply.elapsedTime };
    const line = `${fields.method} ${fields.url} ${fields.statusCode} ${fields.responseTime.toFixed(1)} ms`;
    // An error object can carry anything: it goes through the redacting request logger.
    if (error) reply.log.error({ method: fields.method, url: fields.url, statusCode: fields.statusCode, responseTime: fields.responseTime, err: error }, line);
    else if (this.access.isLevelEnabled('info')) this.access.info(fields, line);
  }
}
