// zephr_secret_info and zephr_burn_secret: look at an unread secret without opening it, or destroy
// it unread. Both need the key (spec A-PEEK-1, A-BURN-1); neither returns the secret.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { burnSecret, peekSecret } from 'zephr';
import { z } from 'zod';
import type { McpConfig } from '../config.js';
import { toolError } from '../tool-errors.js';
import { linkInput, linkOf } from './link-args.js';

export function registerSecretInfo(server: McpServer, config: McpConfig): void {
  const options = config.apiKey !== undefined ? { apiKey: config.apiKey } : {};
  server.registerTool('zephr_secret_info', {
    title: 'Check a one-time secret without opening it',
    description: 'Says whether a Zephr link still opens, with its hint and expiry, without consuming it. Use this, never retrieve, to check a link.',
    inputSchema: linkInput,
    outputSchema: {
      status: z.literal('unread'),
      hint: z.string().optional(),
      created_at: z.string().describe('ISO 8601'),
      expires_at: z.string().describe('ISO 8601: when it expires unread'),
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  }, async (args) => {
    try {
      const info = await peekSecret(linkOf(args), options);
      const lines = ['Unread: the link still opens, once.', ...(info.hint !== undefined ? [`Hint: ${info.hint}`] : []), `Expires at: ${info.expiresAt}`];
      return {
        content: [{ type: 'text', text: lines.join('\n') }],
        structuredContent: { status: 'unread', ...(info.hint !== undefined && { hint: info.hint }), created_at: info.createdAt, expires_at: info.expiresAt },
      };
    } catch (error) {
      return toolError(error);
    }
  });

  server.registerTool('zephr_burn_secret', {
    title: 'Burn a one-time secret (destroys it unread)',
    description: 'Destroys an unread secret so its link no longer opens, for example one sent to the wrong place. Needs the full link (or url and key). '
      + 'If it was already read, says so and changes nothing.',
    inputSchema: linkInput,
    outputSchema: { status: z.literal('burned') },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  }, async (args) => {
    try {
      await burnSecret(linkOf(args), options);
      return { content: [{ type: 'text', text: 'Burned: the secret is destroyed and the link no longer opens.' }], structuredContent: { status: 'burned' } };
    } catch (error) {
      return toolError(error);
    }
  });
}
