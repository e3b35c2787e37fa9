// Response schemas: they serialise responses and document them in /openapi.json.
import { SECRET_ID_PATTERN, WIRE_ERRORS, type WireErrorCode } from 'zephr';
import { TIER_NAMES } from '../domain/tiers.js';

const timestamp = { type: 'string', format: 'date-time', description: 'ISO 8601 UTC with milliseconds, e.g. 2026-02-21T12:00:00.000Z' };
const secretId = { type: 'string', pattern: SECRET_ID_PATTERN, description: '16 random bytes, base64url (22 characters)' };

export const createdSchema = {
  description: 'Created (also the answer to an idempotent replay).',
  type: 'object', required: ['id', 'expires_at'],
  properties: { id: secretId, expires_at: timestamp },
};

export const consumedSchema = {
  description: 'The ciphertext. The record is consumed by this response.',
  type: 'object', required: ['encrypted_blob', 'purge_at'],
  properties: {
    encrypted_blob: { type: 'string', description: 'The blob exactly as uploaded.' },
    purge_at: { ...timestamp, description: 'When the record is physically deleted (expires_at plus the server grace period).' },
    hint: { type: 'string', description: 'Present only when the creator set one.' },
  },
};

export const limitsSchema = {
  description: 'What the caller may do.',
  type: 'object', required: ['tier', 'expiry', 'max_blob_length', 'max_plaintext_bytes', 'callbacks', 'quota'],
  properties: {
    tier: { type: 'string', enum: [...TIER_NAMES] },
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
    max_blob_length: { type: 'integer' },
    max_plaintext_bytes: { type: 'integer', description: 'Largest UTF-8 secret whose blob fits max_blob_length.' },
    callbacks: { type: 'boolean' },
    quota: {
      type: 'object', required: ['period', 'limit', 'used', 'remaining', 'resets_at'],
      properties: { period: { type: 'string', enum: ['day', 'month'] }, limit: { type: 'integer' }, used: { type: 'integer' }, remaining: { type: 'integer' }, resets_at: timestamp },
    },
  },
};

/** Codes any /api route may answer with, besides its own. */
export const COMMON_API_CODES: WireErrorCode[] = ['RATE_LIMIT_EXCEEDED', 'INTERNAL_ERROR', 'SERVICE_UNAVAILABLE'];

/** Error responses grouped by status, each listing its possible codes as an enum. */
export function errorResponses(codes: WireErrorCode[]): Record<number, object> {
  const byStatus = new Map<number, WireErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = WIRE_ERRORS[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries([...byStatus].map(([status, list]) => [status, {
    description: list.map((c) => `${c}: ${WIRE_ERRORS[c].message}`).join('; '),
    type: 'object', required: ['error'],
    properties: {
      error: {
        type: 'object', required: ['code', 'message'],
        properties: { code: { type: 'string', enum: list }, message: { type: 'string' } },
      },
    },
  }]));
}
