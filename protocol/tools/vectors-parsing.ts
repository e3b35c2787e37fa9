// Key, link, base64url and size vectors: positive cases with expected values, negative cases
// naming their error.
import { blobLength, encodeBase64Url, maxPlaintextBytes } from '../../packages/zephr/src/protocol/index.js';
import { detBytes, hex, type NegativeVector } from './vector-support.js';

const KEY = 'v1.' + encodeBase64Url(Uint8Array.from({ length: 32 }, (_, i) => i));
const ID = encodeBase64Url(Uint8Array.from({ length: 16 }, (_, i) => 0x10 + i));

type Expect = NegativeVector['expect'];
const badKey = (name: string, description: string, flags: string[], key: string): NegativeVector => ({
  name, description, flags, spec: ['P-KEY-2'], operation: 'parse_key', input: { key }, expect: { error: 'ValidationError', code: 'INVALID_KEY' },
});
const badLink = (name: string, description: string, flags: string[], link: string, expect: Expect = { error: 'ValidationError', code: 'INVALID_LINK' }, spec = ['P-LINK-3']): NegativeVector => ({
  name, description, flags, spec, operation: 'parse_link', input: { link }, expect,
});

export function keyVectors(): object {
  const body = KEY.slice(3);
  const alphabetKey = 'v1.' + encodeBase64Url(new Uint8Array(32).fill(0xfb)); // contains '-' and '_'
  const last = body[body.length - 1]!; // 43 chars = 258 bits: the final char's low 2 bits must be 0
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const nonCanonical = 'v1.' + body.slice(0, -1) + alphabet[alphabet.indexOf(last) | 1];
  return {
    valid: [
      { name: 'sequential-bytes', spec: ['P-KEY-1'], key: KEY, key_hex: hex(Uint8Array.from({ length: 32 }, (_, i) => i)) },
      { name: 'url-safe-characters', spec: ['P-KEY-1', 'P-B64-1'], key: alphabetKey, key_hex: hex(new Uint8Array(32).fill(0xfb)) },
      { name: 'random-looking', spec: ['P-KEY-1'], key: 'v1.' + encodeBase64Url(detBytes('key-vector', 32)), key_hex: hex(detBytes('key-vector', 32)) },
    ],
    invalid: [
      badKey('wrong-version', 'Version v2 is not defined.', ['WrongVersion'], 'v2.' + body),
      badKey('uppercase-version', 'The prefix is case-sensitive.', ['WrongVersion'], 'V1.' + body),
      badKey('missing-version', 'Raw base64url key without the v1. prefix.', ['MissingVersion'], body),
      badKey('too-short', '42 characters after the prefix.', ['WrongLength'], KEY.slice(0, -1)),
      badKey('too-long', '44 characters after the prefix.', ['WrongLength'], KEY + 'A'),
      badKey('padded', 'Key with = padding.', ['PaddedBase64', 'WrongLength'], KEY + '='),
      badKey('standard-alphabet', 'Key written with + and /.', ['StandardAlphabet'], alphabetKey.replaceAll('-', '+').replaceAll('_', '/')),
      badKey('bad-character', 'A character outside the alphabet.', ['BadCharacter'], KEY.slice(0, 10) + '!' + KEY.slice(11)),
      badKey('non-canonical', 'Final character with trailing bits set.', ['NonCanonicalBase64'], nonCanonical),
      badKey('surrounding-whitespace', 'A pasted key with a trailing newline: the core is strict; interfaces may trim.', ['Whitespace'], KEY + '\n'),
      badKey('empty', 'Empty string.', ['WrongLength'], ''),
    ],
  };
}

