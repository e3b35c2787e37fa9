// The process's one logger (pino), shared by the HTTP layer and the services: level from the
// config, request serializers and redaction from http/log-redaction.ts.
import type { FastifyBaseLogger } from 'fastify';
import { type DestinationStream, pino } from 'pino';
import type { Config } from './config.js';
import { LOG_REDACT_PATHS, logSerializers } from './http/log-redaction.js';

export function createLogger(config: Pick<Config, 'logLevel'>, stream?: DestinationStream): FastifyBaseLogger {
  const options = { level: config.logLevel, serializers: logSerializers, redact: { paths: LOG_REDACT_PATHS, remove: true } };
  return stream === undefined ? pino(options) : pino(options, stream);
}
