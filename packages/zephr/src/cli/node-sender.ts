// A Sender over node:http/node:https for the CLI: same contract as the fetch Sender (timeout,
// 1,000,000-byte cap, no redirects, NetworkError/ApiError), without loading fetch at start-up.
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { ApiError } from '../errors.js';
import { MAX_RESPONSE_BYTES, networkError, type Sender } from '../sdk/transport.js';

/** Connections opened ahead of the first request, by origin. */
const early = new Map<string, { socket: Socket; failed: boolean }>();

/**
 * Starts connecting (TCP, and TLS for https) to `origin` while the caller is still encrypting, so
 * the first request finds the connection open. Best effort: a connection that fails is not used.
 */
export async function preconnect(origin: string): Promise<void> {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return;
  }
  if (early.has(url.origin) || (url.protocol !== 'http:' && url.protocol !== 'https:')) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const entry = { socket: undefined as unknown as Socket, failed: false };
  early.set(url.origin, entry);
  const isName = !/^[\d.]+$|:/.test(host);
  entry.socket = url.protocol === 'https:'
    ? (await import('node:tls')).connect({ host, port, ALPNProtocols: ['http/1.1'], ...(isName && { servername: host }) })
    : connect({ host, port });
  entry.socket.on('error', () => { entry.failed = true; });
}

// node:https (and TLS with it) loads only for an https server: a tenth of start-up otherwise.
export const nodeSender: Sender = async (r) => {
  const url = new URL(r.url);
  const send = url.protocol === 'https:' ? (await import('node:https')).request : httpRequest;
  const ready = early.get(url.origin);
  early.delete(url.origin);
  const socket = ready !== undefined && !ready.failed && !ready.socket.destroyed ? ready.socket : undefined;
  if (ready !== undefined && socket === undefined) ready.socket.destroy();
  return sendWith(send, url, r, socket);
};

function sendWith(send: typeof httpRequest, url: URL, r: Parameters<Sender>[0], socket: Socket | undefined): ReturnType<Sender> {
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const headers = { ...r.headers, connection: 'close', ...(r.body !== undefined && { 'content-length': String(Buffer.byteLength(r.body)) }) };
    // Node uses createConnection only when no agent is given: with `agent: false` it would make an
    // Agent, open a second connection and leave the early one unused.
    const connection = socket === undefined ? { agent: false } : { createConnection: () => socket };
    const req = send(url, { method: r.method, headers, ...connection, ...(r.signal && { signal: r.signal }) }, (res) => {
      const chunks: Buffer[] = [];
      let total = 0;
      res.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > MAX_RESPONSE_BYTES) {
          req.destroy(new ApiError(res.statusCode ?? 0, 'INVALID_RESPONSE', `Response exceeds the ${MAX_RESPONSE_BYTES}-byte limit`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => { clearTimeout(timer); resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }); });
      res.on('error', (error) => { clearTimeout(timer); reject(networkError(error, r, timedOut)); });
    });
    const timer = setTimeout(() => { timedOut = true; req.destroy(new Error('timeout')); }, r.timeoutMs);
    req.on('error', (error) => { clearTimeout(timer); reject(networkError(error, r, timedOut)); });
    req.end(r.body);
  });
}
