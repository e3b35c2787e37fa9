// The link arguments shared by the tools that act on an existing secret: link, or url and key.
import { z } from 'zod';
import { InputProblem } from '../tool-errors.js';

export const linkInput = {
  link: z.string().optional().describe('The full Zephr link, with the key after "#" (standard mode).'),
  url: z.string().optional().describe('Split mode: the secret URL without a key; requires key.'),
  key: z.string().optional().describe('Split mode: the key (v1.…); requires url.'),
};

export type Link = string | { url: string; key: string };

export function linkOf(args: { link?: string | undefined; url?: string | undefined; key?: string | undefined }): Link {
  if (args.link !== undefined) {
    if (args.url !== undefined || args.key !== undefined) throw new InputProblem('give either link, or url and key (split mode), not both');
    return args.link;
  }
  if (args.url !== undefined && args.key !== undefined) return { url: args.url, key: args.key };
  if (args.url !== undefined) throw new InputProblem('url needs key (split mode); or give the full link');
  if (args.key !== undefined) throw new InputProblem('key needs url (split mode); or give the full link');
  throw new InputProblem('give link, or url and key (split mode)');
}
