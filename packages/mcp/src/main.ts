#!/usr/bin/env node
// The zephr-mcp process: configuration from the environment, the server over stdio. stdout
// belongs to the protocol, so everything human goes to stderr.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { ConfigError, createZephrMcpServer, loadConfig, VERSION } from './server.js';

const HELP = `zephr-mcp ${VERSION}: Zephr one-time secrets as MCP tools, over stdio.

Start it from an MCP host (command "npx", args ["zephr-mcp"]). Environment:
  ZEPHR_URL              the Zephr server (default http://localhost:8080)
  ZEPHR_API_KEY          API key for your tier's limits (optional)
  ZEPHR_MCP_FILE_ROOTS   directories (":"-separated) secret_file and output_file may use
  ZEPHR_SECRET_*         secrets the create tool can read by name (secret_env)
`;

const arg = process.argv[2];
if (arg === '--version' || arg === '-v') {
  process.stdout.write(`${VERSION}\n`);
} else if (arg === '--help' || arg === '-h') {
  process.stdout.write(HELP);
} else if (arg !== undefined) {
  process.stderr.write(`zephr-mcp: unknown argument "${arg}"\n\n${HELP}`);
  process.exitCode = 2;
} else {
  try {
    const config = loadConfig();
    const server = createZephrMcpServer(config);
    await server.connect(new StdioServerTransport());
    process.stderr.write(`zephr-mcp ${VERSION}: ready (server ${config.baseUrl ?? 'http://localhost:8080'}, ${config.apiKey ? 'API key set' : 'anonymous'}, file roots: ${config.fileRoots.length ? config.fileRoots.join(', ') : 'none'})\n`);
  } catch (error) {
    process.stderr.write(`zephr-mcp: ${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
