// Quota windows in UTC: a calendar day for anonymous callers, a calendar month for API keys.

export interface Period {
  /** When the window began (ms since epoch). */
  startsAt: number;
  /** Stable key for the window, e.g. "day:2026-11-24" or "month:2026-11". */
  key: string;
  kind: 'day' | 'month';
  /** When the window ends and the quota resets (ms since epoch). */
  resetsAt: number;
}

export function dayPeriod(now: number): Period {
  const d = new Date(now);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return { key: `day:${new Date(start).toISOString().slice(0, 10)}`, kind: 'day', startsAt: start, resetsAt: start + 86_400_000 };
}

export function monthPeriod(now: number): Period {
  const d = new Date(now);
  const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return { key: `month:${new Date(now).toISOString().slice(0, 7)}`, kind: 'month', startsAt: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), resetsAt: next };
}

/** Whether `now` falls in the window (a clock set back lands outside it too). */
export function inPeriod(period: Period, now: number): boolean {
  return now >= period.startsAt && now < period.resetsAt;
}

/** Whole seconds until `at`, at least 1 (for Retry-After). */
export function secondsUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / 1000));
}

/** ISO 8601 with milliseconds and Z, the only timestamp form on the wire (spec A-GEN-3). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
