// Reads protocol/vectors/v1 (the one copy, shared with the Python verifier) and runs a negative
// vector's operation against the SDK's protocol core.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeBase64Url, decryptSecret, openRequestBlob, parseKey, parseLink, parseRequestLink, parseSplitLink, sealForRequest } from '../../src/index.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const vectorsDir = join(repoRoot, 'protocol', 'vectors', 'v1');

export function readVectors<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(readFileSync(join(vectorsDir, file), 'utf8')) as T;
}

export interface NegativeVector {
  name: string;
  description: string;
  flags: string[];
  spec: string[];
  operation: 'decrypt' | 'parse_key' | 'parse_link' | 'parse_split' | 'decode_base64url' | 'open_request' | 'parse_request_link' | 'seal_request';
  input: Record<string, string>;
  expect: { error: string; code: string };
}

/** Runs the vector's operation; resolves to the error it raised (or fails if none was raised). */
export async function runNegative(v: NegativeVector): Promise<unknown> {
  const i = v.input;
  try {
    switch (v.operation) {
      case 'decrypt':
        await decryptSecret(i.blob!, i.key!);
        break;
      case 'parse_key':
        parseKey(i.key!);
        break;
      case 'parse_link':
        parseLink(i.link!);
        break;
      case 'parse_split':
        parseSplitLink({ url: i.url!, key: i.key! });
        break;
      case 'decode_base64url':
        decodeBase64Url(i.text!);
        break;
      case 'open_request':
        await openRequestBlob(i.blob!, i.private_key!);
        break;
      case 'parse_request_link':
        parseRequestLink(i.link!);
        break;
      case 'seal_request':
        await sealForRequest(i.plaintext!, i.request_key!);
        break;
    }
  } catch (error) {
    return error;
  }
  throw new Error(`vector ${v.name} (${v.operation}) did not fail`);
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
export const fromHex = (h: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(h, 'hex'));
