// The webhook outbox: events written by the secret store in the same step as the change they
// report, claimed by deliverers with a lease (safe with several processes on one store).
import type { WebhookOutcome } from './audit-store.js';

export type WebhookEventName = 'secret.consumed' | 'secret.expired' | 'secret.burned' | 'request.fulfilled';

/** A queued webhook event, as claimed for delivery. */
export interface WebhookEventRecord {
  eventId: string;
  event: WebhookEventName;
  secretId: string;
  occurredAt: number;
  hint: string | null;
  url: string;
  sealedSecret: string;
  /** Attempts so far, including the one this claim is for. */
  attempts: number;
}

export interface WebhookOutbox {
  /**
   * Claims up to `limit` queued events that are due (next attempt <= now) and not leased,
   * leasing them until `leaseUntil` and counting the attempt. Two concurrent claims never return
   * the same event while its lease holds. Queued events survive restarts.
   */
  claim(now: number, leaseUntil: number, limit: number): Promise<WebhookEventRecord[]>;
  /** Schedules another attempt at `nextAttemptAt` and releases the lease. */
  retry(eventId: string, nextAttemptAt: number): Promise<void>;
  /**
   * Deletes the event (delivered, or failed for good), and its sealed callback secret with it;
   * the outcome stays on the secret's record (while it lasts) for its owner's audit trail.
   */
  complete(eventId: string, outcome: WebhookOutcome): Promise<void>;
}
