// The one source of randomness for keys and IVs, with a test seam so vectors can be reproduced.
import { primitives } from './primitives.js';

/** Bytes backed by a plain ArrayBuffer, as Web Crypto requires. */
export type Bytes = Uint8Array<ArrayBuffer>;

type RandomSource = (length: number) => Bytes;

function secureRandom(length: number): Bytes {
  return primitives().random(length);
}

let source: RandomSource = secureRandom;

/** Cryptographically secure random bytes (the installed primitives), unless a test replaced the source. */
export function randomBytes(length: number): Bytes {
  const bytes = source(length);
  if (bytes.length !== length) throw new Error(`random source returned ${bytes.length} bytes, wanted ${length}`);
  return bytes;
}

/**
 * Test seam: replace the random source (pass null to restore). Not exported from the package
 * root or any public subpath; only in-repo tests and the vector generator import this module.
 */
export function testOnlyUseRandomSource(fn: RandomSource | null): void {
  source = fn ?? secureRandom;
}
