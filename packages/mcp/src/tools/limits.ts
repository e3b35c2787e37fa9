// zephr_limits: what this caller may do on the server (GET /api/limits through the SDK), so an
// agent picks an expiry and size that will be accepted instead of learning by refusal.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { getLimits } from 'zephr';
import { z } from 'zod';
import type { McpConfig } from '../config.js';
import { toolError } from '../tool-errors.js';

export function registerLimits(server: McpServer, config: McpConfig): void {
  server.registerTool('zephr_limits', {
    title: 'Show your Zephr limits',
    description: 'The tier of the configured API key (or anonymous), the expiries it allows, the largest secret in bytes, and the creates left in this period. Reads only; costs no quota.',
    inputSchema: {},
    outputSchema: {
      tier: z.string(),
      allowed_expiries: z.array(z.number().int()).describe('minutes'),
      default_expiry: z.number().int().describe('minutes'),
      max_secret_bytes: z.number().int(),
      creates_remaining: z.number().int(),
      creates_limit: z.number().int(),
      resets_at: z.string().describe('ISO 8601'),
      callbacks: z.boolean(),
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  }, async () => {
    try {
      const limits = await getLimits({ ...(config.apiKey !== undefined && { apiKey: config.apiKey }), ...(config.baseUrl !== undefined && { baseUrl: config.baseUrl }) });
      const allowed = limits.expiry.options.filter((o) => o.allowed).map((o) => o.minutes);
      const q = limits.quota;
      const text = [
        `Tier: ${limits.tier}`,
        `Expiries (minutes): ${allowed.join(', ')} (default ${limits.expiry.default})`,
        `Max secret: ${limits.max_secret_bytes} bytes`,
        `Creates left: ${q.remaining} of ${q.limit} this ${q.period} (resets ${q.resets_at})`,
        `Callbacks: ${limits.callbacks ? 'yes' : 'no'}`,
      ].join('\n');
      return {
        content: [{ type: 'text', text }],
        structuredContent: {
          tier: limits.tier, allowed_expiries: allowed, default_expiry: limits.expiry.default, max_secret_bytes: limits.max_secret_bytes,
          creates_remaining: q.remaining, creates_limit: q.limit, resets_at: q.resets_at, callbacks: limits.callbacks,
        },
      };
    } catch (error) {
      return toolError(error);
    }
  });
}
