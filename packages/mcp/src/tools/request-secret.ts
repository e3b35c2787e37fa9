// zephr_request_secret: ask a person for a credential without it passing through the model. The
// key pair is made here; the tool returns a request link for the human to open (the secret is
// encrypted in their browser to a key only this server holds) and a handle for zephr_receive_secret.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createRequest, EXPIRIES, type Expiry, HINT_MAX_LENGTH } from 'zephr';
import { z } from 'zod';
import type { McpConfig } from '../config.js';
import { toolError } from '../tool-errors.js';
import type { RequestBook } from './request-book.js';

export function registerRequestSecret(server: McpServer, config: McpConfig, book: RequestBook): void {
  server.registerTool('zephr_request_secret', {
    title: 'Ask a person for a secret',
    description: 'Creates a one-time request link for a credential you need from a person (an API key, a password). Give the returned request_link to the user and ask them to open it: '
      + 'they paste the secret into the page, which encrypts it in their browser to a key only this MCP server holds. Never ask the user to paste a secret into the chat. '
      + 'Then call zephr_receive_secret with the handle; by default it writes the secret to a file or into a command\'s environment, so it never enters the conversation.',
    inputSchema: {
      hint: z.string().max(HINT_MAX_LENGTH).optional().describe('What you need, shown to the person (not encrypted), e.g. "GitHub token with repo scope".'),
      expiry: z.number().int().refine((m) => (EXPIRIES as readonly number[]).includes(m), { message: `one of ${EXPIRIES.join(', ')}` }).optional()
        .describe(`Minutes the request stays open: one of ${EXPIRIES.join(', ')} (default 60; the tier decides which are allowed).`),
    },
    outputSchema: {
      request_link: z.string().describe('For the person who holds the secret to open in a browser (or answer with zephr fulfill).'),
      handle: z.string().describe('Pass to zephr_receive_secret.'),
      expires_at: z.string(),
    },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  }, async (args) => {
    try {
      const made = await createRequest({
        ...(args.expiry !== undefined && { expiry: args.expiry as Expiry }), ...(args.hint !== undefined && { hint: args.hint }),
        ...(config.apiKey !== undefined && { apiKey: config.apiKey }), ...(config.baseUrl !== undefined && { baseUrl: config.baseUrl }),
      });
      book.set(made.id, { ...made, hint: args.hint });
      const text = [
        `Request link (give it to the user to open; it is safe to show): ${made.link}`,
        `Handle: ${made.id}`,
        `Open until ${made.expiresAt}. Then call zephr_receive_secret with this handle.`,
      ].join('\n');
      return { content: [{ type: 'text', text }], structuredContent: { request_link: made.link, handle: made.id, expires_at: made.expiresAt } };
    } catch (error) {
      return toolError(error);
    }
  });
}
