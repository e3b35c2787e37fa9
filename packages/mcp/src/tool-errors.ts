// Turns any failure into an MCP tool error (isError) whose text names the code and says what to
// do next, from the advice table every surface shares (protocol/errors.json). Never includes a secret.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { adviceFor, ApiError, ZephrError } from 'zephr';
import { PathRefused } from './file-roots.js';

const MCP_WORDS = { api_key: 'ZEPHR_API_KEY', server: 'ZEPHR_URL (or the server in the link)' };

/** A problem with the tool's arguments that the schema cannot express (e.g. "exactly one of"). */
export class InputProblem extends Error {
  override name = 'InputProblem';
}

function describe(error: unknown): { code: string; said: string } {
  if (error instanceof ZephrError) {
    const status = error instanceof ApiError ? ` (HTTP ${error.statusCode})` : '';
    return { code: error.code, said: `${error.code}${status}: ${error.message}` };
  }
  if (error instanceof PathRefused) return { code: 'PATH_REFUSED', said: `PATH_REFUSED: ${error.message}` };
  if (error instanceof InputProblem) return { code: 'INVALID_INPUT', said: `INVALID_INPUT: ${error.message}` };
  return { code: 'INTERNAL_ERROR', said: `INTERNAL_ERROR: ${error instanceof Error ? error.message : String(error)}` };
}

export function toolError(error: unknown): CallToolResult {
  const { code, said } = describe(error);
  const text = `${said}\n${adviceFor(code, MCP_WORDS)}`.trimEnd();
  return { isError: true, content: [{ type: 'text', text }] };
}
