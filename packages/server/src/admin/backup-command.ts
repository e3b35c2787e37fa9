// `zephr-server backup <file>`: an online copy of the SQLite database, safe while the server runs
// (SQLite's backup API). The file is new and private (0600): it holds ciphertext and key hashes.
import { closeSync, constants, existsSync, openSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { UsageError } from './keys-command.js';

export async function backupCommand(args: string[], config: Config, out: (line: string) => void): Promise<void> {
  if (args.length !== 1 || args[0]!.startsWith('-')) throw new UsageError('usage: zephr-server backup <file>');
  if (config.databaseUrl !== null) throw new UsageError('backup copies the embedded SQLite database; on PostgreSQL, use pg_dump or your base backups (docs/deploy.md)');
  const source = join(config.dataDir, 'zephr.db');
  if (!existsSync(source)) throw new UsageError(`no database at ${source} (ZEPHR_DATA_DIR)`);
  const file = resolve(args[0]!);
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (error) {
    throw new UsageError((error as NodeJS.ErrnoException).code === 'EEXIST' ? `${file} exists already: choose a new file` : `cannot create ${file}: ${(error as Error).message}`);
  }
  closeSync(fd);
  const store = new SqliteStore(source, { synchronous: config.sqliteSynchronous });
  try {
    await store.backup(file);
  } catch (error) {
    rmSync(file, { force: true });
    throw error;
  } finally {
    await store.close();
  }
  out(`Backed up ${source} to ${file} (${(statSync(file).size / 1024).toFixed(0)} KB).`);
  if (config.serverKey === null) out(`Keep ${join(config.dataDir, 'server.key')} with it: callback secrets in the backup are sealed with that key.`);
}
