// The Zephr MCP server: four tools over the zephr package. Transport-agnostic; main.ts speaks stdio.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpConfig } from './config.js';
import { registerCreateSecret } from './tools/create-secret.js';
import { registerLimits } from './tools/limits.js';
import { registerRetrieveSecret } from './tools/retrieve-secret.js';
import { registerSecretInfo } from './tools/secret-info.js';
import { VERSION } from './version.js';

const INSTRUCTIONS = `Zephr hands a credential to another person or process exactly once: zephr_create_secret encrypts it here and returns a one-time link; zephr_retrieve_secret opens such a link, which destroys it.
Keep credentials out of the conversation where you can: create from secret_env or secret_file instead of secret, and retrieve with output_file instead of reading the plaintext back.
A link opens only once: never retrieve a link just to check it; zephr_secret_info checks it without opening it, and zephr_burn_secret destroys one sent to the wrong place.`;

export { loadConfig, type McpConfig, ConfigError } from './config.js';
export { VERSION } from './version.js';

export function createZephrMcpServer(config: McpConfig): McpServer {
  const server = new McpServer({ name: 'zephr-mcp', version: VERSION }, { instructions: INSTRUCTIONS });
  registerCreateSecret(server, config);
  registerRetrieveSecret(server, config);
  registerSecretInfo(server, config);
  registerLimits(server, config);
  return server;
}
