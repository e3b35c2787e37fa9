// A real zephr-server process for SDK and CLI tests (built bin, temp data dir, free port), and
// small misbehaving servers for failure paths.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_BIN } from './paths.js';

export interface LiveServer {
  url: string;
  dir: string;
  /** Issues an API key of `tier` with the real admin command. */
  key(tier: 'free' | 'dev' | 'pro'): string;
  stop(): Promise<void>;
}

export async function startZephrServer(env: Record<string, string> = {}): Promise<LiveServer> {
  const dir = mkdtempSync(join(tmpdir(), 'zephr-sdk-'));
  const fullEnv = { ...process.env, ZEPHR_DATA_DIR: dir, ZEPHR_PORT: '0', ZEPHR_ANON_DAILY_CREATES: '10000', ZEPHR_RATE_LIMIT_PER_MINUTE: '100000', ...env };
  const child: ChildProcess = spawn(process.execPath, [SERVER_BIN, 'serve'], { env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (c: Buffer) => { out += c; const m = /Zephr listening on (http:\/\/[^"\s]+)/.exec(out); if (m) resolve(m[1]!); };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`zephr-server exited ${code}: ${out}`)));
  });
  return {
    url, dir,
    key(tier) {
      const r = spawnSync(process.execPath, [SERVER_BIN, 'keys', 'create', '--tier', tier], { env: fullEnv, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      return r.stdout.trimEnd().split('\n').at(-1)!;
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

/** Accepts connections, reads requests and never answers; counts request lines. */
export async function silentServer(): Promise<{ url: string; requests: (line: string) => number; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  let received = '';
  const server = createTcpServer((s) => {
    sockets.push(s);
    s.on('data', (chunk) => { received += chunk.toString('latin1'); });
    s.on('error', () => undefined);
  });
  const url = await listen(server);
  return {
    url,
    requests: (line) => received.split(line).length - 1,
    close: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

/** An HTTP server answering every request with the given status, headers and body. */
export async function fixedServer(status: number, body: string | Buffer, headers: Record<string, string> = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_req, res) => { res.writeHead(status, headers); res.end(body); });
  const url = await listen(server);
  return { url, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

/**
 * A proxy to `target` that forwards the first `drop` requests but destroys the client's
 * connection instead of answering (after `dropDelayMs`): the request happened, the response was
 * lost. With `silentAfter`, later requests are never answered.
 */
export async function lossyProxy(target: string, drop = 1, options: { silentAfter?: boolean; dropDelayMs?: number } = {}): Promise<{ url: string; seen: () => { idempotencyKey: string | undefined }[]; close: () => Promise<void> }> {
  const seen: { idempotencyKey: string | undefined }[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    seen.push({ idempotencyKey: req.headers['idempotency-key'] as string | undefined });
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k))) as Record<string, string>;
    const upstream = await fetch(target + req.url, { method: req.method, headers, ...(chunks.length > 0 && { body: Buffer.concat(chunks) }) });
    const text = await upstream.text();
    if (seen.length <= drop) {
      setTimeout(() => req.socket.destroy(), options.dropDelayMs ?? 0);
      return;
    }
    if (options.silentAfter) return;
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(text);
  });
  const url = await listen(server);
  return { url, seen: () => seen, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}
