// Request vectors (spec P-REQ-1..7): the requester's scalar d, the sender's ephemeral scalar e
// and the IV fed in through the SDK's random seam; every intermediate value out (R, E, the ECDH
// secret Z, the HKDF salt and AES key, ciphertext, blob, link, claim token and hash), each one
// cross-checked at generation time with node:crypto computed independently. Negatives: a wrong
// private key, tampered ephemeral keys and ciphertext, malformed request links and key strings.
import { createCipheriv, createECDH, createHash, hkdfSync } from 'node:crypto';
import {
  buildRequestLink, createRequestKeys, decodeBase64Url, encodeBase64Url, requestBlobJson, requestBlobLength, requestClaim, sealForRequest,
} from '../../packages/zephr/src/protocol/index.js';
import { testOnlyUseRandomSource } from '../../packages/zephr/src/protocol/random.js';
import { REQUEST_CLAIM_INFO, REQUEST_INFO } from '../../packages/zephr/src/protocol/rules.js';
import { detBytes, hex } from './vector-support.js';

interface Case { name: string; description: string; d: Uint8Array; e: Uint8Array; iv: Uint8Array; plaintext: string; origin: string; idBytes: Uint8Array }

const one = (n: number) => { const b = new Uint8Array(32); b[31] = n; return b; };
const CASES: Case[] = [
  { name: 'request-reference', description: 'The reference request: pseudo-random scalars, an ASCII secret.', d: detBytes('request-d-1', 32), e: detBytes('request-e-1', 32), iv: detBytes('request-iv-1', 12), plaintext: 'hello, requester', origin: 'https://zephr.example', idBytes: detBytes('request-id-1', 16) },
  { name: 'request-small-scalars', description: 'd = 1 (R is the generator G) and e = 2.', d: one(1), e: one(2), iv: new Uint8Array(12), plaintext: 'x', origin: 'http://localhost:8080', idBytes: new Uint8Array(16) },
  { name: 'request-unicode', description: 'A secret with multi-byte UTF-8 and a newline.', d: detBytes('request-d-3', 32), e: detBytes('request-e-3', 32), iv: detBytes('request-iv-3', 12), plaintext: 'pässwörd ✓\nline two', origin: 'https://secrets.example.org:8443', idBytes: detBytes('request-id-3', 16) },
];

/** Runs `fn` with the random source answering `draws` in order (and nothing else). */
async function withDraws<T>(draws: Uint8Array[], fn: () => Promise<T>): Promise<T> {
  const queue = [...draws];
  testOnlyUseRandomSource((n) => {
    const next = queue.shift();
    if (next === undefined || next.length !== n) throw new Error(`unexpected random request for ${n} bytes`);
    return new Uint8Array(next);
  });
  try {
    const result = await fn();
    if (queue.length !== 0) throw new Error(`${queue.length} random draws left unused`);
    return result;
  } finally {
    testOnlyUseRandomSource(null);
  }
}

function nodeEcdh(d: Uint8Array): { pub: Buffer; secret: (peer: Uint8Array) => Buffer } {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(d);
  return { pub: ecdh.getPublicKey(), secret: (peer) => ecdh.computeSecret(peer) };
}

