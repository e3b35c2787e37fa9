// The tier table: what each kind of caller may do (spec api.md §4). Pure data and lookups. Tier
// names and the expiry set are protocol rules (protocol/rules.json); the limits are this server's.
import { blobLength, EXPIRIES, TIER_NAMES, type TierName } from 'zephr';

export { DEFAULT_EXPIRY, EXPIRIES, TIER_NAMES, type TierName } from 'zephr';

export interface Tier {
  /** Creates per period: a UTC day for anonymous callers, a calendar month for keys. */
  creates: number;
  /** Allowed expiries in minutes, a subset of EXPIRIES. */
  expiries: number[];
  /** Largest secret, in bytes of plaintext (the blob's ciphertext minus the 16-byte tag). */
  maxSecretBytes: number;
  callbacks: boolean;
}

export type TierTable = Record<TierName, Tier>;

const ALL = [...EXPIRIES];
const HOUR_OR_MORE = EXPIRIES.filter((minutes) => minutes >= 60);

export const DEFAULT_TIERS: TierTable = {
  anonymous: { creates: 3, expiries: [60], maxSecretBytes: 6 * 1024, callbacks: false },
  free: { creates: 50, expiries: HOUR_OR_MORE, maxSecretBytes: 20 * 1024, callbacks: true },
  dev: { creates: 2000, expiries: ALL, maxSecretBytes: 200 * 1024, callbacks: true },
  pro: { creates: 50000, expiries: ALL, maxSecretBytes: 1024 * 1024, callbacks: true },
};

/** The tiers an account or a key can have (anonymous is no one's). */
export const ACCOUNT_TIERS = TIER_NAMES.filter((t) => t !== 'anonymous');

export function isTierName(value: unknown): value is TierName {
  return typeof value === 'string' && (TIER_NAMES as readonly string[]).includes(value);
}

/** The lowest tier allowing `minutes`, or null when none does. */
export function minTierFor(tiers: TierTable, minutes: number): TierName | null {
  return TIER_NAMES.find((name) => tiers[name].expiries.includes(minutes)) ?? null;
}

/** The longest blob any tier accepts (the blob of its largest secret): bounds the HTTP body size. */
export function largestBlobLength(tiers: TierTable): number {
  return blobLength(Math.max(...TIER_NAMES.map((name) => tiers[name].maxSecretBytes)));
}
