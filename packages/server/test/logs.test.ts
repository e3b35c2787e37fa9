// Logs of a full create → consume run (keyed, with hint, callback and idempotency key, plus
// error paths) contain no blob, API key, callback secret, Idempotency-Key or whole secret id.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { blob, call, newKey, startServer } from '@zephr/test-support';

it('[P-KEY-3][P-ID-1] logs never carry blobs, keys, callback secrets, idempotency keys or whole ids', async () => {
  const h = await startServer({ ZEPHR_LOG_LEVEL: 'trace' });
  try {
    const key = await newKey(h.store, 'dev');
    const encrypted = await blob('the actual secret');
    const idem = 'idem-7f3a9c2e-5b1d-4e8a';
    const callbackSecret = 'cb-signing-secret-9d8c7b';
    const created = await call(h.url, '/api/secrets', {
      key, headers: { 'idempotency-key': idem },
      body: { encrypted_blob: encrypted, expiry: 15, hint: 'DB_PASSWORD', callback_url: 'https://hooks.example.com/zephr', callback_secret: callbackSecret },
    });
    assert.equal(created.status, 201);
    const id = created.body.id as string;
    await call(h.url, '/api/secrets', { key, headers: { 'idempotency-key': idem }, body: { encrypted_blob: encrypted, expiry: 15 } });
    await call(h.url, `/api/secrets/${id}?debug=${id}`);
    await call(h.url, `/api/secrets/${id}`, { key });
    await call(h.url, '/api/secrets', { key: 'zeph_' + 'Q'.repeat(43), body: { encrypted_blob: encrypted, expiry: 60 } });
    await call(h.url, '/api/secrets', { rawBody: `{"encrypted_blob":"${encrypted}"`, headers: { 'content-type': 'application/json' } });
    await call(h.url, '/api/limits', { key });

    const text = h.logs.join('');
    const access = h.logs.filter((l) => /"msg":"(GET|POST) \/api\//.test(l));
    assert.equal(access.length, 7, 'one access line for each of the 7 requests');
    assert.ok(text.includes(`/api/secrets/${id.slice(0, 4)}…`), 'the path is logged with the id shortened');
    const forbidden: Record<string, string> = {
      blob: encrypted, blobPrefix: encrypted.slice(0, 24), apiKey: key, apiKeyBody: key.slice(5), badKey: 'Q'.repeat(43),
      callbackSecret, idempotencyKey: idem, secretId: id, secretIdTail: id.slice(4),
    };
    for (const [what, value] of Object.entries(forbidden)) assert.ok(!text.includes(value), `${what} appears in the logs`);
  } finally {
    await h.close();
  }
});
