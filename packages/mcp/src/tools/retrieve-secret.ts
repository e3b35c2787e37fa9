// zephr_retrieve_secret: fetch and decrypt a one-time secret; the server destroys it. With
// output_file the plaintext goes to a 0600 file and never into the conversation.
import { closeSync, unlinkSync } from 'node:fs';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { retrieveSecret } from 'zephr';
import { z } from 'zod';
import type { McpConfig } from '../config.js';
import { openForSecret, writablePath, writeSecretAndClose } from '../file-roots.js';
import { toolError } from '../tool-errors.js';
import { linkInput, linkOf } from './link-args.js';

const retrieveInput = {
  ...linkInput,
  output_file: z.string().optional()
    .describe('Absolute path of a new file, inside ZEPHR_MCP_FILE_ROOTS, to write the secret to (mode 0600). The result then gives only the path and size, never the secret: use it to keep credentials out of the conversation.'),
};

const retrieveOutput = {
  plaintext: z.string().optional().describe('The secret (absent when output_file was given).'),
  output_file: z.string().optional().describe('Where the secret was written.'),
  bytes: z.number().int().optional().describe('Size of the written secret in bytes.'),
  hint: z.string().optional(),
  purge_at: z.string().optional().describe('When the server forgets the record entirely (ISO 8601).'),
};

export function registerRetrieveSecret(server: McpServer, config: McpConfig): void {
  server.registerTool('zephr_retrieve_secret', {
    title: 'Retrieve a one-time secret (destroys it)',
    description: 'Retrieve and decrypt a one-time secret. The record is permanently destroyed on the server by this call: '
      + 'it can be read once only, so do not call it to "check" a link (zephr_secret_info does that). A wrong key consumes nothing. Provide link (standard mode) or both url and key (split mode). '
      + 'With output_file the secret is written to a file and never returned.',
    inputSchema: retrieveInput,
    outputSchema: retrieveOutput,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  }, async (args) => {
    let fd: number | undefined;
    let target: string | undefined;
    try {
      const link = linkOf(args);
      // The file is claimed before the secret is consumed: a bad path must never cost the secret.
      if (args.output_file !== undefined) {
        target = writablePath(config.fileRoots, args.output_file);
        fd = openForSecret(target);
      }
      const got = await retrieveSecret(link, config.apiKey !== undefined ? { apiKey: config.apiKey } : {});
      const extra = { ...(got.hint !== undefined && { hint: got.hint }), ...(got.purgeAt !== undefined && { purge_at: got.purgeAt }) };
      const tail = [...(got.hint !== undefined ? [`Hint: ${got.hint}`] : []), ...(got.purgeAt !== undefined ? [`Purge at: ${got.purgeAt}`] : [])];
      if (fd !== undefined && target !== undefined) {
        const open = fd;
        fd = undefined;
        const bytes = writeSecretAndClose(open, got.plaintext);
        const written = target;
        target = undefined;
        return {
          content: [{ type: 'text', text: [`Wrote the secret (${bytes} bytes) to ${written} (mode 0600). It was not shown here.`, ...tail].join('\n') }],
          structuredContent: { output_file: written, bytes, ...extra },
        };
      }
      return { content: [{ type: 'text', text: [got.plaintext, ...tail].join('\n') }], structuredContent: { plaintext: got.plaintext, ...extra } };
    } catch (error) {
      return toolError(error);
    } finally {
      // A claimed file that never received the secret is removed again.
      if (fd !== undefined) closeSync(fd);
      if (target !== undefined) unlinkSync(target);
    }
  });
}
