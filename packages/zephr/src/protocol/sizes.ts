// Blob length arithmetic (spec P-SIZE-1..2): servers cap the blob, people think in plaintext bytes.
import { base64UrlLength } from './base64url.js';
import { IV_BYTES, TAG_BYTES } from './rules.js';

// `{"iv":"` + `","ciphertext":"` + `"}`
const JSON_OVERHEAD = 7 + 16 + 2;

/** Length in characters of the blob for a plaintext of `plaintextBytes` UTF-8 bytes. */
export function blobLength(plaintextBytes: number): number {
  const json = JSON_OVERHEAD + base64UrlLength(IV_BYTES) + base64UrlLength(plaintextBytes + TAG_BYTES);
  return base64UrlLength(json);
}

/** The largest plaintext, in UTF-8 bytes, whose blob fits in `maxBlobLength` characters (0 if none). */
export function maxPlaintextBytes(maxBlobLength: number): number {
  if (blobLength(1) > maxBlobLength) return 0;
  // blobLength is monotonic, so binary search the largest n with blobLength(n) <= maxBlobLength.
  let lo = 1;
  let hi = Math.max(1, Math.ceil(maxBlobLength * 0.6));
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (blobLength(mid) <= maxBlobLength) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
