// The secret service: tier policy, expiry, quotas, idempotency and consume-once, over a Store.
// It knows nothing of HTTP or SQL; errors are DomainErrors carrying wire codes.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { blobLength, CLAIM_RETRY_WINDOW_SECONDS, type ConsumedResponse, decodeBase64Url, formatBytes, isSecretId, type LimitsResponse, type PeekResponse } from 'zephr';
import type { Refusal } from '../store/secret-store.js';
import type { ApiKeyStore, AuditStore, CreateRequest, SecretStore, StoredResponse, SweepResult } from '../store/store.js';
import { hashApiKey, sameHash } from './api-keys.js';
import { quotaNetwork } from './client-network.js';
import { DomainError } from './domain-error.js';
import { newSecretId } from './secret-ids.js';
import { dayPeriod, inPeriod, isoTime, monthPeriod, type Period, secondsUntil } from './periods.js';
import { DEFAULT_EXPIRY, EXPIRIES, minTierFor, type Tier, type TierName, type TierTable } from './tiers.js';

/**
 * Who is calling. `key`: an API key, or a signed-in user on the web pages (their web key). A
 * user's keys share one quota (subject `user:<id>`) and the user's tier; an operator's key
 * (no user) has its own.
 */
export type Caller =
  | { kind: 'anonymous'; subject: string }
  | { kind: 'key'; keyId: string; tier: TierName; subject: string; userId: string | null };

export interface CreateInput {
  blob: string;
  /** Bytes of plaintext the blob carries: its ciphertext minus the 16-byte tag (exact, from the checked blob). */
  secretBytes: number;
  expiryMinutes: number;
  splitUrlMode: boolean;
  hint: string | null;
  callback: { url: string; secret: string } | null;
  idempotencyKey: string | null;
  /** SHA-256 of the claim token, base64url (spec P-CLAIM-2); null for a secret the id alone consumes. */
  claimHash: string | null;
}

/** Hooks for metrics and webhook delivery. Called after the store has committed. */
export interface SecretEvents {
  created?(): void;
  consumed?(): void;
  burned?(): void;
  expired?(count: number): void;
  /** Webhook events were queued: deliver them soon. */
  webhooksQueued?(): void;
}

/** Seals callback secrets before they are stored (the server key's SecretBox). */
export interface CallbackSealer {
  seal(secretId: string, callbackSecret: string): string;
}

export interface ServiceOptions {
  secrets: SecretStore;
  apiKeys: ApiKeyStore;
  audit: AuditStore;
  tiers: TierTable;
  clock: () => number;
  purgeGraceMs: number;
  /** Per-installation secret used to hash client IPs; no address is ever stored. */
  installationSecret: Uint8Array;
  sealer: CallbackSealer;
  newId?: () => string;
  /** Webhook event ids (random UUIDs by default). */
  newEventId?: () => string;
  events?: SecretEvents;
  /** How long a claimed blob is kept for a retry of the same claim (0: not at all). Default 60 s. */
  claimRetryWindowMs?: number;
  /** How long a secret made with a key keeps its (blob-less) record after it ends, for the audit trail. Default 0. */
  auditRetentionMs?: number;
}

/** The claim hash a presented token must match: SHA-256 of its 32 bytes (spec P-CLAIM-2). */
export function claimHashOf(token: string): string {
  return createHash('sha256').update(decodeBase64Url(token, 'claim')).digest('base64url');
}

/** The 413 for a secret over a size limit, naming the size, the limit and the blob length it allows (A-TIER-2). */
export function tooLarge(secretBytes: number, maxSecretBytes: number, who: string, blobLengthOf: (bytes: number) => number = blobLength): DomainError {
  return new DomainError('PAYLOAD_TOO_LARGE',
    `This secret is ${formatBytes(secretBytes)}; ${who} at most ${formatBytes(maxSecretBytes)} of secret (an encrypted blob of ${blobLengthOf(maxSecretBytes).toLocaleString('en-US')} characters)`);
}

export const REFUSALS: Record<Refusal['kind'], 'SECRET_ALREADY_CONSUMED' | 'SECRET_BURNED' | 'SECRET_EXPIRED' | 'SECRET_NOT_FOUND'> = {
  already_consumed: 'SECRET_ALREADY_CONSUMED', burned: 'SECRET_BURNED', expired: 'SECRET_EXPIRED', not_found: 'SECRET_NOT_FOUND',
};

