// The built package is what gets tested: `npm pack` each package folder, then install the
// tarballs together into a scratch project, as a user would.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Packed {
  /** Path of the tarball. */
  filename: string;
  /** Paths inside the tarball. */
  files: string[];
}

function pack(dir: string, into: string): Packed {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', into], { cwd: dir, encoding: 'utf8' })) as { filename: string; files: { path: string }[] }[];
  return { filename: join(into, packed!.filename), files: packed!.files.map((f) => f.path) };
}

/** Packs each of `packageDirs` into `scratch` and installs them there from the tarballs alone. */
export function packAndInstall(packageDirs: string[], scratch: string, manifest: Record<string, unknown> = {}): Packed[] {
  const packed = packageDirs.map((dir) => pack(dir, scratch));
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, ...manifest }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...packed.map((p) => p.filename)], { cwd: scratch, stdio: 'ignore' });
  return packed;
}
