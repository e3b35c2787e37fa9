// Claim vectors (spec P-CLAIM-1..3): key → token → claim hash, derived through the SDK's own code
// and cross-checked at generation time with node:crypto's HKDF and SHA-256; and token strings a
// server must refuse as malformed (400 INVALID_CLAIM / INVALID_CLAIM_HASH).
import { createHash, hkdfSync } from 'node:crypto';
import { claimForKey, encodeBase64Url, formatKey } from '../../packages/zephr/src/protocol/index.js';
import { CLAIM_INFO, CLAIM_SALT, CLAIM_TOKEN_BYTES } from '../../packages/zephr/src/protocol/rules.js';
import { detBytes, hex } from './vector-support.js';

const KEYS: { name: string; description: string; key: Uint8Array }[] = [
  { name: 'claim-sequential-bytes', description: 'The key of the encrypt vectors (bytes 0x00..0x1f).', key: Uint8Array.from({ length: 32 }, (_, i) => i) },
  { name: 'claim-all-zero', description: 'A key of 32 zero bytes.', key: new Uint8Array(32) },
  { name: 'claim-all-ff', description: 'A key of 32 0xff bytes.', key: new Uint8Array(32).fill(0xff) },
  { name: 'claim-url-safe-characters', description: 'A key whose string holds - and _.', key: new Uint8Array(32).fill(0xfb) },
  { name: 'claim-random-looking-1', description: 'Deterministic pseudo-random key.', key: detBytes('claim-key-1', 32) },
  { name: 'claim-random-looking-2', description: 'Deterministic pseudo-random key.', key: detBytes('claim-key-2', 32) },
];

export async function claimVectors(): Promise<object> {
  const valid = [];
  for (const { name, description, key } of KEYS) {
    const keyString = formatKey(key);
    const claim = await claimForKey(keyString);
    const token = new Uint8Array(hkdfSync('sha256', key, Buffer.from(CLAIM_SALT, 'utf8'), Buffer.from(CLAIM_INFO, 'utf8'), CLAIM_TOKEN_BYTES));
    const hash = createHash('sha256').update(token).digest();
    if (claim.token !== encodeBase64Url(token) || claim.hash !== encodeBase64Url(hash)) throw new Error(`${name}: SDK claim differs from node:crypto`);
    valid.push({
      name, description, spec: ['P-CLAIM-1', 'P-CLAIM-2'],
      key_string: keyString, key_hex: hex(key), token_hex: hex(token), token: claim.token, claim_hash_hex: hex(hash), claim_hash: claim.hash,
    });
  }
  const good = valid[0]!.token;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const nonCanonical = good.slice(0, -1) + alphabet[alphabet.indexOf(good.at(-1)!) | 1];
  const bad = (name: string, description: string, token: string) => ({ name, description, spec: ['P-CLAIM-3'], token });
  return {
    kdf: { algorithm: 'HKDF-SHA256', salt_utf8: CLAIM_SALT, info_utf8: CLAIM_INFO, length: CLAIM_TOKEN_BYTES },
    valid,
    invalid: [
      bad('claim-too-short', '42 characters.', good.slice(0, -1)),
      bad('claim-too-long', '44 characters.', good + 'A'),
      bad('claim-padded', 'With = padding.', good + '='),
      bad('claim-non-canonical', 'Final character with trailing bits set.', nonCanonical),
      bad('claim-standard-alphabet', 'Written with + and / instead of - and _.', encodeBase64Url(new Uint8Array(32).fill(0xfb)).replaceAll('-', '+').replaceAll('_', '/')),
      bad('claim-key-string', 'The key string itself is not a claim (and must never be sent).', formatKey(KEYS[0]!.key)),
      bad('claim-whitespace', 'A trailing newline.', good.slice(0, -1) + '\n'),
      bad('claim-empty', 'Empty string.', ''),
    ],
  };
}
