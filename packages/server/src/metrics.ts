// Prometheus metrics (off unless ZEPHR_METRICS is on). One registry per app, so tests can build
// several apps in one process.
import { Counter, Histogram, Registry } from 'prom-client';
import type { SecretEvents } from './domain/secret-service.js';

export class Metrics {
  readonly registry = new Registry();
  private readonly created = new Counter({ name: 'zephr_secrets_created_total', help: 'Secrets created (201, not counting replays)', registers: [this.registry] });
  private readonly consumed = new Counter({ name: 'zephr_secrets_consumed_total', help: 'Secrets consumed (200)', registers: [this.registry] });
  private readonly burned = new Counter({ name: 'zephr_secrets_burned_total', help: 'Unread secrets burned by a holder of the key (204)', registers: [this.registry] });
  private readonly expired = new Counter({ name: 'zephr_secrets_expired_total', help: 'Unread secrets whose ciphertext the sweeper destroyed', registers: [this.registry] });
  readonly webhooks = new Counter({
    name: 'zephr_webhook_deliveries_total', help: 'Webhook delivery attempts by outcome (delivered, retry, failed, refused)',
    labelNames: ['outcome'] as const, registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'zephr_http_request_duration_seconds', help: 'Request latency by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const, buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly events: SecretEvents = {
    created: () => this.created.inc(),
    consumed: () => this.consumed.inc(),
    burned: () => this.burned.inc(),
    expired: (n) => this.expired.inc(n),
  };
}
