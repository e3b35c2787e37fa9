// Reads a secret typed at the terminal without echoing it: raw mode, so nothing reaches the
// screen or the scrollback, and the secret never appears in shell history or `ps`.
import type { Readable, Writable } from 'node:stream';
import { UsageError } from './args.js';

type Tty = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

export class Interrupted extends Error {}

const BRACKETED_PASTE = new RegExp(`${String.fromCharCode(27)}\\[20[01]~`, 'g');

/** Prompts on `out`, reads one line from the terminal `input` with echo off. */
export function readHidden(input: Tty, out: Writable, prompt: string): Promise<string> {
  if (typeof input.setRawMode !== 'function') throw new UsageError('Give the secret as an argument, on stdin, or with --file');
  out.write(prompt);
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error: Error | null) => {
      input.off('data', onData);
      input.setRawMode!(false);
      input.pause();
      out.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      // A paste arrives as one chunk; a bracketed-paste terminal wraps it in ESC[200~ … ESC[201~.
      for (const char of chunk.replace(BRACKETED_PASTE, '')) {
        if (char === '\r' || char === '\n') return finish(null);
        if (char === '\x03') return finish(new Interrupted('Cancelled'));
        if (char === '\x04') return typed === '' ? finish(new Interrupted('Cancelled')) : finish(null);
        if (char === '\x7f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else if (char === '\x15') typed = '';
        else if (char >= ' ' || char === '\t') typed += char;
      }
    };
    input.on('data', onData);
  });
}
