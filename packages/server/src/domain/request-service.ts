// Requests (spec api.md §3.7): a requester registers one (counted as a create, with the tier's
// expiries and callbacks), a sender fulfils it once with a request blob, and the requester
// receives it by proof of key, waiting for it by long-poll if asked. The fulfilment is a claimed
// secret bound to the request's claim hash, so receiving it is SecretStore.consume, with all of
// consume-once. Knows nothing of HTTP or SQL.
import { randomUUID } from 'node:crypto';
import { REQUEST_WAIT_MAX_SECONDS, requestBlobLength } from 'zephr';
import type { RequestRecord, RequestStore, SecretStore } from '../store/store.js';
import { sameDigest } from '../store/rows.js';
import { DomainError } from './domain-error.js';
import { isoTime } from './periods.js';
import { newSecretId } from './secret-ids.js';
import { type Caller, type CallbackSealer, claimHashOf, REFUSALS, type SecretEvents, type SecretService, tooLarge } from './secret-service.js';

export interface RequestInput {
  expiryMinutes: number;
  hint: string | null;
  callback: { url: string; secret: string } | null;
  /** SHA-256 of the request claim token (protocol.md P-REQ-4). */
  claimHash: string;
}

export interface RequestServiceOptions {
  requests: RequestStore;
  secrets: SecretStore;
  /** Tier policy and quota windows, shared with secrets. */
  policy: SecretService;
  clock: () => number;
  purgeGraceMs: number;
  sealer: CallbackSealer;
  claimRetryWindowMs: number;
  auditRetentionMs: number;
  newId?: () => string;
  newEventId?: () => string;
  events?: SecretEvents;
  /** How often a waiting receive looks at the store again (a fulfil on another instance). Default 1 s. */
  pollMs?: number;
}

export interface ReceivedRequest {
  encrypted_blob: string;
  fulfilled_at: string;
  hint?: string;
}

export type ReceiveResult = { kind: 'received'; body: ReceivedRequest } | { kind: 'pending'; body: { status: 'pending'; expires_at: string } };

export class RequestService {
  private readonly o: Required<Omit<RequestServiceOptions, 'events'>> & { events: SecretEvents };
  /** Receives waiting in this process, by request id: woken by a fulfil or cancel here. */
  private readonly waiting = new Map<string, Set<() => void>>();
  private closed = false;

  constructor(options: RequestServiceOptions) {
    this.o = { newId: newSecretId, newEventId: randomUUID, events: {}, pollMs: 1000, ...options };
  }

  /** POST /api/requests (A-REQ-1); a retry with the same Idempotency-Key within 24 h replays the first 201. */
  async create(caller: Caller, input: RequestInput, idempotencyKey: string | null): Promise<{ id: string; expires_at: string }> {
    this.o.policy.checkOptions(caller, input);
    const now = this.o.clock();
    const { quota, resetsAt } = this.o.policy.quotaFor(caller, now);
    const id = this.o.newId();
    const expiresAt = now + input.expiryMinutes * 60_000;
    const response = { id, expires_at: isoTime(expiresAt) };
    // Scoped apart from creates: one Idempotency-Key never replays a secret's id as a request's.
    const idempotency = idempotencyKey === null ? null : { scope: `request:${caller.subject}`, key: idempotencyKey, expiresAt: now + IDEMPOTENCY_TTL_MS };
    const result = await this.o.requests.createRequest({
      id, createdAt: now, expiresAt, purgeAt: expiresAt + this.o.purgeGraceMs, expiryMinutes: input.expiryMinutes,
      hint: input.hint, claimHash: input.claimHash, ownerKeyId: caller.kind === 'key' ? caller.keyId : null,
      maxSecretBytes: this.o.policy.tierOf(caller).tier.maxSecretBytes,
      callbackUrl: input.callback?.url ?? null,
      callbackSecret: input.callback === null ? null : this.o.sealer.seal(id, input.callback.secret),
    }, quota, idempotency, response, now);
    if (result.kind === 'replayed') return result.response;
    if (result.kind === 'quota_exceeded') throw this.o.policy.quotaExceeded(caller, resetsAt, now);
    this.o.events.created?.();
    return response;
  }

  /** GET /api/requests/{id} (A-REQ-2): what a sender needs to answer it. */
  async describe(id: string): Promise<{ expires_at: string; max_secret_bytes: number; hint?: string }> {
    const r = this.openOrThrow(await this.o.requests.findRequest(id, this.o.clock()));
    return { expires_at: isoTime(r.expiresAt), max_secret_bytes: r.maxSecretBytes, ...(r.hint !== null && { hint: r.hint }) };
  }

  /** POST /api/requests/{id}/fulfil (A-REQ-3). */
  async fulfil(id: string, blob: string, secretBytes: number): Promise<{ fulfilled_at: string; expires_at: string }> {
    const now = this.o.clock();
    const r = this.openOrThrow(await this.o.requests.findRequest(id, now));
    if (secretBytes > r.maxSecretBytes) throw tooLarge(secretBytes, r.maxSecretBytes, 'this request takes', requestBlobLength);
    const expiresAt = now + r.expiryMinutes * 60_000;
    const result = await this.o.requests.fulfil(id, now, {
      id: this.o.newId(), blob, createdAt: now, expiresAt, purgeAt: expiresAt + this.o.purgeGraceMs, hint: r.hint, splitUrlMode: false,
      ownerKeyId: r.ownerKeyId, callbackUrl: null, callbackSecret: null, claimHash: r.claimHash,
    }, this.o.newEventId());
    if (result.kind !== 'fulfilled') throw new DomainError(FULFIL_REFUSALS[result.kind]);
    this.wake(id);
    if (result.webhookQueued) this.o.events.webhooksQueued?.();
    return { fulfilled_at: isoTime(now), expires_at: isoTime(expiresAt) };
  }

