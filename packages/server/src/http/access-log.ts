// One access line per request, written when the answer has gone out: method, path (ids
// shortened, no query), status and time in the message, the same as fields for log shippers.
// Fastify's own pair of lines ("incoming request", "request completed") is replaced.
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { logSerializers } from './log-redaction.js';

export class AccessLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    // Serialised once here (flat fields, not req/res objects that the serializers would redact again).
    const fields = { method: request.method, url: logSerializers.req(request).url, statusCode: reply.statusCode, responseTime: reply.elapsedTime };
    const line = `${fields.method} ${fields.url} ${fields.statusCode} ${fields.responseTime.toFixed(1)} ms`;
    if (error) reply.log.error({ ...fields, err: error }, line);
    else reply.log.info(fields, line);
  }
}
