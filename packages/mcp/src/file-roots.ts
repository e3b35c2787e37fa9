// Confines secret_file and output_file to the directories in ZEPHR_MCP_FILE_ROOTS. Paths are
// judged after resolving "..", and symlinks, so a link inside a root cannot point outside it.
import { closeSync, constants, fsyncSync, lstatSync, openSync, realpathSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';

export class PathRefused extends Error {
  override name = 'PathRefused';
}

function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

function requireRoots(roots: string[], what: string): void {
  if (roots.length === 0) {
    throw new PathRefused(`${what} is disabled: set ZEPHR_MCP_FILE_ROOTS in the MCP server's environment to the directories it may use`);
  }
}

function checkInside(roots: string[], real: string, shown: string): void {
  if (!roots.some((root) => within(root, real))) {
    throw new PathRefused(`"${shown}" is outside the allowed directories (ZEPHR_MCP_FILE_ROOTS: ${roots.join(', ')})`);
  }
}

/** The real path of an existing regular file inside a root; refuses anything else. */
export function readablePath(roots: string[], path: string): string {
  requireRoots(roots, 'secret_file');
  if (!isAbsolute(path)) throw new PathRefused(`secret_file must be an absolute path, got "${path}"`);
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    throw new PathRefused(`secret_file "${path}" does not exist`);
  }
  checkInside(roots, real, path);
  if (!lstatSync(real).isFile()) throw new PathRefused(`secret_file "${path}" is not a regular file`);
  return real;
}

/**
 * Where output_file will be written: its directory must exist inside a root (after resolving
 * symlinks) and the file must not exist yet, so nothing is overwritten and no symlink followed.
 * Checked before the secret is consumed, so a bad path never costs the secret.
 */
export function writablePath(roots: string[], path: string): string {
  requireRoots(roots, 'output_file');
  if (!isAbsolute(path)) throw new PathRefused(`output_file must be an absolute path, got "${path}"`);
  const name = basename(path);
  if (name === '' || name === '.' || name === '..') throw new PathRefused(`output_file "${path}" does not name a file`);
  let dir: string;
  try {
    dir = realpathSync(dirname(resolve(path)));
  } catch {
    throw new PathRefused(`the directory of output_file "${path}" does not exist`);
  }
  const target = resolve(dir, name);
  checkInside(roots, target, path);
  let exists = true;
  try {
    lstatSync(target);
  } catch {
    exists = false;
  }
  if (exists) throw new PathRefused(`output_file "${path}" already exists; choose a new file name (nothing is overwritten)`);
  return target;
}

/** Creates `target` with mode 0600 and writes `data`; fails if it appeared in the meantime or is a symlink. */
export function openForSecret(target: string): number {
  return openSync(target, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
}

/** Writes `text` to a file opened by openForSecret, syncs and closes it; the bytes written. The copy in memory is zeroed. */
export function writeSecretAndClose(fd: number, text: string): number {
  const data = Buffer.from(text, 'utf8');
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
    data.fill(0);
  }
  return data.length;
}
