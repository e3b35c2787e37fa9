// The CLI's side of `zephr login` (a device authorisation flow, RFC 8628's shape) and of `zephr
// logout`: start a sign-in, poll for its key, and revoke the key presented. Under /api, bearer
// keys only; the approval itself happens in a signed-in browser at /device.
import type { FastifyInstance } from 'fastify';
import type { AccountService } from '../../domain/account-service.js';
import { DomainError } from '../../domain/domain-error.js';
import { AUTH_CODES, COMMON_API_CODES, errorResponses } from '../schemas.js';
import { serverOrigin } from '../session-cookie.js';
import { authenticate, type ResolveCaller } from './authenticate.js';

const startSchema = {
  type: 'object', required: ['device_code', 'user_code', 'verification_uri', 'verification_uri_complete', 'expires_in', 'interval'],
  properties: {
    device_code: { type: 'string', description: 'Secret to the CLI: send it to pollDeviceSignIn. Never show it.' },
    user_code: { type: 'string', description: 'What the person checks in the browser, e.g. BCDF-GHJK.' },
    verification_uri: { type: 'string' },
    verification_uri_complete: { type: 'string', description: 'The approval page with the code filled in.' },
    expires_in: { type: 'integer', description: 'Seconds the code stays valid.' },
    interval: { type: 'integer', description: 'Seconds to wait between polls.' },
  },
} as const;

const tokenSchema = {
  type: 'object', required: ['status'],
  properties: {
    status: { type: 'string', enum: ['pending', 'approved'] },
    api_key: { type: 'string', description: 'Present once, with status approved: the new key. Store it; it is never shown again.' },
    key_id: { type: 'string' },
    prefix: { type: 'string' },
    user: { type: 'object', properties: { name: { type: 'string' }, tier: { type: 'string' } } },
  },
} as const;

export function deviceRoutes(app: FastifyInstance, accounts: AccountService, resolve: ResolveCaller, publicUrl: string | null): void {
  app.post<{ Body: { client?: string } | undefined }>('/auth/device', {
    schema: {
      operationId: 'startDeviceSignIn',
      summary: 'Start a CLI sign-in (zephr login)',
      description: 'Returns a device code for the CLI and a user code for the person, who approves it at verification_uri while signed in. Poll pollDeviceSignIn for the API key.',
      tags: ['accounts'],
      body: { type: 'object', properties: { client: { type: 'string', maxLength: 64, description: 'What is asking, shown on the approval page, e.g. "zephr CLI on build-01".' } } },
      response: { 200: startSchema, ...errorResponses(['INVALID_REQUEST_BODY', 'UNSUPPORTED_MEDIA_TYPE', ...COMMON_API_CODES]) },
    },
  }, async (request) => {
    const start = await accounts.startDevice(request.body?.client?.trim() || null);
    const uri = `${serverOrigin(request, publicUrl)}/device`;
    return {
      device_code: start.deviceCode, user_code: start.userCode, verification_uri: uri,
      verification_uri_complete: `${uri}?code=${start.userCode}`, expires_in: start.expiresInSeconds, interval: start.intervalSeconds,
    };
  });

  app.post<{ Body: { device_code: string } }>('/auth/device/token', {
    schema: {
      operationId: 'pollDeviceSignIn',
      summary: 'Poll a CLI sign-in for its API key',
      description: '202 with status pending until the person approves; then, once, 200 with the new API key. Later polls: 400 DEVICE_CODE_NOT_FOUND.',
      tags: ['accounts'],
      body: { type: 'object', required: ['device_code'], properties: { device_code: { type: 'string', minLength: 43, maxLength: 43, pattern: '^[A-Za-z0-9_-]{43}$' } } },
      response: {
        200: tokenSchema, 202: tokenSchema,
        ...errorResponses(['INVALID_REQUEST_BODY', 'DEVICE_CODE_NOT_FOUND', 'DEVICE_CODE_DENIED', 'ACCOUNT_DISABLED', 'DEVICE_CODE_EXPIRED', 'UNSUPPORTED_MEDIA_TYPE', ...COMMON_API_CODES]),
      },
    },
  }, async (request, reply) => {
    const poll = await accounts.pollDevice(request.body.device_code);
    if (poll.kind === 'pending') return reply.code(202).send({ status: 'pending' });
    return { status: 'approved', api_key: poll.key, key_id: poll.keyId, prefix: poll.prefix, user: { name: poll.user.name, tier: poll.user.tier } };
  });

  app.delete('/keys/current', {
    preParsing: [authenticate(resolve)],
    schema: {
      operationId: 'revokeCurrentKey',
      summary: 'Revoke the API key this request presents (zephr logout)',
      tags: ['accounts'],
      response: { 204: { description: 'Revoked: the key no longer works.', type: 'null' }, ...errorResponses([...AUTH_CODES, 'SIGN_IN_REQUIRED', ...COMMON_API_CODES]) },
      security: [{ bearer: [] }],
    },
  }, async (request, reply) => {
    const caller = request.caller!;
    if (caller.kind !== 'key' || caller.keyId.startsWith('web_')) throw new DomainError('SIGN_IN_REQUIRED', 'Send the API key to revoke in the Authorization header');
    await accounts.revokeAnyKey(caller.keyId);
    return reply.code(204).send();
  });
}
