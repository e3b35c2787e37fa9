// A Sender over node:http/node:https for the CLI: same contract as the fetch Sender (timeout,
// 1,000,000-byte cap, no redirects, NetworkError/ApiError), without loading fetch at start-up.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ApiError } from '../errors.js';
import { MAX_RESPONSE_BYTES, networkError, type Sender } from '../sdk/transport.js';

export const nodeSender: Sender = (r) => new Promise((resolve, reject) => {
  const url = new URL(r.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  let timedOut = false;
  const headers = { ...r.headers, connection: 'close', ...(r.body !== undefined && { 'content-length': String(Buffer.byteLength(r.body)) }) };
  const req = send(url, { method: r.method, headers, agent: false, ...(r.signal && { signal: r.signal }) }, (res) => {
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
