// The data directory and the database files are private to the server's user, whatever the umask:
// the directory 0700, zephr.db (and the -wal and -shm files SQLite makes with the same mode) 0600.
// Checked at start, so a loosened mode is repaired or refused, never silently kept.
import { chmodSync, closeSync, constants, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Thrown when the database cannot be opened for a reason the operator can fix; printed as one line. */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

function tighten(path: string, mode: number): void {
  try {
    chmodSync(path, mode);
  } catch (error) {
    throw new StoreOpenError(`${path} must be private to the server's user (mode ${mode.toString(8)}), and changing it failed (${(error as NodeJS.ErrnoException).code}): run the server as the owner of the data directory`);
  }
  const actual = statSync(path).mode & 0o777;
  if ((actual & ~mode) !== 0) throw new StoreOpenError(`${path} has mode ${actual.toString(8)}; it must be ${mode.toString(8)}`);
}

/** Makes the directory and the database file private before SQLite opens (or creates) them. */
export function preparePrivateFiles(dbPath: string): void {
  const dir = dirname(dbPath);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!existsSync(dbPath)) closeSync(openSync(dbPath, constants.O_RDWR | constants.O_CREAT, 0o600));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new StoreOpenError(`cannot create the database ${dbPath} (${code}): make its directory writable by the server's user, or set ZEPHR_DATA_DIR to one that is`);
  }
  tighten(dir, 0o700);
  for (const path of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) if (existsSync(path)) tighten(path, 0o600);
}

/** One clear sentence for an error SQLite raised while opening `dbPath`. */
export function describeOpenError(dbPath: string, error: unknown): StoreOpenError {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? String(error);
  if (/SQLITE_(CORRUPT|NOTADB)/.test(code) || /not a database|malformed/i.test(message)) {
    return new StoreOpenError(`${dbPath} is not a Zephr database or is damaged (${code || message}): restore it from a backup, or move it away to start with an empty store`);
  }
  if (/SQLITE_(FULL|IOERR)/.test(code) || /ENOSPC|disk is full/i.test(message)) {
    return new StoreOpenError(`cannot write ${dbPath} (${code || message}): the disk may be full; free space and start again`);
  }
  if (/SQLITE_(READONLY|CANTOPEN|PERM|AUTH)/.test(code) || /EACCES|EROFS|readonly/i.test(message)) {
    return new StoreOpenError(`cannot open ${dbPath} for writing (${code || message}): make it and its directory writable by the server's user, or set ZEPHR_DATA_DIR`);
  }
  return new StoreOpenError(`cannot open the database ${dbPath}: ${message}`);
}
