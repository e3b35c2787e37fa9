// Fixed sizes of protocol v1 (spec P-CRYPTO-1, P-ID-1).
export const KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
/** 1 byte of ciphertext plus the 16-byte tag: an empty plaintext is never stored. */
export const MIN_CIPHERTEXT_BYTES = TAG_BYTES + 1;
export const SECRET_ID_BYTES = 16;
export const SECRET_ID_LENGTH = 22;
export const KEY_VERSION_PREFIX = 'v1.';
/** `v1.` + 43 base64url characters. */
export const KEY_STRING_LENGTH = 46;
