// The bodies of the request routes (spec api.md §3.7): registration takes the create fields without
// a blob (claim_hash required); fulfilment a request blob (protocol.md P-REQ-6); receive a claim
// and a wait. Same field rules and codes as POST /api/secrets (create-body.ts).
import { BLOB_CANONICAL_PATTERN, decodeRequestBlob, REQUEST_WAIT_MAX_SECONDS, requestBlobLength } from 'zephr';
import type { RequestInput } from '../domain/request-service.js';
import { claimBodySchema, validateClaimBody } from './claim-body.js';
import { createSecretBodySchema, readBlob, readOptions } from './create-body.js';
import { RequestError } from './errors.js';

const { expiry, expiry_hours, hint, callback_url, callback_secret, claim_hash } = createSecretBodySchema.properties;

function object(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RequestError('INVALID_REQUEST_BODY');
  return body as Record<string, unknown>;
}

export const registerRequestBodySchema = {
  type: 'object',
  required: ['claim_hash'],
  properties: {
    expiry, expiry_hours, hint, callback_url, callback_secret,
    claim_hash: { ...claim_hash, type: 'string', description: 'base64url SHA-256 of the request claim token (HKDF-SHA256 of the request private key, info "zephr/v1/request-claim"; protocol/spec/v1/protocol.md §11). Only that token receives or cancels the request.' },
  },
  allOf: createSecretBodySchema.allOf,
  additionalProperties: true,
} as const;

export function validateRegisterBody(body: unknown, options: { allowHttpCallbacks: boolean }): RequestInput {
  const b = object(body);
  const { expiryMinutes, hint, callback, claimHash } = readOptions(b, options);
  if (claimHash === null) throw new RequestError('MISSING_CLAIM_HASH');
  return { expiryMinutes, hint, callback, claimHash };
}

/** The custom format of a request blob (P-REQ-6), which a fuzzer or client generator registers, as for secret blobs. */
export const REQUEST_BLOB_FORMAT = 'zephr-request-blob';

export const fulfilBodySchema = {
  type: 'object',
  required: ['encrypted_blob'],
  properties: {
    encrypted_blob: {
      type: 'string', format: REQUEST_BLOB_FORMAT, minLength: requestBlobLength(1),
      description: `The request blob: base64url(UTF-8 JSON {"epk","iv","ciphertext"}), unpadded, encrypted to the public key in the request link's fragment; see protocol/spec/v1/protocol.md §11. Format ${REQUEST_BLOB_FORMAT}: canonical unpadded base64url (${BLOB_CANONICAL_PATTERN}) of UTF-8 JSON with exactly the string members "epk" (65 bytes, starting 0x04), "iv" (12 bytes) and "ciphertext" (at least 17 bytes), each canonical base64url. More secret than the request takes: 413.`,
    },
  },
  additionalProperties: true,
} as const;

export function validateFulfilBody(body: unknown): { blob: string; secretBytes: number } {
  return readBlob(object(body), decodeRequestBlob);
}

export const receiveBodySchema = {
  type: 'object',
  required: ['claim'],
  properties: {
    claim: { ...claimBodySchema.properties.claim, description: 'The request claim token: base64url of HKDF-SHA256(the request private key, salt "", info "zephr/v1/request-claim", 32 bytes); see protocol/spec/v1/protocol.md P-REQ-4.' },
    wait: { type: 'integer', minimum: 0, maximum: REQUEST_WAIT_MAX_SECONDS, description: `Seconds to wait for the fulfilment, 0-${REQUEST_WAIT_MAX_SECONDS} (default 0).` },
  },
  additionalProperties: true,
} as const;

export function validateReceiveBody(body: unknown): { token: string; waitSeconds: number } {
  const token = validateClaimBody(body);
  const wait = (body as Record<string, unknown>).wait;
  if (wait === undefined || wait === null) return { token, waitSeconds: 0 };
  if (typeof wait !== 'number' || !Number.isInteger(wait) || wait < 0 || wait > REQUEST_WAIT_MAX_SECONDS) throw new RequestError('INVALID_WAIT');
  return { token, waitSeconds: wait };
}
