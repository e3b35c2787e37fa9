// Answers for requests Node's HTTP parser refuses before Fastify sees them (headers over 16 KB,
// a bad request line or header, a request that never finishes arriving): the same JSON envelope
// and headers as every other answer, logged at debug only (they are the client's fault).
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import type { WireErrorCode } from 'zephr';
import { WIRE_ERRORS } from 'zephr';
import { envelope } from './errors.js';
import { ERROR_HEADERS } from './security-headers.js';

function codeFor(error: NodeJS.ErrnoException): WireErrorCode {
  if (error.code === 'HPE_HEADER_OVERFLOW') return 'HEADERS_TOO_LARGE';
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'REQUEST_TIMEOUT';
  if (error.code === 'HPE_INVALID_URL') return 'INVALID_URL';
  return 'INVALID_HTTP_REQUEST';
}

export function clientErrorHandler(log: FastifyBaseLogger) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    // A reset or half-closed connection has no one left to answer.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy(error);
      return;
    }
    const code = codeFor(error);
    const status = WIRE_ERRORS[code].status;
    log.debug({ clientError: { code: error.code } }, 'refused a malformed request');
    const body = JSON.stringify(envelope(code));
    const headers = Object.entries({ ...ERROR_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), connection: 'close' })
      .map(([name, value]) => `${name}: ${value}`).join('\r\n');
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${headers}\r\n\r\n${body}`);
  };
}
