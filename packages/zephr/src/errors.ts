// The error hierarchy shared by every part of the SDK. Codes come from protocol/errors.json.
import type { LocalErrorCode, WireErrorCode } from './error-codes.js';
import { LOCAL_ERRORS } from './error-codes.js';

/** Base class of every error the SDK throws. `code` is a stable string from protocol/errors.json. */
export class ZephrError extends Error {
  readonly code: string;
  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Input is invalid: a malformed key, link or blob, or a bad option. Thrown before any request. */
export class ValidationError extends ZephrError {
  declare readonly code: LocalErrorCode;
  constructor(code: LocalErrorCode, message: string = LOCAL_ERRORS[code].message, options?: { cause?: unknown }) {
    super(message, code, options);
  }
}

/** Key generation, encryption or decryption failed (wrong key, tampered data, invalid UTF-8). */
export class EncryptionError extends ZephrError {
  declare readonly code: LocalErrorCode;
  constructor(code: LocalErrorCode, message: string = LOCAL_ERRORS[code].message, options?: { cause?: unknown }) {
    super(message, code, options);
  }
}

/** The server answered with an error (or an unexpected body). `statusCode` is the HTTP status. */
export class ApiError extends ZephrError {
  readonly statusCode: number;
  declare readonly code: WireErrorCode | LocalErrorCode | string;
  constructor(statusCode: number, code: string, message: string, options?: { cause?: unknown }) {
    super(message, code, options);
    this.statusCode = statusCode;
  }
}

/** The server could not be reached, or did not answer in time. */
export class NetworkError extends ZephrError {
  declare readonly code: LocalErrorCode;
  constructor(code: LocalErrorCode, message: string = LOCAL_ERRORS[code].message, options?: { cause?: unknown }) {
    super(message, code, options);
  }
}
