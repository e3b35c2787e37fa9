// Dispatches one CLI invocation; returns the exit status (0 success, 1 any error, 130 cancelled).
import { ApiError, ZephrError } from '../errors.js';
import { VERSION } from '../version.js';
import { type CliArgs, parseCli, UsageError } from './args.js';
import { burnCommand } from './burn-command.js';
import { completionScript } from './completion.js';
import { createCommand } from './create-command.js';
import { describeError } from './describe.js';
import { fulfillCommand } from './fulfill-command.js';
import { HELP } from './help.js';
import { infoCommand } from './info-command.js';
import type { CliIo } from './io.js';
import { limitsCommand } from './limits-command.js';
import { loginCommand, logoutCommand } from './login-command.js';
import { Interrupted } from './prompt.js';
import { requestCommand, requestReceiveCommand } from './request-command.js';
import { retrieveCommand } from './retrieve-command.js';

const COMMANDS: Record<Exclude<CliArgs['command'], 'help' | 'version' | 'completion'>, (args: CliArgs, io: CliIo) => Promise<void>> = {
  create: createCommand,
  retrieve: retrieveCommand,
  info: infoCommand,
  burn: burnCommand,
  limits: limitsCommand,
  login: loginCommand,
  logout: logoutCommand,
  request: requestCommand,
  'request-receive': requestReceiveCommand,
  fulfill: fulfillCommand,
};

export async function run(argv: string[], io: CliIo): Promise<number> {
  let json = false;
  try {
    const args = parseCli(argv);
    json = args.json;
    if (args.command === 'help') io.stdout.write(`${HELP}\n`);
    else if (args.command === 'version') io.stdout.write(`${VERSION}\n`);
    else if (args.command === 'completion') io.stdout.write(completionScript(args.shell!));
    else await COMMANDS[args.command](args, io);
    return 0;
  } catch (error) {
    if (error instanceof Interrupted) return 130;
    if (json || argv.includes('--json')) {
      // The API's envelope, so a script reads one shape whether the server or the client refused.
      const code = error instanceof ZephrError ? error.code : error instanceof UsageError ? 'USAGE' : 'ERROR';
      const status = error instanceof ApiError ? { status: error.statusCode } : {};
      io.stderr.write(`${JSON.stringify({ error: { code, message: describeError(error), ...status } })}\n`);
      return 1;
    }
    const hint = error instanceof UsageError && !String((error as Error).message).includes('--help') ? ' (see zephr --help)' : '';
    io.stderr.write(`Error: ${describeError(error)}${hint}\n`);
    return 1;
  }
}
