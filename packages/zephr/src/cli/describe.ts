// Human wording for expiries and errors: labels from protocol/rules.json, advice from the shared
// table in protocol/errors.json.
import { adviceFor } from '../advice.js';
import { ApiError, ZephrError } from '../errors.js';
import { EXPIRY_LABELS } from '../protocol/rules.js';

const CLI_WORDS = { api_key: 'your API key (zephr login, --api-key or ZEPHR_API_KEY)', server: 'the server address (--server or ZEPHR_URL)' };

export function expirySentence(minutes: number): string {
  return `Expires in ${(EXPIRY_LABELS as Record<number, string>)[minutes] ?? `${minutes} minutes`}. One-time access only.`;
}

/** "in 59 minutes", "in 6 days", "already passed": for a person reading an expiry. */
export function timeUntil(at: number, now: number): string {
  const minutes = Math.round((at - now) / 60_000);
  if (minutes <= 0) return 'already passed';
  if (minutes < 120) return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `in ${hours} hours` : `in ${Math.round(hours / 24)} days`;
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** The message after "Error: ", with what to do next where the table says. One line. */
export function describeError(error: unknown): string {
  if (error instanceof ZephrError) {
    const said = error instanceof ApiError ? `${error.message} (HTTP ${error.statusCode}, ${error.code})` : error.message;
    const advice = adviceFor(error.code, CLI_WORDS);
    return advice === '' ? said : `${sentence(said)} ${advice}`;
  }
  return error instanceof Error ? error.message : String(error);
}
