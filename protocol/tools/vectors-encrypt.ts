// Positive encryption vectors: every intermediate value from key bytes to both link forms.
import { blobLength, buildLink, buildSecretUrl, encodeBase64Url } from '../../packages/zephr/src/protocol/index.js';
import { maxPlaintextBytes } from '../../packages/zephr/src/protocol/sizes.js';
import { detBytes, fromHex, hex, seal } from './vector-support.js';

export const ORIGIN = 'https://zephr.example';

interface Case {
  name: string;
  description: string;
  spec: string[];
  plaintext: string;
  key?: Uint8Array;
  iv?: Uint8Array;
  id?: Uint8Array;
}

const range = (start: number, n: number) => Uint8Array.from({ length: n }, (_, i) => start + i);

/** Fills exactly `bytes` UTF-8 bytes by repeating `unit` (whose length in bytes must divide evenly). */
function fill(unit: string, bytes: number): string {
  const unitBytes = new TextEncoder().encode(unit).length;
  if (bytes % unitBytes !== 0) throw new Error(`${bytes} is not a multiple of ${unitBytes}`);
  return unit.repeat(bytes / unitBytes);
}

function cases(): Case[] {
  const anonMax = maxPlaintextBytes(6144);
  const freeMax = maxPlaintextBytes(20480);
  return [
    {
      name: 'reference-hello-zephr',
      description: 'The vector published in the reference document, checked with Web Crypto and Python cryptography.',
      spec: ['P-CRYPTO-1', 'P-CRYPTO-2', 'P-CRYPTO-3', 'P-BLOB-1', 'P-BLOB-2', 'P-KEY-1', 'P-LINK-1', 'P-LINK-2'],
      plaintext: 'hello zephr',
      key: range(0x00, 32),
      iv: range(0xa0, 12),
      id: range(0x10, 16),
    },
    { name: 'single-byte', description: 'Smallest storable plaintext: 1 byte gives the 17-byte minimum ciphertext.', spec: ['P-CRYPTO-3', 'P-BLOB-4'], plaintext: 'x' },
    {
      name: 'multibyte-utf8',
      description: 'Two-, three- and four-byte UTF-8 sequences, a ZWJ emoji sequence and a variation selector, encrypted as given.',
      spec: ['P-CRYPTO-4'],
      plaintext: 'pässwörd — 密码 — パスワード — 🔑🗝️ — 👩‍💻 — Ω≈ç√∫',
    },
    {
      name: 'whitespace-only',
      description: 'Empty after trimming, but not empty: the protocol never trims or normalises (SDKs may refuse an empty secret, never a blank one).',
      spec: ['P-CRYPTO-4'],
      plaintext: ' \t\r\n ',
    },
    { name: 'leading-bom', description: 'A leading U+FEFF is part of the secret and survives decryption.', spec: ['P-CRYPTO-4', 'P-CRYPTO-6'], plaintext: '\uFEFFbom-prefixed' },
    { name: 'control-characters', description: 'NUL and other control characters are ordinary bytes.', spec: ['P-CRYPTO-4'], plaintext: 'a\u0000b\u0007c\u001bd\u007f' },
    { name: 'trailing-newline', description: 'A trailing newline is part of the secret at the protocol level (the CLI strips one from stdin, not the protocol).', spec: ['P-CRYPTO-4'], plaintext: 'sk-live-abc123\n' },
    {
      name: 'ascii-2048-bytes',
      description: 'The documented 2,048-byte secret gives a 3,724-character blob.',
      spec: ['P-SIZE-1'],
      plaintext: fill('0123456789abcdef', 2048),
    },
    { name: 'emoji-2048-bytes', description: '512 four-byte code points: 2,048 bytes but 1,024 UTF-16 units.', spec: ['P-CRYPTO-4', 'P-SIZE-1'], plaintext: fill('🔑', 2048) },
    {
      name: 'anonymous-ceiling-max',
      description: `The largest plaintext (${anonMax} bytes) whose blob fits the anonymous 6,144-character ceiling.`,
      spec: ['P-SIZE-1', 'P-SIZE-2'],
      plaintext: 'A'.repeat(anonMax),
    },
    {
      name: 'free-ceiling-max',
      description: `The largest plaintext (${freeMax} bytes) whose blob fits the Free 20,480-character ceiling.`,
      spec: ['P-SIZE-1', 'P-SIZE-2'],
      plaintext: 'Zz'.repeat(Math.floor(freeMax / 2)) + (freeMax % 2 ? 'Z' : ''),
    },
  ];
}

export async function encryptVectors(): Promise<object[]> {
  const out: object[] = [];
  for (const c of cases()) {
    const key = c.key ?? detBytes(`${c.name}/key`, 32);
    const iv = c.iv ?? detBytes(`${c.name}/iv`, 12);
    const idBytes = c.id ?? detBytes(`${c.name}/id`, 16);
    const s = await seal(c.plaintext, key, iv);
    const id = encodeBase64Url(idBytes);
    const plaintextBytes = new TextEncoder().encode(c.plaintext);
    if (s.blob.length !== blobLength(plaintextBytes.length)) throw new Error(`${c.name}: blobLength formula disagrees`);
    out.push({
      name: c.name,
      description: c.description,
      spec: c.spec,
      key_hex: hex(key),
      iv_hex: hex(iv),
      plaintext: c.plaintext,
      plaintext_hex: hex(plaintextBytes),
      plaintext_bytes: plaintextBytes.length,
      ciphertext_hex: hex(s.ciphertext),
      tag_hex: hex(s.ciphertext.subarray(s.ciphertext.length - 16)),
      blob_json: s.blobJson,
      blob: s.blob,
      blob_length: s.blob.length,
      key_string: s.keyString,
      secret_id_hex: hex(idBytes),
      secret_id: id,
      origin: ORIGIN,
      link: buildLink(ORIGIN, id, s.keyString),
      split: { url: buildSecretUrl(ORIGIN, id), key: s.keyString },
    });
  }
  checkReference(out[0] as Record<string, string>);
  return out;
}

// The reference document's published values; generation fails if our code ever disagrees.
function checkReference(v: Record<string, string>): void {
  const expected: Record<string, string> = {
    key_string: 'v1.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8',
    ciphertext_hex: '8e7d10412aeb78da120df5e9dee63507d644bb387c20604664c389',
    blob_json: '{"iv":"oKGio6Slpqeoqaqr","ciphertext":"jn0QQSrreNoSDfXp3uY1B9ZEuzh8IGBGZMOJ"}',
    blob: 'eyJpdiI6Im9LR2lvNlNscHFlb3FhcXIiLCJjaXBoZXJ0ZXh0Ijoiam4wUVFTcnJlTm9TRGZYcDN1WTFCOVpFdXpoOElHQkdaTU9KIn0',
  };
  for (const [field, value] of Object.entries(expected)) {
    if (v[field] !== value) throw new Error(`reference vector: ${field} is ${v[field]}, the reference says ${value}`);
  }
  if (hex(fromHex(v.iv_hex!)) !== 'a0a1a2a3a4a5a6a7a8a9aaab') throw new Error('reference IV');
}
