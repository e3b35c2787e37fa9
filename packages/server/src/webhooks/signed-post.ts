// One delivery attempt: POST the body to the checked address (no lookup here), with the original
// host name for TLS and the Host header, a hard timeout, and no redirect following.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Target } from './outbound-guard.js';

export interface PostResult {
  status: number;
}

export interface PostOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  /** Extra trusted CA certificates (tests, private PKI); the system store is used otherwise. */
  ca?: string | Buffer | undefined;
}

export function postTo(target: Target, body: string, options: PostOptions): Promise<PostResult> {
  const { url } = target;
  const secure = url.protocol === 'https:';
  const payload = Buffer.from(body, 'utf8');
  return new Promise((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)({
      host: target.address,
      family: target.family,
      port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      agent: false,
      headers: { ...options.headers, host: url.host, 'content-type': 'application/json', 'content-length': String(payload.length), connection: 'close' },
      ...(secure && target.servername !== undefined && { servername: target.servername }),
      ...(secure && options.ca !== undefined && { ca: options.ca }),
    }, (res) => {
      // The answer's body means nothing to us; read a little and let it go.
      res.on('data', () => undefined);
      res.on('end', () => { clearTimeout(timer); resolve({ status: res.statusCode ?? 0 }); });
      res.on('error', (error) => { clearTimeout(timer); reject(error); });
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    req.on('error', (error) => { clearTimeout(timer); reject(error); });
    req.end(payload);
  });
}
