// The requests this MCP server made and is waiting on, by handle (the request id): their private
// keys live only in this process's memory, never in a tool result, and go once received.
import type { SecretRequest } from 'zephr';

export type RequestBook = Map<string, SecretRequest & { hint: string | undefined }>;

export const newRequestBook = (): RequestBook => new Map();
