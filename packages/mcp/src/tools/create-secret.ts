// zephr_create_secret: encrypt in this process, store only ciphertext, return the one-time link.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createSecret, DEFAULT_EXPIRY, EXPIRIES, type Expiry, HINT_MAX_LENGTH, LEGACY_EXPIRY_HOURS } from 'zephr';
import { z } from 'zod';
import type { McpConfig } from '../config.js';
import { resolveSecret, SECRET_ENV_PATTERN } from '../secret-source.js';
import { toolError } from '../tool-errors.js';

// The hour values of an earlier protocol (1, 24, 168, 720) are accepted as hours; the SDK converts them.
const expirySchema = z.number().int().refine((v) => [...EXPIRIES, ...LEGACY_EXPIRY_HOURS].includes(v as never), {
  message: `expiry must be one of ${EXPIRIES.join(', ')} minutes (or, as hours, ${LEGACY_EXPIRY_HOURS.join(', ')})`,
});

/** Where the plaintext comes from (secret-source.ts); shared with zephr_fulfill_request. */
export const secretSourceInput = {
  secret: z.string().min(1).optional()
    .describe('The plaintext to share. Prefer secret_env or secret_file: they keep the credential out of the conversation.'),
  secret_env: z.string().regex(SECRET_ENV_PATTERN).optional()
    .describe('Name of an environment variable of the MCP server holding the secret; must begin ZEPHR_SECRET_. The value never enters the conversation.'),
  secret_file: z.string().optional()
    .describe('Absolute path of a file holding the secret, inside a directory listed in ZEPHR_MCP_FILE_ROOTS. One trailing newline is dropped.'),
};

const createInput = {
  ...secretSourceInput,
  expiry: expirySchema.optional()
    .describe(`Minutes until the secret expires: ${EXPIRIES.join(', ')} (${LEGACY_EXPIRY_HOURS.join(', ')} are read as hours). Default ${DEFAULT_EXPIRY}. Sub-hour needs a Dev/Pro key; longer than an hour needs an API key.`),
  hint: z.string().optional()
    .describe(`Plaintext label for routing and audit, 1-${HINT_MAX_LENGTH} printable ASCII, e.g. DB_PROD. Not encrypted: never put secrets in it.`),
  split: z.boolean().optional()
    .describe('Return the URL and the key separately, to send through two different channels. Default false.'),
  callback_url: z.string().optional()
    .describe('HTTPS URL that receives a signed event when the secret is read (secret.consumed) or expires unread (secret.expired). Needs ZEPHR_API_KEY and callback_secret.'),
  callback_secret: z.string().optional()
    .describe('HMAC-SHA256 key (1-256 characters) the server signs each event with, in X-Zephr-Signature. Required with callback_url.'),
};

const createOutput = {
  mode: z.enum(['standard', 'split']),
  link: z.string().optional().describe('Standard mode: the one-time link, key included.'),
  url: z.string().optional().describe('Split mode: the URL without the key.'),
  key: z.string().optional().describe('Split mode: the key (v1.…).'),
  expires_at: z.string().describe('ISO 8601 UTC.'),
  secret_id: z.string(),
  hint: z.string().optional(),
};

export function registerCreateSecret(server: McpServer, config: McpConfig): void {
  server.registerTool('zephr_create_secret', {
    title: 'Create a one-time secret',
    description: 'Encrypt a secret client-side (AES-256-GCM, in this MCP server) and store only ciphertext on the Zephr server. '
      + 'Returns a one-time link: the first person or process to open it gets the secret, and the server then deletes it. '
      + 'Give exactly one of secret, secret_env or secret_file.',
    inputSchema: createInput,
    outputSchema: createOutput,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  }, async (args) => {
    try {
      const plaintext = resolveSecret(args, config.fileRoots);
      const made = await createSecret(plaintext, {
        expiry: (args.expiry ?? DEFAULT_EXPIRY) as Expiry,
        split: args.split === true,
        ...(args.hint !== undefined && { hint: args.hint }),
        ...(args.callback_url !== undefined && { callbackUrl: args.callback_url }),
        ...(args.callback_secret !== undefined && { callbackSecret: args.callback_secret }),
        ...(config.apiKey !== undefined && { apiKey: config.apiKey }),
        ...(config.baseUrl !== undefined && { baseUrl: config.baseUrl }),
      });
      const hint = args.hint !== undefined ? { hint: args.hint } : {};
      const structured = made.mode === 'split'
        ? { mode: made.mode, url: made.url, key: made.key, expires_at: made.expiresAt, secret_id: made.secretId, ...hint }
        : { mode: made.mode, link: made.fullLink, expires_at: made.expiresAt, secret_id: made.secretId, ...hint };
      const lines = made.mode === 'split' ? [`URL: ${made.url}`, `Key: ${made.key}`] : [`Link: ${made.fullLink}`];
      lines.push(`Expires: ${made.expiresAt}`, `Secret ID: ${made.secretId}`);
      if (args.hint !== undefined) lines.push(`Hint: ${args.hint}`);
      if (made.mode === 'split') lines.push('Send the URL and the key through different channels.');
      return { content: [{ type: 'text', text: lines.join('\n') }], structuredContent: structured };
    } catch (error) {
      return toolError(error);
    }
  });
}

