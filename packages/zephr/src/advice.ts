// What to do after an error, from the one table (protocol/errors.json, `next`), in the words of
// the surface showing it: the CLI, the MCP tools and the web pages all read the same advice.
import { ERROR_ADVICE } from './error-codes.js';

/** How a surface names the two settings advice may point at. */
export interface AdviceWords {
  /** How to set an API key there, e.g. "ZEPHR_API_KEY". */
  api_key: string;
  /** How to check the server address there, e.g. "ZEPHR_URL". */
  server: string;
}

/** The advice for `code` with the surface's words filled in; '' for a code not in the table. */
export function adviceFor(code: string, words: AdviceWords): string {
  const text = (ERROR_ADVICE as Readonly<Record<string, string>>)[code];
  if (text === undefined) return '';
  return text.replace(/\{(api_key|server)\}/g, (_match, word: keyof AdviceWords) => words[word]);
}
