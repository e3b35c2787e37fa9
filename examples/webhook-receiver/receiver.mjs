// A Zephr webhook receiver in plain Node.js (no dependencies). It verifies X-Zephr-Signature over
// the raw body in constant time, rejects stale and duplicate events, and answers 200.
//
//   ZEPHR_WEBHOOK_SECRET=my-hmac-signing-secret PORT=8787 node receiver.mjs
//
// Put it behind HTTPS: Zephr delivers only to https:// URLs.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const SECRET = process.env.ZEPHR_WEBHOOK_SECRET;
if (!SECRET) {
  console.error('set ZEPHR_WEBHOOK_SECRET to the callback_secret you gave Zephr');
  process.exit(2);
}
const PORT = Number(process.env.PORT ?? 8787);
const MAX_AGE_MS = Number(process.env.MAX_AGE_SECONDS ?? 300) * 1000;
const MAX_BODY = 64 * 1024;
// event_id → when it was seen. A real receiver keeps this in its database; retries of one event
// share its event_id, so this is what makes handling exactly-once.
const seen = new Map();

function validSignature(raw, header) {
  if (typeof header !== 'string' || !/^[0-9a-f]{64}$/.test(header)) return false;
  const expected = createHmac('sha256', SECRET).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(header, 'hex'));
}

function answer(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function handle(event) {
  // Your logic here: mark the credential as delivered, page someone if it expired unread …
  console.log(`accepted ${event.event} secret_id=${event.secret_id} event_id=${event.event_id}${event.hint ? ` hint=${event.hint}` : ''}`);
}

const server = createServer((req, res) => {
  if (req.method !== 'POST') return answer(res, 405, { error: 'POST only' });
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) req.destroy();
    else chunks.push(chunk);
  });
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    // Verify before parsing: never act on, or even parse, an unauthenticated body.
    if (!validSignature(raw, req.headers['x-zephr-signature'])) return answer(res, 401, { error: 'invalid signature' });
    let event;
    try {
      event = JSON.parse(raw.toString('utf8'));
    } catch {
      return answer(res, 400, { error: 'invalid JSON' });
    }
    const occurred = Date.parse(event.occurred_at);
    const now = Date.now();
    if (!Number.isFinite(occurred) || now - occurred > MAX_AGE_MS || occurred - now > 60_000) return answer(res, 400, { error: 'stale event' });
    if (typeof event.event_id !== 'string' || seen.has(event.event_id)) return answer(res, 409, { error: 'duplicate event' });
    seen.set(event.event_id, now);
    for (const [id, at] of seen) if (now - at > 2 * MAX_AGE_MS) seen.delete(id); // older ones are refused as stale anyway
    handle(event);
    answer(res, 200, { ok: true });
  });
});

server.listen(PORT, process.env.HOST ?? '127.0.0.1', () => {
  console.log(`listening on http://${server.address().address}:${server.address().port}`);
});
