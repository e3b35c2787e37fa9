// Package root: isomorphic (Web Crypto and fetch only), runs in Node 20+ and browsers.
export * from './protocol/index.js';
export { ZephrError, ValidationError, EncryptionError, ApiError, NetworkError } from './errors.js';
export { WIRE_ERRORS, LOCAL_ERRORS, type WireErrorCode, type LocalErrorCode } from './error-codes.js';
