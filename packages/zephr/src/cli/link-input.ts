// The link a retrieve, info or burn command works on: an argument, --url and --key, or stdin.
// On stdin, two lines (URL, then key) are a split-mode pair: what `zephr --split` prints into a pipe.
import type { LinkInput } from '../sdk/secret-target.js';
import { type CliArgs, UsageError } from './args.js';
import { type CliIo, readAll } from './io.js';

export async function linkInput(args: CliArgs, io: CliIo): Promise<LinkInput> {
  if (args.url !== undefined && args.key !== undefined) return { url: args.url, key: args.key };
  if (args.link !== undefined) return args.link;
  if (io.stdin.isTTY) throw new UsageError('Give the link as an argument, on stdin, or as --url and --key (see zephr --help)');
  const lines = (await readAll(io.stdin)).split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  if (lines.length === 0) throw new UsageError('No link on stdin');
  if (lines.length === 2 && !lines[1]!.includes('/')) return { url: lines[0]!, key: lines[1]! };
  if (lines.length > 1) throw new UsageError(`Expected one link on stdin (or a URL and a key on two lines), got ${lines.length} lines`);
  return lines[0]!;
}

/** The server a link command will talk to: --server, else the link's own origin. */
export function serverOf(args: CliArgs, link: LinkInput): string {
  return args.server ?? (typeof link === 'string' ? link : link.url);
}

/** The options every link command passes to the SDK. */
export function linkOptions(args: CliArgs, io: CliIo): { apiKey: string | null; baseUrl?: string } {
  return { apiKey: args.apiKey ?? io.env.ZEPHR_API_KEY ?? null, ...(args.server !== undefined && { baseUrl: args.server }) };
}
