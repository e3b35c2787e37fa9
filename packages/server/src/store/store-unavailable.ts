// The one error a store raises on purpose: the database cannot serve this request (down,
// unreachable, or every connection busy past the queue's bounds). The HTTP layer answers it as
// 503 SERVICE_UNAVAILABLE with Retry-After; any other error is a fault.
export class StoreUnavailable extends Error {
  override name = 'StoreUnavailable';
  /** When trying again can succeed. */
  readonly retryAfterSeconds: number;
  constructor(message: string, options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterSeconds = options.retryAfterSeconds ?? 5;
  }
}
