// The process's one logger (pino), shared by the HTTP layer and the services: level and format
// from the config, request serializers and redaction from http/log-redaction.ts. On a terminal
// the lines go through pino-pretty (readable, one line per request); elsewhere they are JSON,
// for log shippers.
import type { FastifyBaseLogger } from 'fastify';
import { type DestinationStream, pino } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config.js';
import { LOG_REDACT_PATHS, logSerializers } from './http/log-redaction.js';

export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>, stream?: DestinationStream): FastifyBaseLogger {
  const options = { level: config.logLevel, serializers: logSerializers, redact: { paths: LOG_REDACT_PATHS, remove: true } };
  const readable = config.logFormat === 'pretty' || (config.logFormat === 'auto' && stream === undefined && process.stdout.isTTY === true);
  // The access line's message already says method, path, status and time, and the start-up summary
  // where the data is: those fields stay in JSON only.
  if (readable) stream = pretty({ sync: true, colorize: process.stdout.isTTY === true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,reqId,method,url,statusCode,responseTime,engine,dataDir', destination: stream ?? 1 });
  return stream === undefined ? pino(options) : pino(options, stream);
}