/** A plain GET that finds nothing it may consume says where a claimed secret can be opened. */
const GET_NOT_FOUND = 'Secret not found. Links made by current Zephr clients open only with their key: open the link in the web page or a current Zephr client.';

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const KEY_TOUCH_MS = 60_000;

/** Anonymous subjects remembered per client address (an HMAC each otherwise); cleared when full. */
const SUBJECT_CACHE_SIZE = 10_000;

export class SecretService {
  private readonly o: Required<Omit<ServiceOptions, 'events'>> & { events: SecretEvents };
  private readonly anonSubjects = new Map<string, string>();
  private day: Period | null = null;
  private month: Period | null = null;

  constructor(options: ServiceOptions) {
    this.o = { newId: newSecretId, newEventId: randomUUID, events: {}, claimRetryWindowMs: CLAIM_RETRY_WINDOW_SECONDS * 1000, auditRetentionMs: 0, ...options };
  }

  get tiers(): TierTable {
    return this.o.tiers;
  }

  /** Who is calling: an API key (validated here) or an anonymous client network. */
  async resolveCaller(apiKey: string | null, clientIp: string): Promise<Caller> {
    if (apiKey === null) {
      let subject = this.anonSubjects.get(clientIp);
      if (subject === undefined) {
        const digest = createHmac('sha256', this.o.installationSecret).update(quotaNetwork(clientIp)).digest('base64url');
        subject = `anon:${digest.slice(0, 32)}`;
        if (this.anonSubjects.size >= SUBJECT_CACHE_SIZE) this.anonSubjects.clear();
        this.anonSubjects.set(clientIp, subject);
      }
      return { kind: 'anonymous', subject };
    }
    const hash = hashApiKey(apiKey);
    const record = await this.o.apiKeys.findByHash(hash);
    if (record === null || !sameHash(record.hash, hash) || record.revokedAt !== null || record.kind === 'web') throw new DomainError('INVALID_API_KEY');
    if (record.ownerDisabled) throw new DomainError('ACCOUNT_DISABLED', 'The account this API key belongs to is disabled');
    const now = this.o.clock();
    // Last use, for the owner's key list: written at most once a minute per key, never awaited.
    if ((record.lastUsedAt ?? 0) < now - KEY_TOUCH_MS) void this.o.apiKeys.touch(record.id, now, now - KEY_TOUCH_MS).catch(() => undefined);
    const userId = record.userId ?? null;
    return { kind: 'key', keyId: record.id, tier: record.tier, subject: userId === null ? `key:${record.id}` : `user:${userId}`, userId };
  }

  /** A signed-in user on the web pages: their tier and quota, and their web key as the owner of what they create. */
  userCaller(user: { id: string; tier: TierName }, webKeyId: string): Caller {
    return { kind: 'key', keyId: webKeyId, tier: user.tier, subject: `user:${user.id}`, userId: user.id };
  }

  tierOf(caller: Caller): { name: TierName; tier: Tier } {
    const name = caller.kind === 'anonymous' ? 'anonymous' : caller.tier;
    return { name, tier: this.o.tiers[name] };
  }

  /** The caller's quota window, worked out again only when the current one has ended. */
  private periodOf(caller: Caller, now: number): Period {
    if (caller.kind === 'anonymous') {
      if (this.day === null || !inPeriod(this.day, now)) this.day = dayPeriod(now);
      return this.day;
    }
    if (this.month === null || !inPeriod(this.month, now)) this.month = monthPeriod(now);
    return this.month;
  }

  /** Tier policy for what a caller asks to be stored: the expiry (A-TIER-1) and callbacks (A-CREATE-5). */
  checkOptions(caller: Caller, input: { expiryMinutes: number; callback: unknown }): void {
    const { name, tier } = this.tierOf(caller);
    if (!tier.expiries.includes(input.expiryMinutes)) {
      const needed = minTierFor(this.o.tiers, input.expiryMinutes);
      const how = needed === null ? 'is not offered by this server' : caller.kind === 'anonymous' ? `requires an API key (${needed} tier or higher)` : `requires the ${needed} tier or higher`;
      throw new DomainError('UPGRADE_REQUIRED', `An expiry of ${input.expiryMinutes} minutes ${how}; the ${name} tier allows ${tier.expiries.join(', ')}`);
    }
    if (input.callback !== null && !tier.callbacks) {
      throw new DomainError('UPGRADE_REQUIRED', caller.kind === 'anonymous' ? 'Callbacks require an API key' : `Callbacks are not available on the ${name} tier`);
    }
  }

