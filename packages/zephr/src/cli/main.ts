// The `zephr` CLI entry, bundled with everything it imports into dist/cli/zephr.cjs (CommonJS,
// Node built-ins only) so it starts fast. bin/zephr.cjs runs it, from V8's code cache.
import { nodePrimitives } from './node-primitives.js';
import { usePrimitives } from '../protocol/primitives.js';
import { useSender } from '../sdk/transport.js';
import type { CliIo } from './io.js';
import { nodeSender, preconnect } from './node-sender.js';
import { run } from './run.js';

useSender(nodeSender);
// node:crypto's synchronous calls: part of what brings a create within 1.3× of a bare `node` start.
usePrimitives(nodePrimitives);

// process.stdin is built on first use (a pipe or TTY handle, a few ms): only commands that read it pay.
const io: CliIo = {
  get stdin() { return process.stdin; },
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  preconnect: (origin) => void preconnect(origin),
};

void run(process.argv.slice(2), io).then((code) => {
  // Exit as soon as output is flushed: a pooled keep-alive socket or an idle stdin would
  // otherwise hold the process open after the work is done.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});
