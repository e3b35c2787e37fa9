// The body of the claim, peek and burn requests, {"claim": "<token>"} (spec A-CLAIM-1): one schema
// that documents it in /openapi.json, checked with its own codes before the store is touched, so a
// malformed token is answered the same whatever the id.
import { CLAIM_LENGTH, CLAIM_PATTERN } from 'zephr';
import { RequestError } from './errors.js';

const CLAIM = new RegExp(CLAIM_PATTERN);

export const claimBodySchema = {
  type: 'object',
  required: ['claim'],
  properties: {
    claim: {
      type: 'string', minLength: CLAIM_LENGTH, maxLength: CLAIM_LENGTH, pattern: CLAIM_PATTERN,
      description: 'The claim token: base64url of HKDF-SHA256(key bytes, salt "", info "zephr/v1/claim", 32 bytes); see protocol/spec/v1/protocol.md §10. Never the key itself.',
    },
  },
  additionalProperties: true,
} as const;

/** The token of a parsed JSON body; throws RequestError (INVALID_REQUEST_BODY, MISSING_CLAIM, INVALID_CLAIM). */
export function validateClaimBody(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RequestError('INVALID_REQUEST_BODY');
  const claim = (body as Record<string, unknown>).claim;
  if (claim === undefined || claim === null) throw new RequestError('MISSING_CLAIM');
  if (typeof claim !== 'string' || !CLAIM.test(claim)) throw new RequestError('INVALID_CLAIM');
  return claim;
}
