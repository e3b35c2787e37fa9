// Every success body of the REST API as a JSON Schema, written once: the server serialises and
// documents its responses with these (/openapi.json), and the SDK's result types are derived from
// them (spec api.md §3-5).
import { SECRET_ID_PATTERN, TIER_NAMES } from '../protocol/rules.js';
import type { FromSchema } from './from-schema.js';

const timestamp = { type: 'string', format: 'date-time', description: 'ISO 8601 UTC with milliseconds, e.g. 2026-02-21T12:00:00.000Z' } as const;
const secretId = { type: 'string', pattern: SECRET_ID_PATTERN, description: '16 random bytes, base64url (22 characters)' } as const;

/** 201 from POST /api/secrets (also the answer to an idempotent replay). */
export const CREATED_SCHEMA = {
  description: 'Created (also the answer to an idempotent replay).',
  type: 'object', required: ['id', 'expires_at'],
  properties: { id: secretId, expires_at: timestamp },
} as const;

/** 200 from GET /api/secrets/{id}: the record is consumed by this response. */
export const CONSUMED_SCHEMA = {
  description: 'The ciphertext. The record is consumed by this response.',
  type: 'object', required: ['encrypted_blob', 'purge_at'],
  properties: {
    encrypted_blob: { type: 'string', description: 'The blob exactly as uploaded.' },
    purge_at: { ...timestamp, description: 'When the record is physically deleted (expires_at plus the server grace period).' },
    hint: { type: 'string', description: 'Present only when the creator set one.' },
  },
} as const;

/** 200 from POST /api/secrets/{id}/peek: what the holder of the key may learn without consuming. */
export const PEEK_SCHEMA = {
  description: 'The secret is still unread. Nothing was consumed.',
  type: 'object', required: ['created_at', 'expires_at'],
  properties: {
    created_at: { ...timestamp, description: 'When the secret was created.' },
    expires_at: { ...timestamp, description: 'When it expires unread.' },
    hint: { type: 'string', description: 'Present only when the creator set one.' },
  },
} as const;

/** 200 from GET /api/limits: what the caller may do. */
export const LIMITS_SCHEMA = {
  description: 'What the caller may do.',
  type: 'object', required: ['tier', 'expiry', 'max_secret_bytes', 'max_plaintext_bytes', 'max_blob_length', 'callbacks', 'quota'],
  properties: {
    tier: { type: 'string', enum: TIER_NAMES },
    expiry: {
      type: 'object', required: ['default', 'options'],
      properties: {
        default: { type: 'integer' },
        options: {
          type: 'array',
          items: {
            type: 'object', required: ['minutes', 'allowed', 'min_tier'],
            properties: { minutes: { type: 'integer' }, allowed: { type: 'boolean' }, min_tier: { type: ['string', 'null'], enum: [...TIER_NAMES, null] } },
          },
        },
      },
    },
    max_secret_bytes: { type: 'integer', description: 'Largest secret this tier accepts, in bytes of UTF-8 plaintext (the blob\'s ciphertext minus its 16-byte tag).' },
    max_plaintext_bytes: { type: 'integer', description: 'The same as max_secret_bytes (the name earlier clients read).' },
    max_blob_length: { type: 'integer', description: 'Length in characters of the blob of a max_secret_bytes secret.' },
    callbacks: { type: 'boolean' },
    quota: {
      type: 'object', required: ['period', 'limit', 'used', 'remaining', 'resets_at'],
      properties: { period: { type: 'string', enum: ['day', 'month'] }, limit: { type: 'integer' }, used: { type: 'integer' }, remaining: { type: 'integer' }, resets_at: timestamp },
    },
  },
} as const;

export type CreatedResponse = FromSchema<typeof CREATED_SCHEMA>;
export type ConsumedResponse = FromSchema<typeof CONSUMED_SCHEMA>;
export type LimitsResponse = FromSchema<typeof LIMITS_SCHEMA>;
export type PeekResponse = FromSchema<typeof PEEK_SCHEMA>;
