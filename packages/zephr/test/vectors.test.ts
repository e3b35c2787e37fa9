// Runs every vector in protocol/vectors/v1 against the JS protocol core, once on each set of
// primitives it can run on (Web Crypto, as the SDK and browser use; node:crypto, as the CLI
// uses). Test names cite the spec ids each vector carries.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  blobJson, blobLength, buildLink, CLAIM_PATTERN, claimForKey, buildSecretUrl, decodeBase64Url, decodeBlob, decryptSecret, encodeBase64Url,
  encryptSecret, formatKey, maxPlaintextBytes, parseKey, parseLink, parseSplitLink, ZephrError,
  buildRequestLink, createRequestKeys, decodeRequestBlob, openRequestBlob, parseRequestLink, requestBlobLength, requestClaim, requestPublicKey, sealForRequest,
} from '../src/index.js';
import { nodePrimitives } from '../src/cli/node-primitives.js';
import { type Primitives, usePrimitives, webCryptoPrimitives } from '../src/protocol/primitives.js';
import { testOnlyUseRandomSource } from '../src/protocol/random.js';
import { fromHex, hex, type NegativeVector, readVectors, runNegative } from './support/vectors.js';

interface EncryptVector {
  name: string; spec: string[]; key_hex: string; iv_hex: string; plaintext: string; plaintext_hex: string; plaintext_bytes: number;
  ciphertext_hex: string; tag_hex: string; blob_json: string; blob: string; blob_length: number; key_string: string;
  secret_id_hex: string; secret_id: string; origin: string; link: string; split: { url: string; key: string };
}
interface ParseOk { name: string; spec: string[]; expect: { origin: string; id: string; key: string } }

const cite = (spec: string[]) => spec.map((s) => `[${s}]`).join('');
const utf8 = new TextEncoder();

function assertNamedFailure(error: unknown, v: NegativeVector): void {
  assert.ok(error instanceof ZephrError, `${v.name}: expected a ZephrError, got ${String(error)}`);
  assert.equal(error.constructor.name, v.expect.error, `${v.name}: error class`);
  assert.equal(error.name, v.expect.error, `${v.name}: error name`);
  assert.equal(error.code, v.expect.code, `${v.name}: error code (${error.message})`);
}

