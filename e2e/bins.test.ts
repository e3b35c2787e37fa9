// The three bins as a newcomer runs them in a checkout: `npx zephr`, `npx zephr-server` and
// `npx zephr-mcp` resolve through node_modules/.bin to the committed launchers (linked by npm ci,
// which also builds), are executable, and start.
import assert from 'node:assert/strict';
import { accessSync, constants, readlinkSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { repoRoot, run } from '@zephr/test-support';

const BINS: [string, string, string[], RegExp][] = [
  ['zephr', 'packages/zephr/bin/zephr.cjs', ['--version'], /^\d+\.\d+\.\d+\n$/],
  ['zephr-server', 'packages/server/bin/zephr-server.js', ['--help'], /^zephr-server: the Zephr server/],
  ['zephr-mcp', 'packages/mcp/bin/zephr-mcp.js', ['--version'], /^\d+\.\d+\.\d+\n$/],
];

for (const [name, launcher, args, output] of BINS) {
  it(`npx ${name} ${args.join(' ')} runs the committed launcher`, async () => {
    const link = join(repoRoot, 'node_modules', '.bin', name);
    assert.ok(readlinkSync(link), `${name} is linked in node_modules/.bin`);
    assert.equal(realpathSync(link), realpathSync(join(repoRoot, launcher)), 'the link points at the launcher outside dist/, which a rebuild never replaces');
    accessSync(join(repoRoot, launcher), constants.X_OK);
    const r = await run('npx', ['--no-install', name, ...args], { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, output);
  });
}
