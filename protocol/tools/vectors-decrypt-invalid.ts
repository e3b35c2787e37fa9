// Negative decrypt vectors: one failure each, naming the error class and code it must raise.
import { encodeBase64Url } from '../../packages/zephr/src/protocol/index.js';
import { detBytes, type NegativeVector, seal, sealRaw } from './vector-support.js';

const b64 = encodeBase64Url;
const utf8 = (s: string) => new TextEncoder().encode(s);
const wrap = (json: string) => b64(utf8(json));

function flipByte(bytes: Uint8Array, index: number): Uint8Array {
  const out = new Uint8Array(bytes);
  const i = index < 0 ? out.length + index : index;
  out[i] = out[i]! ^ 0x01;
  return out;
}

/** Makes a blob's final character non-canonical by setting a trailing bit. Needs length % 4 != 0. */
function setTrailingBit(text: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(text[text.length - 1]!);
  if (text.length % 4 === 0) throw new Error('no trailing bits to set');
  return text.slice(0, -1) + alphabet[last | 1];
}

export async function decryptInvalidVectors(): Promise<NegativeVector[]> {
  const key = Uint8Array.from({ length: 32 }, (_, i) => i);
  const ref = await seal('hello zephr', key, Uint8Array.from({ length: 12 }, (_, i) => 0xa0 + i));
  const ivB64 = b64(ref.iv);
  const ctB64 = b64(ref.ciphertext);
  const json = (iv: string, ct: string) => wrap(`{"iv":"${iv}","ciphertext":"${ct}"}`);

  // Deterministic search for a sealed blob whose ciphertext encoding contains '-' or '_' and has
  // trailing bits, so the inner alphabet and canonical cases are real. (The outer blob encodes
  // ASCII JSON without '>' or '?', so it can never contain '-' or '_' itself.)
  let special = ref;
  for (let i = 0; ; i++) {
    if (i > 10_000) throw new Error('no alphabet probe found');
    // Vary the length too: with a fixed length the encodings' lengths mod 4 never change.
    special = await seal(`alphabet probe ${'.'.repeat(i % 5)}${i}`, key, detBytes(`alphabet/${i}`, 12));
    const ct = b64(special.ciphertext);
    if (/[-_]/.test(ct) && ct.length % 4 !== 0) break;
  }
  const specialIv = b64(special.iv);
  const specialCt = b64(special.ciphertext);
  const keyString = ref.keyString;
  const wrongKey = 'v1.' + b64(detBytes('wrong-key', 32));
  const notUtf8 = sealRaw(new Uint8Array([0x68, 0x69, 0xff, 0xfe, 0x80]), key, ref.iv);

  const v = (name: string, description: string, flags: string[], spec: string[], blob: string, error: NegativeVector['expect']['error'], code: string, k = keyString): NegativeVector => ({
    name, description, flags, spec, operation: 'decrypt', input: { blob, key: k }, expect: { error, code },
  });
  const specialKey = special.keyString;
  return [
    v('modified-tag', 'Last byte of the tag flipped.', ['ModifiedTag'], ['P-CRYPTO-5'], json(ivB64, b64(flipByte(ref.ciphertext, -1))), 'EncryptionError', 'DECRYPTION_FAILED'),
    v('modified-ciphertext', 'First ciphertext byte flipped.', ['ModifiedCiphertext'], ['P-CRYPTO-5'], json(ivB64, b64(flipByte(ref.ciphertext, 0))), 'EncryptionError', 'DECRYPTION_FAILED'),
    v('modified-iv', 'First IV byte flipped.', ['ModifiedIv'], ['P-CRYPTO-5'], json(b64(flipByte(ref.iv, 0)), ctB64), 'EncryptionError', 'DECRYPTION_FAILED'),
    v('truncated-ciphertext', 'Last byte removed: still 26 bytes, so it fails authentication, not the length check.', ['TruncatedCiphertext'], ['P-CRYPTO-5'], json(ivB64, b64(ref.ciphertext.subarray(0, -1))), 'EncryptionError', 'DECRYPTION_FAILED'),
    v('ciphertext-16-bytes', 'Only a tag\'s worth of bytes: below the 17-byte minimum.', ['ShortCiphertext'], ['P-BLOB-4'], json(ivB64, b64(ref.ciphertext.subarray(0, 16))), 'ValidationError', 'INVALID_CIPHERTEXT'),
    v('ciphertext-empty', 'Empty ciphertext member.', ['ShortCiphertext'], ['P-BLOB-4'], json(ivB64, ''), 'ValidationError', 'INVALID_CIPHERTEXT'),
    v('iv-11-bytes', 'IV one byte short.', ['WrongIvLength'], ['P-BLOB-3'], json(b64(ref.iv.subarray(0, 11)), ctB64), 'ValidationError', 'INVALID_IV'),
    v('iv-16-bytes', 'A 16-byte IV (as some other AES modes use).', ['WrongIvLength'], ['P-BLOB-3'], json(b64(new Uint8Array(16).fill(0xa0)), ctB64), 'ValidationError', 'INVALID_IV'),
    v('blob-padded', 'Outer blob with = padding appended.', ['PaddedBase64'], ['P-B64-1'], ref.blob + '=', 'ValidationError', 'INVALID_BASE64URL'),
    v('blob-standard-alphabet-character', 'Outer blob with a + in it: rejected as encoding, before any JSON parsing.', ['StandardAlphabet'], ['P-B64-1'], ref.blob.slice(0, 20) + '+' + ref.blob.slice(21), 'ValidationError', 'INVALID_BASE64URL'),
    v('blob-non-canonical', 'Outer blob whose last character has a trailing bit set (decodes to the same bytes under a lax decoder).', ['NonCanonicalBase64'], ['P-B64-3'], setTrailingBit(ref.blob), 'ValidationError', 'INVALID_BASE64URL'),
    v('blob-impossible-length', 'Outer blob with characters appended until length % 4 == 1, which can encode nothing.', ['InvalidLength'], ['P-B64-2'], ref.blob + 'A'.repeat((5 - (ref.blob.length % 4)) % 4), 'ValidationError', 'INVALID_BASE64URL'),
    v('blob-whitespace', 'Outer blob with a line break inside.', ['Whitespace'], ['P-B64-1'], ref.blob.slice(0, 40) + '\n' + ref.blob.slice(40), 'ValidationError', 'INVALID_BASE64URL'),
    v('iv-standard-alphabet', 'iv member written in the standard alphabet.', ['StandardAlphabet'], ['P-B64-1', 'P-BLOB-1'], json(b64(new Uint8Array([0xfb, 0xff, 0xbf, 0xfb, 0xff, 0xbf, 0, 1, 2, 3, 4, 5])).replaceAll('-', '+').replaceAll('_', '/'), ctB64), 'ValidationError', 'INVALID_BASE64URL'),
    v('iv-padded', 'iv member with padding.', ['PaddedBase64'], ['P-B64-1', 'P-BLOB-1'], json(ivB64 + '==', ctB64), 'ValidationError', 'INVALID_BASE64URL'),
    v('ciphertext-non-canonical', 'ciphertext member whose last character has a trailing bit set.', ['NonCanonicalBase64'], ['P-B64-3', 'P-BLOB-1'], json(specialIv, setTrailingBit(specialCt)), 'ValidationError', 'INVALID_BASE64URL', specialKey),
    v('blob-not-json', 'Outer blob decodes to text that is not JSON.', ['NotJson'], ['P-BLOB-5'], wrap('iv=oKGio6Slpqeoqaqr;ciphertext=x'), 'ValidationError', 'INVALID_BLOB'),
    v('blob-not-utf8', 'Outer blob decodes to bytes that are not UTF-8.', ['NotUtf8'], ['P-BLOB-5'], b64(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), 'ValidationError', 'INVALID_BLOB'),
    v('blob-empty', 'Empty blob string.', ['NotJson'], ['P-BLOB-5'], '', 'ValidationError', 'INVALID_BLOB'),
    v('blob-json-array', 'Blob JSON is an array of the two values.', ['WrongJsonType'], ['P-BLOB-5'], wrap(`["${ivB64}","${ctB64}"]`), 'ValidationError', 'INVALID_BLOB'),
    v('blob-json-string', 'Blob JSON is a bare string.', ['WrongJsonType'], ['P-BLOB-5'], wrap(`"${ctB64}"`), 'ValidationError', 'INVALID_BLOB'),
    v('blob-missing-iv', 'No iv member.', ['MissingMember'], ['P-BLOB-5'], wrap(`{"ciphertext":"${ctB64}"}`), 'ValidationError', 'INVALID_BLOB'),
    v('blob-missing-ciphertext', 'No ciphertext member.', ['MissingMember'], ['P-BLOB-5'], wrap(`{"iv":"${ivB64}"}`), 'ValidationError', 'INVALID_BLOB'),
    v('blob-extra-member', 'A separate tag member besides iv and ciphertext.', ['ExtraMember'], ['P-BLOB-5'], wrap(`{"iv":"${ivB64}","ciphertext":"${ctB64}","tag":"AAAAAAAAAAAAAAAAAAAAAA"}`), 'ValidationError', 'INVALID_BLOB'),
    v('blob-iv-number', 'iv member is a number.', ['WrongMemberType'], ['P-BLOB-5'], wrap(`{"iv":12,"ciphertext":"${ctB64}"}`), 'ValidationError', 'INVALID_BLOB'),
    v('blob-ciphertext-null', 'ciphertext member is null.', ['WrongMemberType'], ['P-BLOB-5'], wrap(`{"iv":"${ivB64}","ciphertext":null}`), 'ValidationError', 'INVALID_BLOB'),
    v('wrong-key', 'A valid key that is not the one the blob was sealed with.', ['WrongKey'], ['P-CRYPTO-5'], ref.blob, 'EncryptionError', 'DECRYPTION_FAILED', wrongKey),
    v('plaintext-not-utf8', 'Authenticates, but the plaintext bytes (68 69 ff fe 80) are not UTF-8.', ['InvalidUtf8Plaintext'], ['P-CRYPTO-6'], json(ivB64, b64(notUtf8)), 'EncryptionError', 'INVALID_PLAINTEXT'),
    v('bad-key-with-valid-blob', 'A well-formed blob with a malformed key: the key check fails before any decryption.', ['WrongVersion'], ['P-KEY-2'], ref.blob, 'ValidationError', 'INVALID_KEY', 'v2.' + keyString.slice(3)),
  ];
}