function vectorSuites(): void {
  describe('encrypt.json', () => {
    for (const v of readVectors<{ vectors: EncryptVector[] }>('encrypt.json').vectors) {
      it(`${cite(v.spec)} ${v.name}: encryption through the random seam reproduces every value`, async () => {
        const queue = [fromHex(v.key_hex), fromHex(v.iv_hex)];
        testOnlyUseRandomSource(() => queue.shift()!);
        try {
          const sealed = await encryptSecret(v.plaintext);
          assert.equal(sealed.key, v.key_string);
          assert.equal(sealed.blob, v.blob);
        } finally {
          testOnlyUseRandomSource(null);
        }
      });
      it(`${cite(v.spec)} ${v.name}: intermediates are consistent`, () => {
        assert.equal(hex(utf8.encode(v.plaintext)), v.plaintext_hex);
        assert.equal(v.plaintext_bytes, v.plaintext_hex.length / 2);
        const parts = decodeBlob(v.blob);
        assert.equal(hex(parts.iv), v.iv_hex);
        assert.equal(hex(parts.ciphertext), v.ciphertext_hex);
        assert.equal(v.ciphertext_hex.length / 2, v.plaintext_bytes + 16);
        assert.equal(v.ciphertext_hex.slice(-32), v.tag_hex);
        assert.equal(blobJson(parts), v.blob_json);
        assert.equal(new TextDecoder().decode(decodeBase64Url(v.blob)), v.blob_json);
        assert.equal(formatKey(fromHex(v.key_hex)), v.key_string);
        assert.equal(v.blob.length, v.blob_length);
        assert.equal(blobLength(v.plaintext_bytes), v.blob_length);
      });
      it(`${cite(v.spec)} ${v.name}: decrypts to the plaintext`, async () => {
        assert.equal(await decryptSecret(v.blob, v.key_string), v.plaintext);
      });
      it(`[P-LINK-1][P-LINK-2][P-ID-1] ${v.name}: links build and parse`, () => {
        assert.equal(encodeBase64Url(fromHex(v.secret_id_hex)), v.secret_id);
        assert.equal(buildLink(v.origin, v.secret_id, v.key_string), v.link);
        assert.equal(buildSecretUrl(v.origin, v.secret_id), v.split.url);
        assert.equal(v.split.key, v.key_string);
        const expected = { origin: v.origin, id: v.secret_id, key: v.key_string };
        assert.deepEqual(parseLink(v.link), expected);
        assert.deepEqual(parseSplitLink(v.split), expected);
      });
    }
  });

  describe('decrypt-invalid.json', () => {
    for (const v of readVectors<{ vectors: NegativeVector[] }>('decrypt-invalid.json').vectors) {
      it(`${cite(v.spec)} ${v.name} → ${v.expect.error} ${v.expect.code} (${v.flags.join(', ')})`, async () => {
        assertNamedFailure(await runNegative(v), v);
      });
    }
  });

  describe('keys.json', () => {
    const file = readVectors<{ valid: { name: string; spec: string[]; key: string; key_hex: string }[]; invalid: NegativeVector[] }>('keys.json');
    for (const v of file.valid) {
      it(`${cite(v.spec)} ${v.name}: parses and formats`, () => {
        assert.equal(hex(parseKey(v.key)), v.key_hex);
        assert.equal(formatKey(fromHex(v.key_hex)), v.key);
      });
    }
    for (const v of file.invalid) {
      it(`${cite(v.spec)} ${v.name} → ${v.expect.code} (${v.flags.join(', ')})`, async () => assertNamedFailure(await runNegative(v), v));
    }
  });

  describe('links.json', () => {
    const file = readVectors<{
      valid: (ParseOk & { link: string })[]; split_valid: (ParseOk & { url: string; key: string })[];
      invalid: NegativeVector[]; split_invalid: NegativeVector[];
    }>('links.json');
    for (const v of file.valid) it(`${cite(v.spec)} ${v.name}: parses`, () => assert.deepEqual(parseLink(v.link), v.expect));
    for (const v of file.split_valid) it(`${cite(v.spec)} ${v.name}: parses`, () => assert.deepEqual(parseSplitLink(v), v.expect));
    for (const v of [...file.invalid, ...file.split_invalid]) {
      it(`${cite(v.spec)} ${v.name} → ${v.expect.code} (${v.flags.join(', ')})`, async () => assertNamedFailure(await runNegative(v), v));
    }
  });

  describe('base64url.json', () => {
    const file = readVectors<{ valid: { name: string; spec: string[]; bytes_hex: string; text: string }[]; invalid: NegativeVector[] }>('base64url.json');
    for (const v of file.valid) {
      it(`${cite(v.spec)} ${v.name}: round trip`, () => {
        assert.equal(encodeBase64Url(fromHex(v.bytes_hex)), v.text);
        assert.equal(hex(decodeBase64Url(v.text)), v.bytes_hex);
      });
    }
    for (const v of file.invalid) {
      it(`${cite(v.spec)} ${v.name} → ${v.expect.code}`, async () => assertNamedFailure(await runNegative(v), v));
    }
  });

  describe('sizes.json', () => {
    const file = readVectors<{ blob_length: { plaintext_bytes: number; blob_length: number }[]; max_plaintext: { blob_limit: number; max_plaintext_bytes: number }[] }>('sizes.json');
    it('[P-SIZE-1] blob length for each plaintext size', () => {
      for (const v of file.blob_length) assert.equal(blobLength(v.plaintext_bytes), v.blob_length, `n=${v.plaintext_bytes}`);
    });
    it('[P-SIZE-2] largest plaintext under each ceiling', () => {
      for (const v of file.max_plaintext) {
        assert.equal(maxPlaintextBytes(v.blob_limit), v.max_plaintext_bytes, `limit=${v.blob_limit}`);
        assert.ok(blobLength(v.max_plaintext_bytes) <= v.blob_limit);
        assert.ok(blobLength(v.max_plaintext_bytes + 1) > v.blob_limit);
      }
    });
  });

  describe('claims.json', () => {
    const file = readVectors<{ valid: { name: string; spec: string[]; key_string: string; key_hex: string; token_hex: string; token: string; claim_hash_hex: string; claim_hash: string }[]; invalid: { name: string; spec: string[]; token: string }[] }>('claims.json');
    for (const v of file.valid) {
      it(`${cite(v.spec)} ${v.name}: key → token → claim hash`, async () => {
        assert.equal(hex(parseKey(v.key_string)), v.key_hex);
        assert.deepEqual(await claimForKey(v.key_string), { token: v.token, hash: v.claim_hash });
        assert.equal(hex(decodeBase64Url(v.token)), v.token_hex);
        assert.equal(hex(decodeBase64Url(v.claim_hash)), v.claim_hash_hex);
        assert.match(v.token, new RegExp(CLAIM_PATTERN));
      });
    }
    for (const v of file.invalid) {
      it(`${cite(v.spec)} ${v.name}: not a claim`, () => assert.doesNotMatch(v.token, new RegExp(CLAIM_PATTERN)));
    }
  });
}

