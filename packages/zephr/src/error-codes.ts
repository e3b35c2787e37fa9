// Generated from protocol/errors.json by protocol/tools/generate.ts. Do not edit by hand.

/** Errors that travel in the HTTP envelope {"error":{"code","message"}}. */
export const WIRE_ERRORS = {
  INVALID_REQUEST_BODY: { status: 400, message: "Request body must be a JSON object" },
  MISSING_ENCRYPTED_BLOB: { status: 400, message: "encrypted_blob is required" },
  INVALID_ENCRYPTED_BLOB_TYPE: { status: 400, message: "encrypted_blob must be a string" },
  INVALID_ENCRYPTED_BLOB_ENCODING: { status: 400, message: "encrypted_blob must be unpadded canonical base64url" },
  INVALID_ENCRYPTED_BLOB_FORMAT: { status: 400, message: "encrypted_blob must decode to {\"iv\",\"ciphertext\"} JSON" },
  INVALID_IV_LENGTH: { status: 400, message: "iv must decode to exactly 12 bytes" },
  INVALID_CIPHERTEXT_LENGTH: { status: 400, message: "ciphertext must decode to at least 17 bytes (1 byte of data and the 16-byte tag)" },
  MISSING_EXPIRY: { status: 400, message: "expiry is required" },
  INVALID_EXPIRY: { status: 400, message: "expiry must be one of 5, 15, 30, 60, 1440, 10080, 43200 minutes" },
  INVALID_SPLIT_URL_MODE: { status: 400, message: "split_url_mode must be a boolean" },
  INVALID_HINT: { status: 400, message: "hint must be 1-128 printable ASCII characters" },
  INVALID_CALLBACK_URL_TYPE: { status: 400, message: "callback_url must be a string" },
  INVALID_CALLBACK_URL_FORMAT: { status: 400, message: "callback_url must be an absolute URL" },
  INVALID_CALLBACK_URL_PROTOCOL: { status: 400, message: "callback_url must use https" },
  INVALID_CALLBACK_URL_LENGTH: { status: 400, message: "callback_url must be at most 2048 characters" },
  MISSING_CALLBACK_SECRET: { status: 400, message: "callback_secret is required with callback_url" },
  UNEXPECTED_CALLBACK_SECRET: { status: 400, message: "callback_secret is only allowed with callback_url" },
  INVALID_CALLBACK_SECRET_TYPE: { status: 400, message: "callback_secret must be a string" },
  INVALID_CALLBACK_SECRET_LENGTH: { status: 400, message: "callback_secret must be 1-256 characters" },
  INVALID_IDEMPOTENCY_KEY: { status: 400, message: "Idempotency-Key must be 1-64 characters of [A-Za-z0-9-]" },
  INVALID_API_KEY: { status: 401, message: "Invalid or revoked API key" },
  UPGRADE_REQUIRED: { status: 403, message: "This request requires a higher tier" },
  NOT_FOUND: { status: 404, message: "Not found" },
  SECRET_NOT_FOUND: { status: 404, message: "Secret not found" },
  METHOD_NOT_ALLOWED: { status: 405, message: "Method not allowed" },
  SECRET_ALREADY_CONSUMED: { status: 410, message: "Secret has already been consumed" },
  SECRET_EXPIRED: { status: 410, message: "Secret has expired" },
  PAYLOAD_TOO_LARGE: { status: 413, message: "Encrypted blob exceeds the size limit for this tier" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "Content-Type must be application/json" },
  ANON_RATE_LIMIT_EXCEEDED: { status: 429, message: "Anonymous daily limit reached" },
  MONTHLY_LIMIT_EXCEEDED: { status: 429, message: "Monthly create limit reached for this API key" },
  RATE_LIMIT_EXCEEDED: { status: 429, message: "Too many requests" },
  INTERNAL_ERROR: { status: 500, message: "Internal server error" },
  SERVICE_UNAVAILABLE: { status: 503, message: "Service unavailable" },
} as const;

/** Errors raised by client libraries; they never travel on the wire. */
export const LOCAL_ERRORS = {
  INVALID_BASE64URL: { class: "ValidationError", message: "Value is not unpadded canonical base64url" },
  INVALID_BLOB: { class: "ValidationError", message: "Encrypted blob is malformed" },
  INVALID_IV: { class: "ValidationError", message: "IV must be 12 bytes" },
  INVALID_CIPHERTEXT: { class: "ValidationError", message: "Ciphertext must be at least 17 bytes" },
  INVALID_KEY: { class: "ValidationError", message: "Key must be v1. followed by 43 base64url characters" },
  INVALID_LINK: { class: "ValidationError", message: "Link is not a Zephr secret link" },
  INVALID_INPUT: { class: "ValidationError", message: "Invalid input" },
  INVALID_RESPONSE: { class: "ApiError", message: "Server returned an unexpected response" },
  ENCRYPTION_FAILED: { class: "EncryptionError", message: "Encryption failed" },
  DECRYPTION_FAILED: { class: "EncryptionError", message: "Decryption failed: wrong key or tampered data" },
  INVALID_PLAINTEXT: { class: "EncryptionError", message: "Decrypted data is not valid UTF-8" },
  NETWORK_ERROR: { class: "NetworkError", message: "Could not reach the Zephr server" },
  TIMEOUT: { class: "NetworkError", message: "Request timed out" },
} as const;

export type WireErrorCode = keyof typeof WIRE_ERRORS;
export type LocalErrorCode = keyof typeof LOCAL_ERRORS;
