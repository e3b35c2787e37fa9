// What every store contract suite shares: the fixture an engine provides, sample records, and
// a test wrapper that opens a fresh store for each test and cleans it up.
import { randomUUID } from 'node:crypto';
import { it } from 'node:test';
import { generateSecretId } from 'zephr';
import type { CreateRequest, NewSecret, Store } from '../../../src/store/store.js';

export interface StoreFixture {
  store: Store;
  /** Closes this store and opens a new one on the same data. */
  reopen(): Promise<Store>;
  cleanup(): Promise<void>;
}

export type OpenStore = () => Promise<StoreFixture>;

export const T = Date.UTC(2026, 0, 15, 10);
export const ev = () => randomUUID();
export const MIN = 60_000;

export function secret(overrides: Partial<NewSecret> = {}): NewSecret {
  return {
    id: generateSecretId(), blob: 'eyJpdiI6ImJsb2IifQ', createdAt: T, expiresAt: T + 60 * MIN, purgeAt: T + 120 * MIN,
    hint: null, splitUrlMode: false, ownerKeyId: null, callbackUrl: null, callbackSecret: null, claimHash: null, ...overrides,
  };
}

export function request(s: NewSecret, overrides: Partial<CreateRequest> = {}): CreateRequest {
  return {
    secret: s,
    quota: { subject: 'anon:a', period: 'day:2026-01-15', limit: 1000, periodEndsAt: T + 2 * 86_400_000 },
    idempotency: null,
    response: { id: s.id, expires_at: new Date(s.expiresAt).toISOString() },
    now: T,
    ...overrides,
  };
}

/** A test that gets a fresh store from `open` and always cleans it up. */
export function storeTest(open: OpenStore) {
  return (name: string, fn: (f: StoreFixture) => Promise<void>) =>
    it(name, async () => {
      const f = await open();
      try {
        await fn(f);
      } finally {
        await f.cleanup();
      }
    });
}
