// Loopback webhook receivers and outbox reads for the webhook tests.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import Database from 'better-sqlite3';
import type { Harness } from '@zephr/test-support';

export interface Hit { method: string; url: string; headers: IncomingHttpHeaders; body: string; servername?: string | false | null }

/** A receiver that records every request and answers with the next status from `statuses` (then the last one). */
export async function receiver(statuses: number[] = [200], extra: { tls?: { key: string; cert: string }; holdMs?: number; gate?: Promise<void>; location?: string } = {}): Promise<{ url: string; port: number; hits: Hit[]; close(): Promise<void> }> {
  const hits: Hit[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => {
      hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, servername: (req.socket as TLSSocket).servername });
      const status = statuses[Math.min(hits.length - 1, statuses.length - 1)]!;
      const reply = () => setTimeout(() => res.writeHead(status, extra.location ? { location: extra.location } : {}).end('ok'), extra.holdMs ?? 0);
      if (extra.gate) void extra.gate.then(reply);
      else reply();
    });
  };
  const server: Server = extra.tls ? createHttpsServer(extra.tls, handler) : createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `${extra.tls ? 'https' : 'http'}://127.0.0.1:${port}`, port, hits,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export const SIGNING = 'my-hmac-signing-secret';
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Events waiting for their next attempt after `attempts` tries (lease released by a retry). */
export function rescheduled(h: Harness, attempts: number): number {
  const db = new Database(join(h.dir, 'zephr.db'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM webhook_events WHERE lease_until = 0 AND attempts = ?').get(attempts) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Webhook events still queued: all of them, or one secret's (other tests' retries may be due). */
export function pending(h: Harness, secretId?: string): { n: number } {
  const db = new Database(join(h.dir, 'zephr.db'), { readonly: true });
  try {
    if (secretId !== undefined) return db.prepare('SELECT count(*) AS n FROM webhook_events WHERE secret_id = ?').get(secretId) as { n: number };
    return db.prepare('SELECT count(*) AS n FROM webhook_events').get() as { n: number };
  } finally {
    db.close();
  }
}
