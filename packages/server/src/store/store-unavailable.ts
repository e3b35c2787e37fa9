// The one error a store raises on purpose: the database cannot be reached (down, unreachable, out
// of connections). The HTTP layer answers it as 503 SERVICE_UNAVAILABLE; any other error is a fault.
export class StoreUnavailable extends Error {
  override name = 'StoreUnavailable';
}