export function linkVectors(): object {
  const ok = (name: string, link: string, origin: string, spec = ['P-LINK-1', 'P-LINK-3']) => ({ name, spec, link, expect: { origin, id: ID, key: KEY } });
  return {
    valid: [
      ok('standard', `https://zephr.example/secret/${ID}#${KEY}`, 'https://zephr.example'),
      ok('with-port', `http://127.0.0.1:8080/secret/${ID}#${KEY}`, 'http://127.0.0.1:8080'),
      ok('ipv6-host', `http://[::1]:8080/secret/${ID}#${KEY}`, 'http://[::1]:8080'),
      ok('trailing-slash', `https://zephr.example/secret/${ID}/#${KEY}`, 'https://zephr.example', ['P-LINK-4']),
      ok('query-string', `https://zephr.example/secret/${ID}?utm_source=chat#${KEY}`, 'https://zephr.example', ['P-LINK-4']),
      ok('default-port-and-case', `HTTPS://Zephr.Example:443/secret/${ID}#${KEY}`, 'https://zephr.example', ['P-LINK-5']),
      ok('non-canonical-id-accepted', `https://zephr.example/secret/Ht7kR2mNqP3wXvYz8aB4cD#${KEY}`, 'https://zephr.example', ['P-ID-2']),
    ].map((v) => (v.name === 'non-canonical-id-accepted' ? { ...v, expect: { ...v.expect, id: 'Ht7kR2mNqP3wXvYz8aB4cD' } } : v)),
    split_valid: [
      { name: 'split', spec: ['P-LINK-2'], url: `https://zephr.example/secret/${ID}`, key: KEY, expect: { origin: 'https://zephr.example', id: ID, key: KEY } },
      { name: 'split-trailing-slash', spec: ['P-LINK-2', 'P-LINK-4'], url: `https://zephr.example/secret/${ID}/`, key: KEY, expect: { origin: 'https://zephr.example', id: ID, key: KEY } },
    ],
    invalid: [
      badLink('no-fragment', 'A split-mode URL passed as a full link.', ['MissingFragment'], `https://zephr.example/secret/${ID}`),
      badLink('empty-fragment', 'A bare # with nothing after it.', ['MissingFragment'], `https://zephr.example/secret/${ID}#`),
      badLink('id-too-short', '21-character id.', ['MalformedId'], `https://zephr.example/secret/${ID.slice(0, 21)}#${KEY}`, undefined, ['P-LINK-3', 'P-ID-2']),
      badLink('id-too-long', '23-character id.', ['MalformedId'], `https://zephr.example/secret/${ID}A#${KEY}`, undefined, ['P-LINK-3', 'P-ID-2']),
      badLink('id-bad-character', 'Id with a dot.', ['MalformedId'], `https://zephr.example/secret/${ID.slice(0, 21)}.#${KEY}`, undefined, ['P-LINK-3', 'P-ID-2']),
      badLink('id-percent-encoded', 'Id with a percent-encoded character.', ['MalformedId'], `https://zephr.example/secret/${ID.slice(0, 19)}%2B#${KEY}`, undefined, ['P-LINK-3', 'P-ID-2']),
      badLink('api-path', 'The API path is not a share link.', ['WrongPath'], `https://zephr.example/api/secrets/${ID}#${KEY}`),
      badLink('nested-path', 'The id may sit only at the root path /secret/<id>.', ['NonRootPath'], `https://zephr.example/zephr/secret/${ID}#${KEY}`),
      badLink('extra-segment', 'A segment after the id.', ['WrongPath'], `https://zephr.example/secret/${ID}/extra#${KEY}`),
      badLink('ftp-scheme', 'Only http and https links.', ['WrongScheme'], `ftp://zephr.example/secret/${ID}#${KEY}`),
      badLink('javascript-scheme', 'Script URLs are never links.', ['WrongScheme'], `javascript:alert(1)//secret/${ID}#${KEY}`),
      badLink('relative', 'A path without an origin.', ['NotAbsolute'], `/secret/${ID}#${KEY}`),
      badLink('not-a-url', 'Plain text.', ['NotAbsolute'], 'hello zephr'),
      badLink('credentials', 'User info in the URL.', ['Credentials'], `https://user:pass@zephr.example/secret/${ID}#${KEY}`),
      badLink('fragment-wrong-version', 'Fragment with an unknown key version.', ['WrongVersion'], `https://zephr.example/secret/${ID}#v2.${KEY.slice(3)}`, { error: 'ValidationError', code: 'INVALID_KEY' }, ['P-LINK-3', 'P-KEY-2']),
      badLink('fragment-truncated-key', 'A key cut short, as a chat client wrapping might.', ['WrongLength'], `https://zephr.example/secret/${ID}#${KEY.slice(0, 30)}`, { error: 'ValidationError', code: 'INVALID_KEY' }, ['P-LINK-3', 'P-KEY-2']),
    ],
    split_invalid: [
      { name: 'split-url-with-fragment', description: 'The URL half must not carry a key.', flags: ['UnexpectedFragment'], spec: ['P-LINK-2'], operation: 'parse_split', input: { url: `https://zephr.example/secret/${ID}#${KEY}`, key: KEY }, expect: { error: 'ValidationError', code: 'INVALID_LINK' } },
      { name: 'split-bad-key', description: 'The key half is malformed.', flags: ['WrongLength'], spec: ['P-LINK-2', 'P-KEY-2'], operation: 'parse_split', input: { url: `https://zephr.example/secret/${ID}`, key: KEY.slice(0, -2) }, expect: { error: 'ValidationError', code: 'INVALID_KEY' } },
      { name: 'split-bad-id', description: 'The URL half has a malformed id.', flags: ['MalformedId'], spec: ['P-LINK-2', 'P-ID-2'], operation: 'parse_split', input: { url: `https://zephr.example/secret/abc`, key: KEY }, expect: { error: 'ValidationError', code: 'INVALID_LINK' } },
    ] satisfies NegativeVector[],
  };
}

