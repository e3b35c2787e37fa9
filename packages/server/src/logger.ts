// The process's loggers (pino), shared by the HTTP layer and the services: level and format from
// the config, request serializers and redaction from http/log-redaction.ts. On a terminal the
// lines go through pino-pretty (readable, one line per request); elsewhere they are JSON, for log
// shippers.
//
// Two loggers write to one destination: `log` for everything, with redaction as a safety net for
// any object that carries a body or headers; and `access`, without redaction, for the one line per
// request (http/access-log.ts), whose fields are built from known-safe values only. Redaction
// walks every logged object, and per request it cost more CPU than writing the line.
import { createRequire } from 'node:module';
import type { FastifyBaseLogger } from 'fastify';
import { type DestinationStream, type Logger, pino } from 'pino';
import type PinoPretty from 'pino-pretty';
import type { Config } from './config.js';
import { LOG_REDACT_PATHS, logSerializers } from './http/log-redaction.js';

export interface Loggers {
  log: FastifyBaseLogger;
  /** Unredacted: only for lines whose every field is known to be safe (the access line). */
  access: Logger;
}

export function createLoggers(config: Pick<Config, 'logLevel' | 'logFormat'>, stream?: DestinationStream): Loggers {
  const readable = config.logFormat === 'pretty' || (config.logFormat === 'auto' && stream === undefined && process.stdout.isTTY === true);
  // The access line's message already says method, path, status and time, and the start-up summary
  // where the data is: those fields stay in JSON only. pino-pretty is loaded only when used.
  if (readable) stream = (createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty)({ sync: true, colorize: process.stdout.isTTY === true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,reqId,method,url,statusCode,responseTime,engine,dataDir', destination: stream ?? 1 });
  // One destination for both, so their lines never interleave mid-line (pino's default: sync writes to stdout).
  const destination = stream ?? pino.destination({ dest: 1, sync: true });
  return {
    log: pino({ level: config.logLevel, serializers: logSerializers, redact: { paths: LOG_REDACT_PATHS, remove: true } }, destination),
    access: pino({ level: config.logLevel }, destination),
  };
}
