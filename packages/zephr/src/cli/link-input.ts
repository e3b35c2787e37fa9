// The link a retrieve, info or burn command works on: an argument, --url and --key, or stdin.
import type { LinkInput } from '../sdk/secret-target.js';
import { type CliArgs, UsageError } from './args.js';
import { type CliIo, readAll } from './io.js';

export async function linkInput(args: CliArgs, io: CliIo): Promise<LinkInput> {
  if (args.url !== undefined && args.key !== undefined) return { url: args.url, key: args.key };
  if (args.link !== undefined) return args.link;
  if (io.stdin.isTTY) throw new UsageError('Give the link as an argument, on stdin, or as --url and --key (see zephr --help)');
  const link = (await readAll(io.stdin)).trim();
  if (link === '') throw new UsageError('No link on stdin');
  return link;
}

/** The options every link command passes to the SDK. */
export function linkOptions(args: CliArgs, io: CliIo): { apiKey: string | null; baseUrl?: string } {
  return { apiKey: args.apiKey ?? io.env.ZEPHR_API_KEY ?? null, ...(args.server !== undefined && { baseUrl: args.server }) };
}