  private checkPolicy(caller: Caller, input: CreateInput): void {
    this.checkOptions(caller, input);
    const { name, tier } = this.tierOf(caller);
    if (input.secretBytes > tier.maxSecretBytes) throw tooLarge(input.secretBytes, tier.maxSecretBytes, `the ${name} tier allows`);
  }

  /** The quota a create by `caller` at `now` counts against (shared by secrets and requests). */
  quotaFor(caller: Caller, now: number): { quota: CreateRequest['quota']; resetsAt: number } {
    const { tier } = this.tierOf(caller);
    const period = this.periodOf(caller, now);
    return { quota: { subject: caller.subject, period: period.key, limit: tier.creates, periodEndsAt: period.resetsAt + 86_400_000 }, resetsAt: period.resetsAt };
  }

  /** The 429 for a caller whose quota is spent. */
  quotaExceeded(caller: Caller, resetsAt: number, now: number): DomainError {
    const { tier } = this.tierOf(caller);
    const retryAfterSeconds = secondsUntil(resetsAt, now);
    const when = isoTime(resetsAt);
    return caller.kind === 'anonymous'
      ? new DomainError('ANON_RATE_LIMIT_EXCEEDED', `Anonymous daily limit of ${tier.creates} creates reached; it resets at ${when}. An API key raises the limit.`, { retryAfterSeconds })
      : new DomainError('MONTHLY_LIMIT_EXCEEDED', `Monthly limit of ${tier.creates} creates reached for this ${caller.userId === null ? 'API key' : 'account'}; it resets at ${when}.`, { retryAfterSeconds });
  }

  /** Creates a secret, or replays an earlier create with the same idempotency key. */
  async create(caller: Caller, input: CreateInput): Promise<{ replayed: boolean; response: StoredResponse }> {
    this.checkPolicy(caller, input);
    const now = this.o.clock();
    const { quota, resetsAt } = this.quotaFor(caller, now);
    const expiresAt = now + input.expiryMinutes * 60_000;
    const id = this.o.newId();
    const response: StoredResponse = { id, expires_at: isoTime(expiresAt) };
    const result = await this.o.secrets.create({
      secret: {
        id, blob: input.blob, createdAt: now, expiresAt, purgeAt: expiresAt + this.o.purgeGraceMs,
        hint: input.hint, splitUrlMode: input.splitUrlMode, ownerKeyId: caller.kind === 'key' ? caller.keyId : null,
        callbackUrl: input.callback?.url ?? null,
        // Only the sealed form is stored: a copy of the database does not reveal it.
        callbackSecret: input.callback === null ? null : this.o.sealer.seal(id, input.callback.secret),
        claimHash: input.claimHash,
      },
      quota,
      idempotency: input.idempotencyKey === null ? null : { scope: caller.subject, key: input.idempotencyKey, expiresAt: now + IDEMPOTENCY_TTL_MS },
      response,
      now,
    });
    if (result.kind === 'replayed') return { replayed: true, response: result.response };
    if (result.kind === 'quota_exceeded') throw this.quotaExceeded(caller, resetsAt, now);
    this.o.events.created?.();
    return { replayed: false, response };
  }

  /**
   * GET: consumes a secret created without a claim hash, exactly once. A claimed secret is
   * SECRET_NOT_FOUND here, whatever its state, and nothing changes (spec A-GET-7).
   */
  async consume(id: string): Promise<ConsumedResponse> {
    if (!isSecretId(id)) throw new DomainError('SECRET_NOT_FOUND', GET_NOT_FOUND);
    const result = await this.o.secrets.consume(id, this.o.clock(), this.o.newEventId(), null);
    if (result.kind === 'not_found') throw new DomainError('SECRET_NOT_FOUND', GET_NOT_FOUND);
    return this.consumed(result);
  }

  /**
   * POST …/claim: consumes with proof of key (spec A-CLAIM-2..4). A wrong token is answered
   * exactly like an unknown id. A retry with the same token and Idempotency-Key within the retry
   * window gets the same 200 again.
   */
  async claim(id: string, token: string, idempotencyKey: string | null): Promise<ConsumedResponse> {
    if (!isSecretId(id)) throw new DomainError('SECRET_NOT_FOUND');
    const now = this.o.clock();
    const retainUntil = now + this.o.claimRetryWindowMs;
    return this.consumed(await this.o.secrets.consume(id, now, this.o.newEventId(), { hash: claimHashOf(token), idempotencyKey, retainUntil }));
  }

