// zephr_fulfill_request: answer someone's request link with a credential this side holds. It is
// encrypted here to the key in the link's fragment and sent once; the model can name where the
// secret is (secret_env, secret_file) without ever seeing it.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { fulfillRequest, requestInfo } from 'zephr';
import { z } from 'zod';
import type { McpConfig } from '../config.js';
import { resolveSecret } from '../secret-source.js';
import { InputProblem, toolError } from '../tool-errors.js';
import { secretSourceInput } from './create-secret.js';

export function registerFulfillRequest(server: McpServer, config: McpConfig): void {
  server.registerTool('zephr_fulfill_request', {
    title: 'Answer a request for a secret',
    description: 'Sends a credential in answer to a Zephr request link (…/request/<id>#r1.…), encrypted here to the requester\'s key: only they can open it, once. '
      + 'A request can be answered once. Prefer secret_env or secret_file so the credential never enters the conversation.',
    inputSchema: { request_link: z.string().describe('The request link, whole (with its #r1.… key).'), ...secretSourceInput },
    outputSchema: { fulfilled_at: z.string(), expires_at: z.string().describe('Until when the requester can receive it.'), hint: z.string().optional() },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  }, async (args) => {
    try {
      const info = await requestInfo(args.request_link);
      const secret = resolveSecret(args, config.fileRoots);
      if (new TextEncoder().encode(secret).length > info.maxSecretBytes) throw new InputProblem(`the secret is larger than this request takes (${info.maxSecretBytes} bytes); nothing was sent`);
      const sent = await fulfillRequest(args.request_link, secret);
      return {
        content: [{ type: 'text', text: `Sent${info.hint === undefined ? '' : ` for "${info.hint}"`}, encrypted to the requester's key. They can receive it until ${sent.expiresAt}.` }],
        structuredContent: { fulfilled_at: sent.fulfilledAt, expires_at: sent.expiresAt, ...(info.hint !== undefined && { hint: info.hint }) },
      };
    } catch (error) {
      return toolError(error);
    }
  });
}
