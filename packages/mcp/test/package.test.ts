// The packed tarballs as users get them: install zephr-mcp (and the zephr it depends on) in a
// scratch folder, then start it exactly as the README's host configuration says, and use it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, type LiveServer, repoRoot, startZephrServer, packAndInstall } from '@zephr/test-support';

interface HostConfig { mcpServers: { zephr: { command: string; args: string[]; env?: Record<string, string> } } }

/** The first JSON block of the README: the configuration every host is told to use. */
function readmeHostConfig(): HostConfig {
  const readme = readFileSync(join(repoRoot, 'packages', 'mcp', 'README.md'), 'utf8');
  const block = /```json\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'README has a JSON host configuration');
  return JSON.parse(block[1]!) as HostConfig;
}

describe('packed zephr-mcp', () => {
  let server: LiveServer;
  let scratch: string;
  let files: string[];
  before(async () => {
    server = await startZephrServer();
    scratch = mkdtempSync(join(tmpdir(), 'zephr-mcp-pack-'));
    const [, mcp] = packAndInstall([join(repoRoot, 'packages', 'zephr'), join(repoRoot, 'packages', 'mcp')], scratch);
    files = mcp!.files;
  });
  after(async () => {
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('ships dist, the bin launcher, README and package.json only, with a bin and the SDK as dependency', () => {
    assert.ok(files.includes('dist/main.js') && files.includes('dist/server.js') && files.includes('dist/tools/retrieve-secret.js'), files.join(', '));
    assert.ok(files.every((f) => f.startsWith('dist/') || f === 'bin/zephr-mcp.js' || f === 'README.md' || f === 'package.json'), files.join(', '));
    const pkg = JSON.parse(readFileSync(join(scratch, 'node_modules', 'zephr-mcp', 'package.json'), 'utf8')) as { bin: Record<string, string>; dependencies: Record<string, string> };
    assert.deepEqual(pkg.bin, { 'zephr-mcp': './bin/zephr-mcp.js' });
    assert.deepEqual(Object.keys(pkg.dependencies).sort(), ['@modelcontextprotocol/sdk', 'zephr', 'zod']);
  });

  it('starts as the README configures hosts to start it, and round-trips a secret', async () => {
    const { command, args, env } = readmeHostConfig().mcpServers.zephr;
    assert.equal(command, 'npx');
    assert.deepEqual(args, ['zephr-mcp']);
    const session = await connect({ ...env, ZEPHR_API_KEY: '', ZEPHR_URL: server.url, HOME: process.env.HOME ?? scratch }, command, args, scratch);
    try {
      const { tools } = await session.client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), ['zephr_burn_secret', 'zephr_create_secret', 'zephr_fulfill_request', 'zephr_limits', 'zephr_receive_secret', 'zephr_request_secret', 'zephr_retrieve_secret', 'zephr_secret_info']);
      const made = await session.call('zephr_create_secret', { secret: 'from the tarball', hint: 'PACKED' });
      assert.equal(made.isError, undefined, made.text);
      const link = (made.structuredContent as { link: string }).link;
      const got = await session.call('zephr_retrieve_secret', { link });
      assert.match(got.text, /^from the tarball\nHint: PACKED\n/);
    } finally {
      await session.close();
    }
  });
});
