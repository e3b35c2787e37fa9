// Human wording for expiries and errors.
import { ApiError, EncryptionError, NetworkError, ZephrError } from '../errors.js';

const NAMES: Record<number, string> = { 5: '5 minutes', 15: '15 minutes', 30: '30 minutes', 60: '1 hour', 1440: '24 hours', 10080: '7 days', 43200: '30 days' };

export function expirySentence(minutes: number): string {
  return `Expires in ${NAMES[minutes] ?? `${minutes} minutes`}. One-time access only.`;
}

/** The message after "Error: ", with what to do next where we know it. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'SECRET_ALREADY_CONSUMED':
        return 'This secret was already viewed, and links work only once. Ask the sender for a fresh link (if you did not open it, someone else did: tell the sender).';
      case 'SECRET_EXPIRED':
        return 'This secret expired before it was opened. Ask the sender for a fresh link.';
      case 'SECRET_NOT_FOUND':
        return 'No secret at this link: it never existed, or it was deleted after expiring.';
      case 'ANON_RATE_LIMIT_EXCEEDED':
        return `${error.message} Use an API key (--api-key or ZEPHR_API_KEY) for higher limits.`;
      default:
        return `${error.message} (HTTP ${error.statusCode}, ${error.code})`;
    }
  }
  if (error instanceof NetworkError) return `${error.message}. Check the server address (--server or ZEPHR_URL) and your connection.`;
  if (error instanceof EncryptionError || error instanceof ZephrError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
