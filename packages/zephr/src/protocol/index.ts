// Protocol v1, the one JS implementation: everything else (SDK, CLI, web, MCP, server) imports it.
export { encodeBase64Url, decodeBase64Url, base64UrlProblem, base64UrlLength } from './base64url.js';
export { encodeBlob, decodeBlob, blobJson, isWellFormedBlob, type BlobParts } from './blob.js';
export { claimForKey, claimFromKeyBytes, type Claim } from './claim.js';
export { encryptSecret, encryptBytes, decryptSecret, decryptBytes, type SealedSecret } from './cipher.js';
export * from './rules.js';
export { formatKey, parseKey, keyProblem } from './key.js';
export { buildLink, buildSecretUrl, normalizeOrigin, parseLink, parseSecretUrl, parseSplitLink, type ParsedLink } from './link.js';
export { isSecretId, generateSecretId } from './secret-id.js';
export {
  buildRequestLink, createRequestKeys, decodeRequestBlob, openRequestBlob, parseRequestKey, parseRequestLink, parseRequestPrivateKey,
  requestBlobJson, requestBlobLength, requestClaim, requestPublicKey, sealForRequest, type ParsedRequestLink, type RequestBlobParts, type RequestKeys,
} from './request.js';
export { blobLength, maxPlaintextBytes } from './sizes.js';
export type { Bytes } from './random.js';
