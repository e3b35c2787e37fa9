// The error hierarchy shared by every part of the SDK. Codes come from protocol/errors.json.
import type { LocalErrorCode, WireErrorCode } from './error-codes.js';
import { LOCAL_ERRORS } from './error-codes.js';

/** Base class of every error the SDK throws. `code` is a stable string from protocol/errors.json. */
// Each class names itself explicitly: bundlers that minify would otherwise rename the classes,
// and `error.name` is part of the public API.
export class ZephrError extends Error {
  override name = 'ZephrError';
  readonly code: string;
  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Input is invalid: a malformed key, link or blob, or a bad option. Thrown before any request. */
export class ValidationError extends ZephrError {
  override name = 'ValidationError';
  declare readonly code: LocalErrorCode;
  constructor(code: LocalErrorCode, message: string = LOCAL_ERRORS[code].message, options?: { cause?: unknown }) {
    super(message, code, options);
  }
}

/** Key generation, encryption or decryption failed (wrong key, tampered data, invalid UTF-8). */
export class EncryptionError extends ZephrError {
  override name = 'EncryptionError';
  declare readonly code: LocalErrorCode;
  constructor(code: LocalErrorCode, message: string = LOCAL_ERRORS[code].message, options?: { cause?: unknown }) {
    super(message, code, options);
  }
}

/** The server answered with an error (or an unexpected body). `statusCode` is the HTTP status. */
export class ApiError extends ZephrError {
  override name = 'ApiError';
  readonly statusCode: number;
  declare readonly code: WireErrorCode | LocalErrorCode | string;
  constructor(statusCode: number, code: string, message: string, options?: { cause?: unknown }) {
    super(message, code, options);
    this.statusCode = statusCode;
  }
}

/** The server could not be reached, or did not answer in time. */
export class NetworkError extends ZephrError {
  override name = 'NetworkError';
  declare readonly code: LocalErrorCode;
  constructor(code: LocalErrorCode, message: string = LOCAL_ERRORS[code].message, options?: { cause?: unknown }) {
    super(message, code, options);
  }
}
