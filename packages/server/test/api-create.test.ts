// POST /api/secrets over real HTTP: every validation code, in the spec's order. Tier policy,
// quotas and idempotency are in api-create-policy.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { encodeBase64Url } from 'zephr';
import { blob, call, create, type Harness, newKey, startServer } from '@zephr/test-support';

const wrap = (json: string) => encodeBase64Url(new TextEncoder().encode(json));
const IV = 'oKGio6Slpqeoqaqr';
const CT = 'jn0QQSrreNoSDfXp3uY1B9ZEuzh8IGBGZMOJ';

describe('create: validation', () => {
  let h: Harness;
  let key: string;
  before(async () => {
    h = await startServer({ ZEPHR_ANON_DAILY_CREATES: '1000' });
    key = await newKey(h.store, 'pro');
  });
  after(() => h.close());

  const cases: [string, Record<string, unknown> | string, string, boolean?][] = [
    ['body is a JSON array', '[1,2]', 'INVALID_REQUEST_BODY'],
    ['body is not JSON', '{"encrypted_blob":', 'INVALID_REQUEST_BODY'],
    ['body is JSON null', 'null', 'INVALID_REQUEST_BODY'],
    ['encrypted_blob missing', { expiry: 60 }, 'MISSING_ENCRYPTED_BLOB'],
    ['encrypted_blob a number', { encrypted_blob: 5, expiry: 60 }, 'INVALID_ENCRYPTED_BLOB_TYPE'],
    ['encrypted_blob padded', { encrypted_blob: wrap(`{"iv":"${IV}","ciphertext":"${CT}"}`) + '=', expiry: 60 }, 'INVALID_ENCRYPTED_BLOB_ENCODING'],
    ['encrypted_blob standard alphabet', { encrypted_blob: 'ab+/', expiry: 60 }, 'INVALID_ENCRYPTED_BLOB_ENCODING'],
    ['encrypted_blob empty', { encrypted_blob: '', expiry: 60 }, 'INVALID_ENCRYPTED_BLOB_ENCODING'],
    ['encrypted_blob not JSON inside', { encrypted_blob: wrap('hello'), expiry: 60 }, 'INVALID_ENCRYPTED_BLOB_FORMAT'],
    ['encrypted_blob with an extra member', { encrypted_blob: wrap(`{"iv":"${IV}","ciphertext":"${CT}","tag":"x"}`), expiry: 60 }, 'INVALID_ENCRYPTED_BLOB_FORMAT'],
    ['encrypted_blob inner iv padded', { encrypted_blob: wrap(`{"iv":"${IV}==","ciphertext":"${CT}"}`), expiry: 60 }, 'INVALID_ENCRYPTED_BLOB_ENCODING'],
    ['iv of 11 bytes', { encrypted_blob: wrap(`{"iv":"${encodeBase64Url(new Uint8Array(11))}","ciphertext":"${CT}"}`), expiry: 60 }, 'INVALID_IV_LENGTH'],
    ['ciphertext of 16 bytes', { encrypted_blob: wrap(`{"iv":"${IV}","ciphertext":"${encodeBase64Url(new Uint8Array(16))}"}`), expiry: 60 }, 'INVALID_CIPHERTEXT_LENGTH'],
    ['expiry missing', { encrypted_blob: 'BLOB' }, 'MISSING_EXPIRY'],
    ['expiry not allowed', { encrypted_blob: 'BLOB', expiry: 61 }, 'INVALID_EXPIRY'],
    ['expiry as a string', { encrypted_blob: 'BLOB', expiry: '60' }, 'INVALID_EXPIRY'],
    ['expiry as a float', { encrypted_blob: 'BLOB', expiry: 60.5 }, 'INVALID_EXPIRY'],
    ['expiry_hours not allowed', { encrypted_blob: 'BLOB', expiry_hours: 2 }, 'INVALID_EXPIRY'],
    ['expiry and expiry_hours both', { encrypted_blob: 'BLOB', expiry: 60, expiry_hours: 1 }, 'INVALID_EXPIRY'],
    ['split_url_mode a string', { encrypted_blob: 'BLOB', expiry: 60, split_url_mode: 'true' }, 'INVALID_SPLIT_URL_MODE'],
    ['hint empty', { encrypted_blob: 'BLOB', expiry: 60, hint: '' }, 'INVALID_HINT'],
    ['hint 129 characters', { encrypted_blob: 'BLOB', expiry: 60, hint: 'a'.repeat(129) }, 'INVALID_HINT'],
    ['hint with a newline', { encrypted_blob: 'BLOB', expiry: 60, hint: 'a\nb' }, 'INVALID_HINT'],
    ['hint non-ASCII', { encrypted_blob: 'BLOB', expiry: 60, hint: 'café' }, 'INVALID_HINT'],
    ['hint a number', { encrypted_blob: 'BLOB', expiry: 60, hint: 7 }, 'INVALID_HINT'],
    ['callback_url a number', { encrypted_blob: 'BLOB', expiry: 60, callback_url: 1, callback_secret: 's' }, 'INVALID_CALLBACK_URL_TYPE', true],
    ['callback_url too long', { encrypted_blob: 'BLOB', expiry: 60, callback_url: 'https://e.com/' + 'a'.repeat(2040), callback_secret: 's' }, 'INVALID_CALLBACK_URL_LENGTH', true],
    ['callback_url not a URL', { encrypted_blob: 'BLOB', expiry: 60, callback_url: 'not a url', callback_secret: 's' }, 'INVALID_CALLBACK_URL_FORMAT', true],
    ['callback_url with credentials', { encrypted_blob: 'BLOB', expiry: 60, callback_url: 'https://u:p@e.com/x', callback_secret: 's' }, 'INVALID_CALLBACK_URL_FORMAT', true],
    ['callback_url http', { encrypted_blob: 'BLOB', expiry: 60, callback_url: 'http://e.com/x', callback_secret: 's' }, 'INVALID_CALLBACK_URL_PROTOCOL', true],
    ['callback_url without secret', { encrypted_blob: 'BLOB', expiry: 60, callback_url: 'https://e.com/x' }, 'MISSING_CALLBACK_SECRET', true],
    ['callback_secret without url', { encrypted_blob: 'BLOB', expiry: 60, callback_secret: 's' }, 'UNEXPECTED_CALLBACK_SECRET', true],
    ['callback_secret a number', { encrypted_blob: 'BLOB', expiry: 60, callback_url: 'https://e.com/x', callback_secret: 5 }, 'INVALID_CALLBACK_SECRET_TYPE', true],
    ['callback_secret empty', { encrypted_blob: 'BLOB', expiry: 60, callback_url: 'https://e.com/x', callback_secret: '' }, 'INVALID_CALLBACK_SECRET_LENGTH', true],
    ['callback_secret 257 characters', { encrypted_blob: 'BLOB', expiry: 60, callback_url: 'https://e.com/x', callback_secret: 'x'.repeat(257) }, 'INVALID_CALLBACK_SECRET_LENGTH', true],
  ];
  for (const [name, body, code, keyed] of cases) {
    it(`[A-CREATE-1]${name.includes('blob') || name.includes('iv') || name.includes('ciphertext') ? '[P-BLOB-6]' : ''} ${name} → 400 ${code}`, async () => {
      const valid = await blob();
      const rawBody = typeof body === 'string' ? body : JSON.stringify(body).replace('"BLOB"', JSON.stringify(valid));
      const r = await call(h.url, '/api/secrets', { rawBody, headers: { 'content-type': 'application/json' }, ...(keyed && { key }) });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.error?.code, code, r.text);
      assert.equal(typeof r.body.error?.message, 'string');
    });
  }

  it('[A-CREATE-1] another content type → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const r = await call(h.url, '/api/secrets', { rawBody: 'encrypted_blob=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(r.status, 415);
    assert.equal(r.body.error?.code, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('[A-CREATE-1] a body over the HTTP limit → 413 PAYLOAD_TOO_LARGE', async () => {
    const r = await call(h.url, '/api/secrets', { body: { encrypted_blob: 'A'.repeat(2_000_000), expiry: 60 } });
    assert.equal(r.status, 413);
    assert.equal(r.body.error?.code, 'PAYLOAD_TOO_LARGE');
  });

  it('[A-IDEM-1] a malformed Idempotency-Key → 400 INVALID_IDEMPOTENCY_KEY', async () => {
    for (const bad of ['has space', 'x'.repeat(65), 'ünï', 'a_b']) {
      const r = await create(h, {}, { headers: { 'idempotency-key': bad } });
      assert.equal(r.body.error?.code, 'INVALID_IDEMPOTENCY_KEY', bad);
      assert.equal(r.status, 400);
    }
  });

  it('[A-CREATE-2] null optional fields count as absent; unknown members are ignored', async () => {
    const r = await create(h, { hint: null, callback_url: null, callback_secret: null, split_url_mode: null, future_field: 1 });
    assert.equal(r.status, 201, r.text);
  });

  it('[A-CREATE-2] legacy expiry_hours is accepted and converted', async () => {
    const r = await call(h.url, '/api/secrets', { body: { encrypted_blob: await blob(), expiry_hours: 24 }, key });
    assert.equal(r.status, 201, r.text);
    assert.equal(Date.parse(r.body.expires_at as string) - h.now(), 24 * 3_600_000);
  });
});
