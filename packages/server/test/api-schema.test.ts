// The documented request body (/openapi.json) against the validator: a body is schema-valid
// exactly when the server accepts it, so generated clients and fuzzers agree with the server.
// The custom format of encrypted_blob is checked with the protocol core's own structural check.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { BLOB_FORMAT, BLOB_MIN_LENGTH, encodeBase64Url, isWellFormedBlob } from 'zephr';
import { blob, call, type Harness, newKey, startServer } from '@zephr/test-support';

const wrap = (json: string) => encodeBase64Url(new TextEncoder().encode(json));
const IV = 'oKGio6Slpqeoqaqr';

describe('the documented create body is exactly what the server accepts', () => {
  let h: Harness;
  let key: string;
  let validate: ValidateFunction;
  let valid: string;
  before(async () => {
    h = await startServer();
    key = await newKey(h.store, 'pro');
    valid = await blob();
    const document = (await call(h.url, '/openapi.json')).body as { paths: Record<string, Record<string, { requestBody: { content: Record<string, { schema: object }> } }>> };
    const ajv = new Ajv2020({ strict: false, allErrors: false });
    ajv.addFormat(BLOB_FORMAT, { type: 'string', validate: isWellFormedBlob });
    validate = ajv.compile(document.paths['/api/secrets']!.post!.requestBody.content['application/json']!.schema);
  });
  after(() => h.close());

  const shortest = wrap(`{"iv":"${IV}","ciphertext":"${'A'.repeat(22)}w"}`);
  const bodies: [string, Record<string, unknown>][] = [
    // The audit's example: schema-valid under the old document, refused by the server.
    ['the audit example (blob "0")', { encrypted_blob: '0', expiry: 5, split_url_mode: false, hint: '0' }],
    ['a real blob', { encrypted_blob: 'BLOB', expiry: 60 }],
    ['the shortest possible blob', { encrypted_blob: shortest, expiry: 60 }],
    ['a blob one character short of that', { encrypted_blob: shortest.slice(0, -1), expiry: 60 }],
    ['a blob with spaced JSON, members reversed', { encrypted_blob: wrap(`{ "ciphertext": "${'A'.repeat(24)}", "iv": "${IV}" }`), expiry: 60 }],
    ['a non-canonical blob tail', { encrypted_blob: wrap(`{"iv":"${IV}","ciphertext":"${'A'.repeat(24)}"}`).slice(0, -1) + 'B', expiry: 60 }],
    ['expiry_hours instead of expiry', { encrypted_blob: 'BLOB', expiry_hours: 24 }],
    ['both expiries', { encrypted_blob: 'BLOB', expiry: 60, expiry_hours: 1 }],
    ['expiry null, expiry_hours set', { encrypted_blob: 'BLOB', expiry: null, expiry_hours: 1 }],
    ['no expiry', { encrypted_blob: 'BLOB' }],
    ['expiry outside the set', { encrypted_blob: 'BLOB', expiry: 61 }],
    ['every optional field null', { encrypted_blob: 'BLOB', expiry: 60, hint: null, split_url_mode: null, callback_url: null, callback_secret: null }],
    ['an unknown member', { encrypted_blob: 'BLOB', expiry: 60, future_field: { nested: [1] } }],
    ['a claim hash', { encrypted_blob: 'BLOB', expiry: 60, claim_hash: 'tVkU4QKOObnPOoyas3D90rpSR9KYx-AHzXAqnrkuRp8' }],
    ['a claim hash null', { encrypted_blob: 'BLOB', expiry: 60, claim_hash: null }],
    ['a non-canonical claim hash', { encrypted_blob: 'BLOB', expiry: 60, claim_hash: 'tVkU4QKOObnPOoyas3D90rpSR9KYx-AHzXAqnrkuRp9' }],
    ['a claim hash one character short', { encrypted_blob: 'BLOB', expiry: 60, claim_hash: 'tVkU4QKOObnPOoyas3D90rpSR9KYx-AHzXAqnrkuRp' }],
    ['a claim hash as a number', { encrypted_blob: 'BLOB', expiry: 60, claim_hash: 7 }],
    ['a __proto__ member', JSON.parse('{"encrypted_blob":"BLOB","expiry":60,"__proto__":{"expiry":1}}') as Record<string, unknown>],
    ['a hint of 128 printable characters', { encrypted_blob: 'BLOB', expiry: 60, hint: '~'.repeat(128) }],
    ['a hint with a tab', { encrypted_blob: 'BLOB', expiry: 60, hint: 'a\tb' }],
    ['a callback without a secret', { encrypted_blob: 'BLOB', expiry: 60, callback_url: 'https://hooks.example.com/z' }],
    ['a callback secret without a URL', { encrypted_blob: 'BLOB', expiry: 60, callback_secret: 's' }],
    ['a callback secret with a null URL', { encrypted_blob: 'BLOB', expiry: 60, callback_url: null, callback_secret: 's' }],
    ...[
      'https://hooks.example.com/z', 'https://hooks.example.com', 'https://hooks.example.com:8443/a/b?c=d&e', 'https://203.0.113.9/x',
      'https://[2001:db8::1]:443/x', 'https://[::ffff:203.0.113.9]/x', 'https://a/x@y', 'https://hooks.example.com./z',
      'HTTPS://hooks.example.com/z', 'https:hooks.example.com/z', 'https://hooks.example.com/z#frag', 'https://u:p@hooks.example.com/z',
      'https://hooks.example.com/a b', 'https://hooks.example.com/\tz', 'https://hooks.example.com:0/z', 'https://hooks.example.com:65536/z',
      'https://1.2.3.999/z', 'https://xn--a.com/z', 'https://[1::2::3]/z', 'https://hooks.example.com/ü', 'http://hooks.example.com/z',
      'ftp://hooks.example.com/z', 'https://-a.example.com/z', `https://hooks.example.com/${'a'.repeat(2030)}`,
    ].map((url): [string, Record<string, unknown>] => [`callback_url ${JSON.stringify(url.slice(0, 60))}`, { encrypted_blob: 'BLOB', expiry: 60, callback_url: url, callback_secret: 's' }]),
  ];

  for (const [name, body] of bodies) {
    it(`[A-CREATE-1] ${name}`, async () => {
      const rawBody = JSON.stringify(body).replace('"BLOB"', JSON.stringify(valid));
      const documented = validate(JSON.parse(rawBody));
      const r = await call(h.url, '/api/secrets', { rawBody, headers: { 'content-type': 'application/json' }, key });
      assert.ok(r.status === 201 || r.status === 400, r.text);
      assert.equal(r.status === 201, documented, `schema says ${documented ? 'valid' : 'invalid'}, server answered ${r.status} ${r.text}`);
    });
  }

  it('[A-CREATE-1] the blob bound is the shortest blob that can decode', () => {
    assert.equal(shortest.length, BLOB_MIN_LENGTH);
    assert.ok(isWellFormedBlob(shortest));
  });
});
