// Errors the domain raises. Codes are wire codes from protocol/errors.json; the HTTP layer
// turns them into statuses. The domain itself knows nothing of HTTP.
import type { WireErrorCode } from 'zephr';
import { WIRE_ERRORS } from 'zephr';

export class DomainError extends Error {
  readonly code: WireErrorCode;
  /** Seconds until retrying can succeed (quota windows); becomes Retry-After. */
  readonly retryAfterSeconds: number | undefined;
  constructor(code: WireErrorCode, message?: string, options?: { retryAfterSeconds?: number }) {
    // An answer to the client, not a fault: no stack trace, whose capture through the framework's
    // frames cost more than the rest of a 404.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message ?? WIRE_ERRORS[code].message);
    Error.stackTraceLimit = limit;
    this.name = 'DomainError';
    this.code = code;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}