  private consumed(result: Awaited<ReturnType<SecretStore['consume']>>): ConsumedResponse {
    if (result.kind !== 'consumed') throw new DomainError(REFUSALS[result.kind]);
    if (!result.replayed) this.o.events.consumed?.();
    // The response never waits for delivery; the deliverer picks the event up from the store.
    if (result.webhookQueued) this.o.events.webhooksQueued?.();
    const body: ConsumedResponse = { encrypted_blob: result.blob, purge_at: isoTime(result.purgeAt) };
    if (result.hint !== null) body.hint = result.hint;
    return body;
  }

  /** POST …/peek: the metadata of an unread secret, for the holder of its key; consumes nothing. */
  async peek(id: string, token: string): Promise<PeekResponse> {
    if (!isSecretId(id)) throw new DomainError('SECRET_NOT_FOUND');
    const result = await this.o.secrets.peek(id, this.o.clock(), claimHashOf(token));
    if (result.kind !== 'live') throw new DomainError(REFUSALS[result.kind]);
    const body: PeekResponse = { created_at: isoTime(result.createdAt), expires_at: isoTime(result.expiresAt) };
    if (result.hint !== null) body.hint = result.hint;
    return body;
  }

  /** DELETE: the holder of the key destroys an unread secret (burning it again is fine). */
  async burn(id: string, token: string): Promise<void> {
    if (!isSecretId(id)) throw new DomainError('SECRET_NOT_FOUND');
    const result = await this.o.secrets.burn(id, this.o.clock(), claimHashOf(token), this.o.newEventId());
    if (result.kind !== 'burned') throw new DomainError(REFUSALS[result.kind]);
    if (result.again) return;
    this.o.events.burned?.();
    if (result.webhookQueued) this.o.events.webhooksQueued?.();
  }

  /**
   * The owner burns one of their own unread secrets without its key (audit trail, or DELETE with
   * the owner's API key): anything else is SECRET_NOT_FOUND, exactly like an unknown id.
   */
  async burnAsOwner(userId: string, id: string): Promise<void> {
    if (!isSecretId(id)) throw new DomainError('SECRET_NOT_FOUND');
    const owned = await this.o.audit.owner(id);
    if (owned === null || owned.userId !== userId) throw new DomainError('SECRET_NOT_FOUND');
    // The claim hash is the record's own: the store's one proof rule applies unchanged (any hash passes an unclaimed record).
    const result = await this.o.secrets.burn(id, this.o.clock(), owned.claimHash ?? 'owner', this.o.newEventId());
    if (result.kind !== 'burned') throw new DomainError(REFUSALS[result.kind]);
    if (result.again) return;
    this.o.events.burned?.();
    if (result.webhookQueued) this.o.events.webhooksQueued?.();
  }

  async limits(caller: Caller): Promise<LimitsResponse> {
    const now = this.o.clock();
    const { name, tier } = this.tierOf(caller);
    const period = this.periodOf(caller, now);
    const used = await this.o.secrets.quotaUsage(caller.subject, period.key);
    return {
      tier: name,
      expiry: {
        default: tier.expiries.includes(DEFAULT_EXPIRY) ? DEFAULT_EXPIRY : tier.expiries[0] ?? DEFAULT_EXPIRY,
        options: EXPIRIES.map((minutes) => ({ minutes, allowed: tier.expiries.includes(minutes), min_tier: minTierFor(this.o.tiers, minutes) })),
      },
      max_secret_bytes: tier.maxSecretBytes,
      max_plaintext_bytes: tier.maxSecretBytes,
      max_blob_length: blobLength(tier.maxSecretBytes),
      callbacks: tier.callbacks,
      quota: { period: period.kind, limit: tier.creates, used, remaining: Math.max(0, tier.creates - used), resets_at: isoTime(period.resetsAt) },
    };
  }

  /** One sweep batch: queue owed expiry events, destroy expired ciphertext, purge records past purge_at. */
  async sweepBatch(batchSize: number): Promise<SweepResult> {
    const result = await this.o.secrets.sweep(this.o.clock(), batchSize, this.o.newEventId, this.o.auditRetentionMs);
    if (result.expired > 0) this.o.events.expired?.(result.expired);
    if (result.events > 0) this.o.events.webhooksQueued?.();
    return result;
  }
}
