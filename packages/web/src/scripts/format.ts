// Times as people read them: local date and time, and relative ("in 1 hour").
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

const NAMES: Record<number, string> = { 5: '5 minutes', 15: '15 minutes', 30: '30 minutes', 60: '1 hour', 1440: '24 hours', 10080: '7 days', 43200: '30 days' };

export function expiryName(minutes: number): string {
  return NAMES[minutes] ?? `${minutes} minutes`;
}