interface RequestVector {
  name: string; spec: string[]; requester_d_hex: string; requester_public_hex: string; request_key: string; request_private_key: string;
  ephemeral_e_hex: string; ephemeral_public_hex: string; iv_hex: string; plaintext: string; ciphertext_hex: string; blob_json: string; blob: string;
  blob_length: number; claim_token: string; claim_hash: string; request_id: string; origin: string; link: string;
}

function requestSuites(): void {
  describe('requests.json', () => {
    const file = readVectors<{ valid: RequestVector[]; invalid: NegativeVector[] }>('requests.json');
    for (const v of file.valid) {
      it(`${cite(v.spec)} ${v.name}: d, then e and the IV through the random seam reproduce the keys and the blob`, async () => {
        const queue = [fromHex(v.requester_d_hex), fromHex(v.ephemeral_e_hex), fromHex(v.iv_hex)];
        testOnlyUseRandomSource(() => queue.shift()!);
        try {
          const keys = await createRequestKeys();
          assert.deepEqual(keys, { privateKey: v.request_private_key, publicKey: v.request_key });
          assert.equal(await sealForRequest(v.plaintext, keys.publicKey), v.blob);
          assert.equal(queue.length, 0);
        } finally {
          testOnlyUseRandomSource(null);
        }
      });
      it(`${cite(v.spec)} ${v.name}: intermediates, link, claim, and the requester opens it`, async () => {
        const parts = decodeRequestBlob(v.blob);
        assert.equal(hex(parts.epk), v.ephemeral_public_hex);
        assert.equal(hex(parts.iv), v.iv_hex);
        assert.equal(hex(parts.ciphertext), v.ciphertext_hex);
        assert.equal(new TextDecoder().decode(decodeBase64Url(v.blob)), v.blob_json);
        assert.equal(v.blob.length, v.blob_length);
        assert.equal(requestBlobLength(utf8.encode(v.plaintext).length), v.blob_length);
        assert.equal(`r1.${encodeBase64Url(fromHex(v.requester_public_hex))}`, v.request_key);
        assert.equal(await requestPublicKey(v.request_private_key), v.request_key);
        assert.deepEqual(await requestClaim(v.request_private_key), { token: v.claim_token, hash: v.claim_hash });
        assert.equal(buildRequestLink(v.origin, v.request_id, v.request_key), v.link);
        assert.deepEqual(parseRequestLink(v.link), { origin: v.origin, id: v.request_id, publicKey: v.request_key });
        assert.equal(await openRequestBlob(v.blob, v.request_private_key), v.plaintext);
      });
    }
    it('[P-REQ-1][P-REQ-5] fresh keys and a fresh ephemeral key each time: two seals of one secret differ and both open', async () => {
      const keys = await createRequestKeys();
      const [a, b] = [await sealForRequest('same', keys.publicKey), await sealForRequest('same', keys.publicKey)];
      assert.notEqual(a, b);
      assert.notEqual(decodeRequestBlob(a).epk.join(), decodeRequestBlob(b).epk.join());
      assert.equal(await openRequestBlob(a, keys.privateKey), 'same');
      assert.equal(await openRequestBlob(b, keys.privateKey), 'same');
    });
    for (const v of file.invalid) {
      it(`${cite(v.spec)} ${v.name} → ${v.expect.error} ${v.expect.code} (${v.flags.join(', ')})`, async () => assertNamedFailure(await runNegative(v), v));
    }
  });
}

const BACKENDS: [string, Primitives][] = [['Web Crypto', webCryptoPrimitives], ['node:crypto', nodePrimitives]];
for (const [name, backend] of BACKENDS) {
  describe(`on ${name}`, () => {
    before(() => usePrimitives(backend));
    after(() => usePrimitives(webCryptoPrimitives));
    vectorSuites();
    requestSuites();
  });
}
