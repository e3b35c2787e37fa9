// Delivers webhook events from the store's outbox. Events are written in the same transaction as
// the consume (or the sweeper's expiry claim), so none is lost to a crash; this loop claims due
// events with a lease (safe with several instances on one store), posts each signed body, and
// retries network errors and 5xx with backoff under the same event_id. Once an event is delivered
// or has failed for good its row, and the sealed callback secret with it, is deleted. Logs and
// metrics carry the outcome, never the secret's data.
import type { FastifyBaseLogger } from 'fastify';
import type { WebhookEventRecord, WebhookOutbox } from '../store/store.js';
import { eventBody, signBody } from './event-body.js';
import { type GuardOptions, resolveTarget, TargetRefused } from './outbound-guard.js';
import type { SecretBox } from './server-key.js';
import { postTo } from './signed-post.js';

export type DeliveryOutcome = 'delivered' | 'retry' | 'failed' | 'refused';

export interface DelivererOptions {
  outbox: WebhookOutbox;
  box: SecretBox;
  clock: () => number;
  log: FastifyBaseLogger;
  guard: GuardOptions;
  /** Delay before attempt 2, 3, …; its length + 1 is the number of attempts. */
  retryDelaysMs: number[];
  timeoutMs: number;
  pollMs: number;
  userAgent: string;
  ca?: string | Buffer | undefined;
  onOutcome?: (outcome: DeliveryOutcome) => void;
}

const BATCH = 20;

export class WebhookDeliverer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(private readonly o: DelivererOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.o.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Runs a delivery pass soon (coalesced); called when an event has just been queued. */
  kick(): void {
    if (this.stopped) return;
    if (this.running !== null) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.kick();
      }
    });
  }

  /**
   * Delivers everything due now; resolves when the pass is done. A pass that ends as this waits can
   * start the next one at once (a kick while it ran): that one may hold events due now, so it is
   * waited for too, or this pass would find them leased and return before they are delivered.
   */
  async runOnce(): Promise<void> {
    while (this.running !== null) await this.running;
    await this.drain();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    await this.running;
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const now = this.o.clock();
        const leaseUntil = now + this.o.timeoutMs * 2 + 10_000;
        const events = await this.o.outbox.claim(now, leaseUntil, BATCH);
        await Promise.all(events.map((e) => this.deliver(e)));
        if (events.length < BATCH || this.stopped) return;
      }
    } catch (error) {
      this.o.log.error({ err: { message: (error as Error).message } }, 'webhook delivery pass failed');
    }
  }

  private async deliver(e: WebhookEventRecord): Promise<void> {
    const maxAttempts = this.o.retryDelaysMs.length + 1;
    let outcome: DeliveryOutcome;
    let detail: Record<string, unknown> = {};
    try {
      const callbackSecret = this.o.box.open(e.secretId, e.sealedSecret);
      const body = eventBody({ event: e.event, eventId: e.eventId, secretId: e.secretId, occurredAt: e.occurredAt, hint: e.hint });
      const target = await resolveTarget(e.url, this.o.guard);
      detail = { host: target.url.host };
      const { status } = await postTo(target, body, {
        timeoutMs: this.o.timeoutMs, ca: this.o.ca,
        headers: { 'user-agent': this.o.userAgent, 'x-zephr-signature': signBody(body, callbackSecret), 'x-zephr-event': e.event, 'x-zephr-event-id': e.eventId },
      });
      detail.status = status;
      if (status >= 200 && status < 300) outcome = 'delivered';
      else if (status >= 500) outcome = e.attempts < maxAttempts ? 'retry' : 'failed';
      else outcome = 'failed'; // 3xx (redirects are not followed) and 4xx are final
    } catch (error) {
      if (error instanceof TargetRefused) {
        outcome = 'refused';
        detail.reason = error.message;
      } else {
        outcome = e.attempts < maxAttempts ? 'retry' : 'failed';
        detail.error = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      }
    }
    if (outcome === 'retry') await this.o.outbox.retry(e.eventId, this.o.clock() + this.o.retryDelaysMs[e.attempts - 1]!);
    else await this.o.outbox.complete(e.eventId, outcome);
    this.o.onOutcome?.(outcome);
    const line = { webhook: { event_id: e.eventId, event: e.event, attempt: e.attempts, of: maxAttempts, outcome, ...detail } };
    if (outcome === 'delivered') this.o.log.info(line, 'webhook delivered');
    else this.o.log.warn(line, outcome === 'retry' ? 'webhook attempt failed; will retry' : `webhook not delivered (${outcome})`);
  }
}
