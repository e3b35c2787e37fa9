// The Zephr MCP server: its tools over the zephr package. Transport-agnostic; main.ts speaks stdio.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpConfig } from './config.js';
import { registerCreateSecret } from './tools/create-secret.js';
import { registerFulfillRequest } from './tools/fulfill-request.js';
import { registerLimits } from './tools/limits.js';
import { registerReceiveSecret } from './tools/receive-secret.js';
import { newRequestBook } from './tools/request-book.js';
import { registerRequestSecret } from './tools/request-secret.js';
import { registerRetrieveSecret } from './tools/retrieve-secret.js';
import { registerSecretInfo } from './tools/secret-info.js';
import { VERSION } from './version.js';

const INSTRUCTIONS = `Zephr hands a credential to another person or process exactly once: zephr_create_secret encrypts it here and returns a one-time link; zephr_retrieve_secret opens such a link, which destroys it.
Keep credentials out of the conversation where you can: create from secret_env or secret_file instead of secret, and retrieve with output_file instead of reading the plaintext back.
A link opens only once: never retrieve a link just to check it; zephr_secret_info checks it without opening it, and zephr_burn_secret destroys one sent to the wrong place.
To get a credential from the user, never ask them to paste it into the chat: zephr_request_secret gives a link they open to send it encrypted, and zephr_receive_secret puts it into a file or a command's environment without showing it. zephr_fulfill_request answers someone else's request link.`;

export { loadConfig, type McpConfig, ConfigError } from './config.js';
export { VERSION } from './version.js';

export function createZephrMcpServer(config: McpConfig): McpServer {
  const server = new McpServer({ name: 'zephr-mcp', version: VERSION }, { instructions: INSTRUCTIONS });
  registerCreateSecret(server, config);
  registerRetrieveSecret(server, config);
  registerSecretInfo(server, config);
  registerLimits(server, config);
  const book = newRequestBook();
  registerRequestSecret(server, config, book);
  registerReceiveSecret(server, config, book);
  registerFulfillRequest(server, config);
  return server;
}
