// Turns any failure into an MCP tool error (isError) whose text names the code and says what to
// do next, in words an agent can act on. Never includes a secret.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ApiError, EncryptionError, NetworkError, ValidationError, ZephrError } from 'zephr';
import { PathRefused } from './file-roots.js';

function advice(error: ZephrError): string {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'SECRET_ALREADY_CONSUMED':
        return 'This credential was already used: a Zephr link opens only once. Ask the sender for a fresh link. If nobody on your side opened it, tell the sender: someone else did.';
      case 'SECRET_EXPIRED':
        return 'The secret expired before it was read and has been deleted. Ask the sender for a fresh link.';
      case 'SECRET_NOT_FOUND':
        return 'No secret has this id: it never existed, or it expired and was purged. Check that the link was copied whole, or ask the sender for a fresh one.';
      case 'ANON_RATE_LIMIT_EXCEEDED':
      case 'MONTHLY_LIMIT_EXCEEDED':
      case 'RATE_LIMIT_EXCEEDED':
        return 'Wait until the limit resets (see above), or set ZEPHR_API_KEY in the MCP server\'s environment for a higher limit.';
      case 'UPGRADE_REQUIRED':
        return 'Use an option your tier allows (see above), or set ZEPHR_API_KEY to a key of the tier named.';
      case 'INVALID_API_KEY':
        return 'The server does not accept ZEPHR_API_KEY: check it, or remove it to work anonymously.';
      case 'PAYLOAD_TOO_LARGE':
        return 'Send a smaller secret, or use an API key whose tier allows larger ones.';
      default:
        return error.statusCode >= 500 ? 'The Zephr server failed; try again shortly.' : 'The request was refused; check the arguments.';
    }
  }
  if (error instanceof NetworkError) {
    return 'Check ZEPHR_URL (or the server in the link) and that the Zephr server is running, then try again.';
  }
  if (error instanceof EncryptionError && error.code === 'DECRYPTION_FAILED') {
    return 'The key does not match this secret. The server has already destroyed it: ask the sender to share it again.';
  }
  if (error instanceof ValidationError) return 'Nothing was sent and nothing was consumed: fix the argument and call again.';
  return '';
}

export function toolError(error: unknown): CallToolResult {
  let text: string;
  if (error instanceof ZephrError) {
    const status = error instanceof ApiError ? ` (HTTP ${error.statusCode})` : '';
    text = `${error.code}${status}: ${error.message}\n${advice(error)}`.trimEnd();
  } else if (error instanceof PathRefused) {
    text = `PATH_REFUSED: ${error.message}. Nothing was read or consumed.`;
  } else if (error instanceof InputProblem) {
    text = `INVALID_INPUT: ${error.message}`;
  } else {
    text = `INTERNAL_ERROR: ${error instanceof Error ? error.message : String(error)}`;
  }
  return { isError: true, content: [{ type: 'text', text }] };
}

/** A problem with the tool's arguments that the schema cannot express (e.g. "exactly one of"). */
export class InputProblem extends Error {
  override name = 'InputProblem';
}