export async function requestVectors(): Promise<object> {
  const valid = [];
  for (const c of CASES) {
    const keys = await withDraws([c.d], createRequestKeys);
    const blob = await withDraws([c.e, c.iv], () => sealForRequest(c.plaintext, keys.publicKey));
    const claim = await requestClaim(keys.privateKey);
    // The same values from node:crypto, step by step.
    const requester = nodeEcdh(c.d);
    const sender = nodeEcdh(c.e);
    const shared = sender.secret(requester.pub);
    if (!shared.equals(requester.secret(sender.pub))) throw new Error(`${c.name}: ECDH is not symmetric`);
    const salt = Buffer.concat([sender.pub, requester.pub]);
    const aesKey = Buffer.from(hkdfSync('sha256', shared, salt, Buffer.from(REQUEST_INFO), 32));
    const cipher = createCipheriv('aes-256-gcm', aesKey, c.iv);
    const ciphertext = Buffer.concat([cipher.update(c.plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    const json = requestBlobJson({ epk: sender.pub, iv: c.iv, ciphertext } as never);
    const token = Buffer.from(hkdfSync('sha256', c.d, Buffer.alloc(0), Buffer.from(REQUEST_CLAIM_INFO), 32));
    const claimHash = createHash('sha256').update(token).digest();
    const checks: [string, string, string][] = [
      ['public key', keys.publicKey, `r1.${encodeBase64Url(requester.pub)}`],
      ['private key', keys.privateKey, `r1p.${encodeBase64Url(c.d)}`],
      ['blob', blob, encodeBase64Url(Buffer.from(json, 'utf8'))],
      ['claim token', claim.token, encodeBase64Url(token)],
      ['claim hash', claim.hash, encodeBase64Url(claimHash)],
    ];
    for (const [what, sdk, node] of checks) if (sdk !== node) throw new Error(`${c.name}: the SDK's ${what} differs from node:crypto's`);
    if (blob.length !== requestBlobLength(Buffer.byteLength(c.plaintext))) throw new Error(`${c.name}: requestBlobLength is wrong`);
    const id = encodeBase64Url(c.idBytes);
    valid.push({
      name: c.name, description: c.description, spec: ['P-REQ-1', 'P-REQ-2', 'P-REQ-3', 'P-REQ-4', 'P-REQ-5', 'P-REQ-6', 'P-REQ-7'],
      requester_d_hex: hex(c.d), requester_public_hex: hex(requester.pub), request_key: keys.publicKey, request_private_key: keys.privateKey,
      ephemeral_e_hex: hex(c.e), ephemeral_public_hex: hex(sender.pub), shared_secret_hex: hex(shared), hkdf_salt_hex: hex(salt),
      aes_key_hex: hex(aesKey), iv_hex: hex(c.iv), plaintext: c.plaintext, plaintext_hex: Buffer.from(c.plaintext, 'utf8').toString('hex'),
      ciphertext_hex: hex(ciphertext), tag_hex: hex(ciphertext.subarray(-16)), blob_json: json, blob, blob_length: blob.length,
      claim_token_hex: hex(token), claim_token: claim.token, claim_hash_hex: hex(claimHash), claim_hash: claim.hash,
      request_id: id, origin: c.origin, link: buildRequestLink(c.origin, id, keys.publicKey),
    });
  }
  return { kdf: { algorithm: 'HKDF-SHA256', info_utf8: REQUEST_INFO, claim_info_utf8: REQUEST_CLAIM_INFO }, valid, invalid: negatives(valid[0]!, valid[1]!) };
}

type Valid = { blob: string; request_private_key: string; request_key: string; link: string; ephemeral_public_hex: string; requester_public_hex: string; origin: string; request_id: string };

function negatives(v: Valid, other: Valid): object[] {
  const json = JSON.parse(Buffer.from(decodeBase64Url(v.blob)).toString('utf8')) as { epk: string; iv: string; ciphertext: string };
  const reblob = (parts: Partial<typeof json> | Record<string, string>) => encodeBase64Url(Buffer.from(JSON.stringify({ ...json, ...parts }), 'utf8'));
  const epk = Buffer.from(decodeBase64Url(json.epk));
  const flipped = Buffer.from(epk); flipped[40] = flipped[40]! ^ 0x01; // Y changed: no longer on the curve
  const ct = Buffer.from(decodeBase64Url(json.ciphertext)); ct[0] = ct[0]! ^ 0x01;
  const notOnCurve = Buffer.from(decodeBase64Url(v.request_key.slice(3))); notOnCurve[64] = notOnCurve[64]! ^ 0x01;
  const compressed = Buffer.concat([Buffer.from([0x02 | (epk[64]! & 1)]), epk.subarray(1, 33)]);
  const base = `${v.origin}/request/${v.request_id}`;
  const neg = (name: string, description: string, flags: string[], spec: string[], operation: string, input: Record<string, string>, error: string, code: string) =>
    ({ name, description, flags, spec, operation, input, expect: { error, code } });
  const open = (blob: string, privateKey = v.request_private_key) => ({ blob, private_key: privateKey });
  return [
    neg('request-wrong-private-key', 'The reference blob opened with another requester\'s private key.', ['WrongKey'], ['P-REQ-7'], 'open_request', open(v.blob, other.request_private_key), 'EncryptionError', 'DECRYPTION_FAILED'),
    neg('request-epk-swapped', 'epk replaced by another valid point (the requester\'s own key).', ['ModifiedEphemeralKey'], ['P-REQ-7'], 'open_request', open(reblob({ epk: encodeBase64Url(Buffer.from(v.requester_public_hex, 'hex')) })), 'EncryptionError', 'DECRYPTION_FAILED'),
    neg('request-epk-off-curve', 'One bit of epk\'s Y flipped: not a point on P-256.', ['ModifiedEphemeralKey'], ['P-REQ-7'], 'open_request', open(reblob({ epk: encodeBase64Url(flipped) })), 'EncryptionError', 'DECRYPTION_FAILED'),
    neg('request-ciphertext-modified', 'One bit of the ciphertext flipped.', ['ModifiedCiphertext'], ['P-REQ-7'], 'open_request', open(reblob({ ciphertext: encodeBase64Url(ct) })), 'EncryptionError', 'DECRYPTION_FAILED'),
    neg('request-epk-compressed', 'epk as a 33-byte compressed point.', ['MalformedEphemeralKey'], ['P-REQ-6'], 'open_request', open(reblob({ epk: encodeBase64Url(compressed) })), 'ValidationError', 'INVALID_BLOB'),
    neg('request-blob-without-epk', 'A secret blob ({iv, ciphertext}) where a request blob is expected.', ['MissingMember'], ['P-REQ-6'], 'open_request', open(encodeBase64Url(Buffer.from(JSON.stringify({ iv: json.iv, ciphertext: json.ciphertext }), 'utf8'))), 'ValidationError', 'INVALID_BLOB'),
    neg('request-private-key-malformed', 'A private key string with the public prefix.', ['WrongPrefix'], ['P-REQ-4'], 'open_request', open(v.blob, `r1.${v.request_private_key.slice(4)}`), 'ValidationError', 'INVALID_REQUEST_KEY'),
    neg('request-link-secret-path', 'A request key under /secret/: not a request link.', ['WrongPath'], ['P-REQ-3'], 'parse_request_link', { link: `${v.origin}/secret/${v.request_id}#${v.request_key}` }, 'ValidationError', 'INVALID_REQUEST_LINK'),
    neg('request-link-no-fragment', 'The request URL without its key.', ['MissingFragment'], ['P-REQ-3'], 'parse_request_link', { link: base }, 'ValidationError', 'INVALID_REQUEST_LINK'),
    neg('request-link-short-id', 'An id of 21 characters.', ['MalformedId'], ['P-REQ-3'], 'parse_request_link', { link: `${v.origin}/request/${v.request_id.slice(1)}#${v.request_key}` }, 'ValidationError', 'INVALID_REQUEST_LINK'),
    neg('request-link-secret-key', 'A secret key string (v1.) in the fragment.', ['WrongPrefix'], ['P-REQ-2', 'P-REQ-3'], 'parse_request_link', { link: `${base}#v1.${'A'.repeat(43)}` }, 'ValidationError', 'INVALID_REQUEST_KEY'),
    neg('request-link-key-truncated', 'The request key without its last character.', ['WrongLength'], ['P-REQ-2'], 'parse_request_link', { link: `${base}#${v.request_key.slice(0, -1)}` }, 'ValidationError', 'INVALID_REQUEST_KEY'),
    neg('request-link-key-compressed-prefix', 'A 65-byte key whose first byte is 0x02.', ['MalformedPoint'], ['P-REQ-2'], 'parse_request_link', { link: `${base}#r1.${encodeBase64Url(Buffer.concat([Buffer.from([0x02]), Buffer.from(v.requester_public_hex, 'hex').subarray(1)]))}` }, 'ValidationError', 'INVALID_REQUEST_KEY'),
    neg('request-link-key-non-canonical', 'The key\'s final character with trailing bits set.', ['NonCanonicalBase64'], ['P-REQ-2'], 'parse_request_link', { link: `${base}#${nonCanonical(v.request_key)}` }, 'ValidationError', 'INVALID_REQUEST_KEY'),
    neg('request-key-off-curve', 'A well-formed request key whose point is not on P-256: sealing to it fails.', ['MalformedPoint'], ['P-REQ-2', 'P-REQ-5'], 'seal_request', { request_key: `r1.${encodeBase64Url(notOnCurve)}`, plaintext: 'x' }, 'ValidationError', 'INVALID_REQUEST_KEY'),
    neg('secret-link-is-not-request-link', 'A secret link given where a request link is expected.', ['WrongPath'], ['P-REQ-3'], 'parse_request_link', { link: `${v.origin}/secret/${v.request_id}#v1.${'A'.repeat(43)}` }, 'ValidationError', 'INVALID_REQUEST_LINK'),
    neg('request-link-is-not-secret-link', 'A request link given where a secret link is expected.', ['WrongPath'], ['P-REQ-3', 'P-LINK-3'], 'parse_link', { link: v.link }, 'ValidationError', 'INVALID_LINK'),
  ];
}

function nonCanonical(key: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  // 65 bytes → 87 characters, the last carrying 2 bits of data and 4 zero bits: set one of those.
  return key.slice(0, -1) + alphabet[alphabet.indexOf(key.at(-1)!) | 1];
}