  /**
   * POST /api/requests/{id}/receive (A-REQ-4): the secret, consumed, once it is there; waits up
   * to `waitSeconds` for it. `signal` ends the wait early (the client went away).
   */
  async receive(id: string, token: string, waitSeconds: number, idempotencyKey: string | null, signal?: AbortSignal): Promise<ReceiveResult> {
    const hash = claimHashOf(token);
    const deadline = Date.now() + Math.min(waitSeconds, REQUEST_WAIT_MAX_SECONDS) * 1000;
    for (;;) {
      const now = this.o.clock();
      const r = this.proven(await this.o.requests.findRequest(id, now), hash);
      if (r.cancelledAt !== null) throw new DomainError('REQUEST_CANCELLED');
      if (r.secretId !== null) {
        const retainUntil = now + this.o.claimRetryWindowMs;
        const result = await this.o.secrets.consume(r.secretId, now, this.o.newEventId(), { hash, idempotencyKey, retainUntil });
        if (result.kind !== 'consumed') throw new DomainError(result.kind === 'not_found' ? 'REQUEST_NOT_FOUND' : REFUSALS[result.kind]);
        if (!result.replayed) this.o.events.consumed?.();
        return { kind: 'received', body: { encrypted_blob: result.blob, fulfilled_at: isoTime(r.fulfilledAt!), ...(r.hint !== null && { hint: r.hint }) } };
      }
      if (now >= r.expiresAt) throw new DomainError('REQUEST_EXPIRED');
      const left = deadline - Date.now();
      if (left <= 0 || this.closed || signal?.aborted) return { kind: 'pending', body: { status: 'pending', expires_at: isoTime(r.expiresAt) } };
      await this.nap(id, Math.min(left, this.o.pollMs), signal);
    }
  }

  /** DELETE /api/requests/{id} (A-REQ-5): cancels, destroying a secret deposited but not received. */
  async cancel(id: string, token: string): Promise<void> {
    const hash = claimHashOf(token);
    const now = this.o.clock();
    let r = this.proven(await this.o.requests.findRequest(id, now), hash);
    if (r.cancelledAt !== null) return;
    if (r.secretId === null) {
      if (await this.o.requests.cancelOpen(id, now)) {
        this.wake(id);
        return;
      }
      // Fulfilled (or cancelled) in between: look again.
      r = this.proven(await this.o.requests.findRequest(id, now), hash);
      if (r.cancelledAt !== null) return;
    }
    const burned = await this.o.secrets.burn(r.secretId!, now, hash, this.o.newEventId());
    if (burned.kind === 'already_consumed') throw new DomainError('SECRET_ALREADY_CONSUMED');
    await this.o.requests.markCancelled(id, now);
    if (burned.kind === 'burned' && !burned.again) this.o.events.burned?.();
    this.wake(id);
  }

  /** One sweep batch of requests past their purge (and retention); returns how many went. */
  async sweepBatch(batchSize: number): Promise<number> {
    return this.o.requests.sweepRequests(this.o.clock(), batchSize, this.o.auditRetentionMs);
  }

  /** Ends every wait now (shutdown): waiting receives answer 202 at once. */
  close(): void {
    this.closed = true;
    for (const id of [...this.waiting.keys()]) this.wake(id);
  }

  private openOrThrow(r: RequestRecord | null): RequestRecord {
    if (r === null) throw new DomainError('REQUEST_NOT_FOUND');
    if (r.cancelledAt !== null) throw new DomainError('REQUEST_CANCELLED');
    if (r.fulfilledAt !== null) throw new DomainError('REQUEST_FULFILLED');
    if (this.o.clock() >= r.expiresAt) throw new DomainError('REQUEST_EXPIRED');
    return r;
  }

  /** The request, for a token that matches it; anything else is exactly an unknown id. */
  private proven(r: RequestRecord | null, hash: string): RequestRecord {
    if (r === null || !sameDigest(r.claimHash, hash)) throw new DomainError('REQUEST_NOT_FOUND');
    return r;
  }

  private wake(id: string): void {
    const set = this.waiting.get(id);
    if (set === undefined) return;
    this.waiting.delete(id);
    for (const resolve of set) resolve();
  }

  /** Sleeps until `ms` pass, this request is fulfilled or cancelled here, `signal` aborts, or close(). */
  private nap(id: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiting.get(id);
      if (set === undefined) this.waiting.set(id, (set = new Set()));
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiting.get(id)?.delete(done);
        if (this.waiting.get(id)?.size === 0) this.waiting.delete(id);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

const FULFIL_REFUSALS = {
  already_fulfilled: 'REQUEST_FULFILLED', cancelled: 'REQUEST_CANCELLED', expired: 'REQUEST_EXPIRED', not_found: 'REQUEST_NOT_FOUND',
} as const;
