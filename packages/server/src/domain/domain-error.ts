// Errors the domain raises. Codes are wire codes from protocol/errors.json; the HTTP layer
// turns them into statuses. The domain itself knows nothing of HTTP.
import type { WireErrorCode } from 'zephr';
import { WIRE_ERRORS } from 'zephr';

/**
 * An error that answers the client (a refusal, not a fault): made without a stack trace, whose
 * capture through the framework's frames cost more than the rest of a 404. Shared with the HTTP
 * layer's RequestError.
 */
export class ClientAnswer extends Error {
  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

export class DomainError extends ClientAnswer {
  readonly code: WireErrorCode;
  /** Seconds until retrying can succeed (quota windows); becomes Retry-After. */
  readonly retryAfterSeconds: number | undefined;
  constructor(code: WireErrorCode, message?: string, options?: { retryAfterSeconds?: number }) {
    super(message ?? WIRE_ERRORS[code].message);
    this.name = 'DomainError';
    this.code = code;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}
