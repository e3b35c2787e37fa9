// The webhook event: its exact JSON body and its signature (spec A-HOOK-*). The body is built from
// stored fields with a fixed member order, so every retry sends the same bytes under the same
// signature and receivers can de-duplicate on event_id.
import { createHmac } from 'node:crypto';
import type { WebhookEventName } from '../store/webhook-outbox.js';


export interface EventFields {
  event: WebhookEventName;
  eventId: string;
  secretId: string;
  occurredAt: number;
  hint: string | null;
}

export function eventBody(f: EventFields): string {
  const body: Record<string, string> = {
    event: f.event, event_id: f.eventId, secret_id: f.secretId, occurred_at: new Date(f.occurredAt).toISOString(),
  };
  if (f.hint !== null) body.hint = f.hint;
  return JSON.stringify(body);
}

/** X-Zephr-Signature: lowercase hex HMAC-SHA256 of the exact body bytes, keyed with the callback secret as UTF-8. */
export function signBody(body: string, callbackSecret: string): string {
  return createHmac('sha256', Buffer.from(callbackSecret, 'utf8')).update(Buffer.from(body, 'utf8')).digest('hex');
}
