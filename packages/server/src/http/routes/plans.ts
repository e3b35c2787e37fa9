// GET /api/plans: this server's tiers as configured (what the documentation calls pricing), who
// may sign up, and how to get a higher tier here. Public; the /plans page renders it.
import type { FastifyInstance } from 'fastify';
import { TIER_NAMES } from 'zephr';
import type { TierTable } from '../../domain/tiers.js';
import { COMMON_API_CODES, errorResponses } from '../schemas.js';

const tierSchema = {
  type: 'object', required: ['name', 'creates', 'period', 'expiries', 'max_secret_bytes', 'callbacks', 'who'],
  properties: {
    name: { type: 'string', enum: [...TIER_NAMES] },
    creates: { type: 'integer', description: 'Creates per period.' },
    period: { type: 'string', enum: ['day', 'month'] },
    expiries: { type: 'array', items: { type: 'integer' }, description: 'Allowed expiries in minutes.' },
    max_secret_bytes: { type: 'integer' },
    callbacks: { type: 'boolean' },
    who: { type: 'string', description: 'Who gets this tier.' },
  },
} as const;

export interface PlansInfo {
  tiers: TierTable;
  signup: 'invite' | 'open' | 'closed';
  signupTier: string;
  upgradeContact: string | null;
}

export function plansRoutes(app: FastifyInstance, info: PlansInfo): void {
  const who = (name: string) => name === 'anonymous' ? 'Anyone not signed in (per address)'
    : name === info.signupTier ? 'New accounts, and those an admin moves here' : 'Accounts and keys an admin moves here';
  const body = {
    tiers: TIER_NAMES.map((name) => {
      const t = info.tiers[name];
      return { name, creates: t.creates, period: name === 'anonymous' ? 'day' : 'month', expiries: t.expiries, max_secret_bytes: t.maxSecretBytes, callbacks: t.callbacks, who: who(name) };
    }),
    signup: info.signup,
    upgrade: info.upgradeContact ?? 'Ask an admin of this server to move your account to a higher tier.',
  };
  app.get('/plans', {
    schema: {
      operationId: 'getPlans',
      summary: "This server's tiers, who may sign up, and how to get a higher tier",
      tags: ['limits'],
      response: {
        200: { type: 'object', required: ['tiers', 'signup', 'upgrade'], properties: { tiers: { type: 'array', items: tierSchema }, signup: { type: 'string', enum: ['invite', 'open', 'closed'] }, upgrade: { type: 'string' } } },
        ...errorResponses([...COMMON_API_CODES]),
      },
    },
  }, async () => body);
}
