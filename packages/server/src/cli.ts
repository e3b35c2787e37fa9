#!/usr/bin/env node
// The zephr-server bin: `serve` (the default), `config`, `healthcheck`, `migrate`, `backup`,
// `copy-to`, and the `keys` and `users` admin commands.
import { keysCommand, UsageError } from './admin/keys-command.js';
import { backupCommand } from './admin/backup-command.js';
import { copyToCommand } from './admin/copy-to-command.js';
import { usersCommand } from './admin/users-command.js';
import { healthcheck } from './admin/healthcheck.js';
import { describeConfig, settingsHelp } from './settings.js';
import { ConfigError, loadConfig } from './config.js';
import { serve } from './main.js';
import { openStore } from './store/open-store.js';
import { SERVER_VERSION } from './version.js';
import { StoreOpenError } from './store/sqlite/private-files.js';
import { ServerKeyError } from './webhooks/server-key.js';

const HELP = `zephr-server: the Zephr server (ciphertext in, once out)

Usage:
  zephr-server [serve]                 start the server (configured by ZEPHR_* variables)
  zephr-server config                  print the effective configuration (secrets masked); exits 1 on a bad value
  zephr-server healthcheck             exit 0 if the server on ZEPHR_HOST:ZEPHR_PORT is ready (container HEALTHCHECK)
  zephr-server migrate                 create or upgrade the database schema, then exit
  zephr-server backup <file>           online copy of the SQLite database into a new 0600 file (safe while serving)
  zephr-server copy-to <postgres-url>  copy API keys, unread secrets and queued webhook events to PostgreSQL
  zephr-server keys create --tier <anonymous|free|dev|pro> [--label <text>]
  zephr-server keys list [--json]
  zephr-server keys revoke <key-id>
  zephr-server keys set-tier <key-id> <tier>
  zephr-server users invite [--admin] [--tier <free|dev|pro>]   one-time sign-up link (the first admin comes from here)
  zephr-server users list [--json] | set-tier <user> <tier> | admin <user> <on|off>
  zephr-server users disable|enable|remove <user> | invites | revoke-invite <invite-id>
  zephr-server --version | --help

Settings (environment variables):
${settingsHelp()}

More on each: the README of the zephr-server package; running it for real: docs/self-hosting.md.`;

async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    console.log(SERVER_VERSION);
    return 0;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
      await serve(config);
      return -1; // keep running
    case 'config':
      console.log(describeConfig(config, process.env));
      return 0;
    case 'healthcheck':
      return (await healthcheck(config)) ? 0 : 1;
    case 'backup':
      await backupCommand(rest, config, (line) => console.log(line));
      return 0;
    case 'copy-to':
      await copyToCommand(rest, config, (line) => console.log(line));
      return 0;
    case 'migrate': {
      const store = await openStore(config);
      await store.close();
      console.log(`Database schema is up to date (${store.engine}).`);
      return 0;
    }
    case 'keys': {
      const store = await openStore(config);
      try {
        await keysCommand(rest, store, (line) => console.log(line));
      } finally {
        await store.close();
      }
      return 0;
    }
    case 'users': {
      const store = await openStore(config);
      try {
        await usersCommand(rest, store, config, (line) => console.log(line));
      } finally {
        await store.close();
      }
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"\n\n${HELP}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => { if (code >= 0) process.exitCode = code; },
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(`zephr-server: invalid configuration: ${error.message}`);
    else if (error instanceof ServerKeyError || error instanceof StoreOpenError) console.error(`zephr-server: ${error.message}`);
    else if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) console.error(`zephr-server: ${(error as Error).message}`);
    else console.error(`zephr-server: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
  },
);
