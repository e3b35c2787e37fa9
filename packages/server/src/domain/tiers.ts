// The tier table: what each kind of caller may do (spec api.md §4). Pure data and lookups.

export const TIER_NAMES = ['anonymous', 'free', 'dev', 'pro'] as const;
export type TierName = (typeof TIER_NAMES)[number];

/** Every expiry the protocol allows, in minutes (spec A-CREATE table). */
export const PROTOCOL_EXPIRIES = [5, 15, 30, 60, 1440, 10080, 43200] as const;
export const DEFAULT_EXPIRY = 60;

export interface Tier {
  /** Creates per period: a UTC day for anonymous callers, a calendar month for keys. */
  creates: number;
  /** Allowed expiries in minutes, a subset of PROTOCOL_EXPIRIES. */
  expiries: number[];
  /** Longest accepted encrypted_blob, in characters. */
  maxBlobLength: number;
  callbacks: boolean;
}

export type TierTable = Record<TierName, Tier>;

const ALL = [...PROTOCOL_EXPIRIES];

export const DEFAULT_TIERS: TierTable = {
  anonymous: { creates: 3, expiries: [60], maxBlobLength: 6 * 1024, callbacks: false },
  free: { creates: 50, expiries: [60, 1440, 10080, 43200], maxBlobLength: 20 * 1024, callbacks: true },
  dev: { creates: 2000, expiries: ALL, maxBlobLength: 200 * 1024, callbacks: true },
  pro: { creates: 50000, expiries: ALL, maxBlobLength: 1024 * 1024, callbacks: true },
};

export function isTierName(value: unknown): value is TierName {
  return typeof value === 'string' && (TIER_NAMES as readonly string[]).includes(value);
}

/** The lowest tier allowing `minutes`, or null when none does. */
export function minTierFor(tiers: TierTable, minutes: number): TierName | null {
  return TIER_NAMES.find((name) => tiers[name].expiries.includes(minutes)) ?? null;
}

/** The largest blob any tier accepts: bounds the HTTP body size. */
export function largestBlobLength(tiers: TierTable): number {
  return Math.max(...TIER_NAMES.map((name) => tiers[name].maxBlobLength));
}
