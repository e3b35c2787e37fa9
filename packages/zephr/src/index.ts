// Package root: isomorphic (Web Crypto and fetch only), runs in Node 20+ and browsers.
export * from './protocol/index.js';
export { ZephrError, ValidationError, EncryptionError, ApiError, NetworkError } from './errors.js';
export { WIRE_ERRORS, LOCAL_ERRORS, ERROR_ADVICE, type WireErrorCode, type LocalErrorCode } from './error-codes.js';
export { adviceFor, type AdviceWords } from './advice.js';
export { formatBytes } from './format-bytes.js';
export { createSecret, type CreateSecretOptions, type SecretLink } from './sdk/create-secret.js';
export { retrieveSecret, type RetrieveSecretOptions, type RetrievalResult } from './sdk/retrieve-secret.js';
export { peekSecret, type PeekSecretOptions, type SecretInfo } from './sdk/peek-secret.js';
export { burnSecret, type BurnSecretOptions } from './sdk/burn-secret.js';
export { getLimits, type GetLimitsOptions, type Limits } from './sdk/get-limits.js';
export {
  cancelRequest, createRequest, fulfillRequest, receiveRequest, requestInfo, type CreateRequestOptions, type FulfillRequestOptions,
  type ReceivedRequest, type ReceiveRequestOptions, type RequestHandle, type RequestInfo, type SecretRequest,
} from './sdk/requests.js';
export {
  CONSUMED_SCHEMA, CREATED_SCHEMA, LIMITS_SCHEMA, PEEK_SCHEMA, type ConsumedResponse, type CreatedResponse, type LimitsResponse, type PeekResponse,
} from './api/responses.js';
export type { FromSchema } from './api/from-schema.js';
export { VERSION } from './version.js';
