// Times and expiries as people read them, and the shared advice per error code in the pages' words.
import { adviceFor, EXPIRY_LABELS } from 'zephr';

/** "in 1 hour", "in 7 days", "in 15 minutes": whole minutes first, so 59:59.9 reads as 1 hour. */
export function relative(iso: string, now = Date.now()): string {
  const minutes = Math.round((Date.parse(iso) - now) / 60_000);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'always' });
  const abs = Math.abs(minutes);
  if (abs >= 2 * 1440 || (abs >= 1440 && minutes % 1440 === 0)) return rtf.format(Math.round(minutes / 1440), 'day');
  if (abs >= 2 * 60 || (abs >= 60 && minutes % 60 === 0)) return rtf.format(Math.round(minutes / 60), 'hour');
  return rtf.format(minutes, 'minute');
}

export function localTime(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function expiryName(minutes: number): string {
  return (EXPIRY_LABELS as Record<number, string>)[minutes] ?? `${minutes} minutes`;
}

/** How the web pages fill the shared advice table's placeholders (see adviceFor). */
const WEB_WORDS = { api_key: 'an API key of your account (or sign in: signed in, this page uses your account\'s limits)', server: 'your connection' };

/** What to do next about an error code, from the table every surface shares. */
export function advice(code: string): string {
  return adviceFor(code, WEB_WORDS);
}
