// Dispatches one CLI invocation; returns the exit status (0 success, 1 any error).
import { VERSION } from '../version.js';
import { parseCli, UsageError } from './args.js';
import { createCommand } from './create-command.js';
import { describeError } from './describe.js';
import { HELP } from './help.js';
import type { CliIo } from './io.js';
import { burnCommand } from './burn-command.js';
import { infoCommand } from './info-command.js';
import { retrieveCommand } from './retrieve-command.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  try {
    const args = parseCli(argv);
    switch (args.command) {
      case 'help':
        io.stdout.write(`${HELP}\n`);
        return 0;
      case 'version':
        io.stdout.write(`${VERSION}\n`);
        return 0;
      case 'retrieve':
        await retrieveCommand(args, io);
        return 0;
      case 'info':
        await infoCommand(args, io);
        return 0;
      case 'burn':
        await burnCommand(args, io);
        return 0;
      case 'create':
        await createCommand(args, io);
        return 0;
    }
  } catch (error) {
    const hint = error instanceof UsageError ? ' (see zephr --help)' : '';
    io.stderr.write(`Error: ${describeError(error)}${hint && !String((error as Error).message).includes('--help') ? hint : ''}\n`);
    return 1;
  }
}
