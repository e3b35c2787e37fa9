// Properties of the protocol core that vectors cannot show: fresh randomness, non-extractable
// keys, zeroed buffers, validation order, and an isomorphic root.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import { build } from 'esbuild';
import {
  ApiError, buildLink, decodeBase64Url, decodeBlob, decryptSecret, EncryptionError, encryptSecret, generateSecretId,
  NetworkError, parseLink, ValidationError, ZephrError,
} from '../src/index.js';
import { testOnlyUseRandomSource } from '../src/protocol/random.js';
import { repoRoot } from './support/vectors.js';

describe('randomness and key handling', () => {
  it('[P-CRYPTO-2] every encryption draws a fresh 32-byte key and 12-byte IV', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { key, blob } = await encryptSecret('same plaintext');
      const { iv } = decodeBlob(blob);
      assert.equal(iv.length, 12);
      assert.equal(decodeBase64Url(key.slice(3)).length, 32);
      for (const value of [key, blob]) {
        assert.ok(!seen.has(value), 'a key or blob repeated');
        seen.add(value);
      }
    }
  });

  it('[P-CRYPTO-8] keys are imported non-extractable for encryption and decryption', async () => {
    const subtle = globalThis.crypto.subtle;
    const original = subtle.importKey;
    const calls: { extractable: boolean; usages: string[] }[] = [];
    subtle.importKey = function (this: SubtleCrypto, ...args: Parameters<SubtleCrypto['importKey']>) {
      calls.push({ extractable: args[3], usages: [...args[4]] });
      return original.apply(this, args as never);
    } as SubtleCrypto['importKey'];
    try {
      const { key, blob } = await encryptSecret('s3cret');
      assert.equal(await decryptSecret(blob, key), 's3cret');
    } finally {
      subtle.importKey = original;
    }
    assert.deepEqual(calls, [{ extractable: false, usages: ['encrypt'] }, { extractable: false, usages: ['decrypt'] }]);
  });

  it('[P-CRYPTO-8] the raw key bytes are zeroed after encryption', async () => {
    const keyBytes = new Uint8Array(32).fill(7);
    const queue = [keyBytes, new Uint8Array(12).fill(9)];
    testOnlyUseRandomSource(() => queue.shift()!);
    try {
      await encryptSecret('zero me');
    } finally {
      testOnlyUseRandomSource(null);
    }
    assert.deepEqual([...keyBytes], new Array(32).fill(0));
  });

  it('[P-KEY-3] the blob carries only the IV and ciphertext, never the key', async () => {
    const { key, blob } = await encryptSecret('hello');
    const json = JSON.parse(new TextDecoder().decode(decodeBase64Url(blob))) as Record<string, string>;
    assert.deepEqual(Object.keys(json), ['iv', 'ciphertext']);
    assert.ok(!blob.includes(key.slice(3)) && !JSON.stringify(json).includes(key.slice(3)));
  });

  it('[P-CRYPTO-7] a malformed key is reported before a malformed blob', async () => {
    await assert.rejects(decryptSecret('not a blob', 'v1.short'), (e: unknown) => e instanceof ValidationError && e.code === 'INVALID_KEY');
  });

  it('[P-CRYPTO-4] round trips text exactly, including lone CR, NUL and astral characters', async () => {
    for (const text of ['a\rb', '\u0000', '𝄞 music', 'e\u0301 vs \u00e9', ' padded ']) {
      const { key, blob } = await encryptSecret(text);
      assert.equal(await decryptSecret(blob, key), text);
    }
  });
});

describe('ids and links', () => {
  it('[P-ID-1] server ids are 22 canonical characters from 16 random bytes', () => {
    const ids = new Set(Array.from({ length: 200 }, () => generateSecretId()));
    assert.equal(ids.size, 200);
    for (const id of ids) {
      assert.match(id, /^[A-Za-z0-9_-]{21}[AQgw]$/);
      assert.equal(decodeBase64Url(id).length, 16);
    }
  });

  it('[P-LINK-7] links are built at the root of the origin, whatever path the base URL has', () => {
    const key = 'v1.' + 'A'.repeat(43);
    const link = buildLink('https://example.com/zephr/app/', 'AAAAAAAAAAAAAAAAAAAAAA', key);
    assert.equal(link, `https://example.com/secret/AAAAAAAAAAAAAAAAAAAAAA#${key}`);
    assert.equal(parseLink(link).origin, 'https://example.com');
  });

  it('[P-LINK-3] building a link refuses a malformed key or id', () => {
    assert.throws(() => buildLink('https://example.com', 'short', 'v1.' + 'A'.repeat(43)), (e: unknown) => e instanceof ValidationError && e.code === 'INVALID_LINK');
    assert.throws(() => buildLink('https://example.com', 'AAAAAAAAAAAAAAAAAAAAAA', 'v1.bad'), (e: unknown) => e instanceof ValidationError && e.code === 'INVALID_KEY');
  });
});

describe('errors', () => {
  it('every error class derives from ZephrError and carries name and code', () => {
    const errors = [new ValidationError('INVALID_KEY'), new EncryptionError('DECRYPTION_FAILED'), new NetworkError('TIMEOUT'), new ApiError(410, 'SECRET_EXPIRED', 'Secret has expired')];
    for (const e of errors) {
      assert.ok(e instanceof ZephrError && e instanceof Error);
      assert.equal(e.name, e.constructor.name);
      assert.ok(e.message.length > 0);
    }
    assert.equal((errors[3] as ApiError).statusCode, 410);
    assert.equal(errors[0]!.message, 'Key must be v1. followed by 43 base64url characters');
  });
});

describe('isomorphic root', () => {
  it('the package root bundles for the browser without any node: module', async () => {
    const result = await build({
      entryPoints: [join(repoRoot, 'packages', 'zephr', 'src', 'index.ts')],
      bundle: true, write: false, format: 'esm', platform: 'browser', metafile: true, logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.length > 5);
    assert.deepEqual(inputs.filter((p) => p.startsWith('node:') || p.includes('node_modules')), []);
    assert.ok(!result.outputFiles[0]!.text.includes('"node:'));
  });
});

describe('error table', () => {
  it('[E-5] every MISSING_* and INVALID_* wire code is a 400', async () => {
    const { WIRE_ERRORS } = await import('../src/index.js');
    const family = Object.entries(WIRE_ERRORS).filter(([code]) => /^(MISSING|INVALID)_/.test(code) && code !== 'INVALID_API_KEY');
    assert.ok(family.length > 15);
    for (const [code, e] of family) assert.equal(e.status, 400, code);
    assert.equal(WIRE_ERRORS.INVALID_API_KEY.status, 401, 'the one documented exception');
  });
});