export function base64UrlVectors(): object {
  const bytes = (n: number) => detBytes(`b64/${n}`, n);
  const bad = (name: string, text: string, flags: string[], spec: string[]): NegativeVector => ({
    name, description: flags.join(', '), flags, spec, operation: 'decode_base64url', input: { text }, expect: { error: 'ValidationError', code: 'INVALID_BASE64URL' },
  });
  return {
    valid: [0, 1, 2, 3, 4, 5, 16, 32].map((n) => ({ name: `bytes-${n}`, spec: ['P-B64-1'], bytes_hex: hex(bytes(n)), text: encodeBase64Url(bytes(n)) }))
      .concat([{ name: 'all-url-safe', spec: ['P-B64-1'], bytes_hex: 'fbffbf', text: '-_-_' }]),
    invalid: [
      bad('padding-one', 'AA=', ['PaddedBase64'], ['P-B64-1']),
      bad('padding-two', 'AA==', ['PaddedBase64'], ['P-B64-1']),
      bad('plus', '+/+/', ['StandardAlphabet'], ['P-B64-1']),
      bad('space', 'AA AA', ['Whitespace'], ['P-B64-1']),
      bad('length-mod-4-is-1', 'AAAAA', ['InvalidLength'], ['P-B64-2']),
      bad('non-canonical-2', 'AB', ['NonCanonicalBase64'], ['P-B64-3']),
      bad('non-canonical-3', 'AAB', ['NonCanonicalBase64'], ['P-B64-3']),
      bad('non-ascii', 'AAé', ['BadCharacter'], ['P-B64-1']),
    ],
  };
}

export function sizeVectors(): object {
  return {
    blob_length: [1, 2, 3, 11, 100, 1000, 2048, 3000, 6000, 100000].map((n) => ({ plaintext_bytes: n, blob_length: blobLength(n) })),
    max_plaintext: [100, 6144, 20480, 204800, 1048576].map((limit) => ({ blob_limit: limit, max_plaintext_bytes: maxPlaintextBytes(limit) })),
  };
}
