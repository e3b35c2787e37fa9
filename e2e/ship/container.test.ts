// The container image, built from the repository's Containerfile with podman (no Docker engine on
// these machines; scripts/container-base.sh stands in for the official base images when no
// registry is reachable) and used as a self-hoster would: started on a named volume, a secret
// created and consumed through it, another left unread, stopped with SIGTERM (it drains and exits
// 0), started again on the same volume, and the unread secret is still there, exactly once.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, freePort, repoRoot, run } from '@zephr/test-support';

const PODMAN = ['--runtime', 'runc', '--cgroup-manager=cgroupfs'];
const IMAGE = 'localhost/zephr:test';
const NAME = 'zephr-test';
const VOLUME = 'zephr-test-data';

function podman(args: string[], options: { check?: boolean } = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('podman', [...PODMAN, ...args], { encoding: 'utf8', timeout: 1_200_000 });
  if (options.check !== false && r.status !== 0) throw new Error(`podman ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the container image', { timeout: 1_800_000 }, () => {
  let port: number;
  let url: string;
  let buildSeconds: number;
  const start = () => podman(['run', '-d', '--name', NAME, '--network=host', '-e', `ZEPHR_PORT=${port}`, '-v', `${VOLUME}:/data`, IMAGE]);
  const ready = async () => {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(200)) {
      if ((await fetch(`${url}/readyz`).catch(() => null))?.status === 200) return;
    }
    throw new Error(`the container did not become ready:\n${podman(['logs', NAME], { check: false }).stderr}`);
  };
  const cli = (args: string[]) => run(process.execPath, [CLI, ...args], { ZEPHR_URL: url });
  const cleanUp = () => {
    podman(['rm', '--force', '--time', '2', NAME], { check: false });
    podman(['volume', 'rm', '--force', VOLUME], { check: false });
  };

  before(async () => {
    execFileSync('bash', ['scripts/container-base.sh'], { cwd: repoRoot, stdio: 'inherit' });
    cleanUp();
    const t0 = Date.now();
    // --format docker keeps HEALTHCHECK, which the OCI image format has no field for.
    const built = spawnSync('podman', [...PODMAN, 'build', '--format', 'docker', '--network=host', '-t', IMAGE, '-f', 'Containerfile', '.'], { cwd: repoRoot, stdio: 'inherit', timeout: 1_500_000 });
    assert.equal(built.status, 0, 'podman build failed');
    buildSeconds = (Date.now() - t0) / 1000;
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
  });
  after(cleanUp);

  it('is small, runs as a non-root user, declares the volume, port and health check, and bakes in no secret', () => {
    const [image] = JSON.parse(podman(['image', 'inspect', IMAGE]).stdout) as { Size: number; Config: { User: string; Volumes: Record<string, unknown>; ExposedPorts: Record<string, unknown>; Env: string[] }; Healthcheck?: { Test: string[] } }[];
    const config = image!.Config;
    assert.equal(config.User, 'zephr');
    assert.deepEqual(Object.keys(config.Volumes), ['/data']);
    assert.deepEqual(Object.keys(config.ExposedPorts), ['8080/tcp']);
    assert.deepEqual(image!.Healthcheck?.Test, ['CMD', 'zephr-server', 'healthcheck']);
    assert.ok(!config.Env.some((e) => /^ZEPHR_(SECRET_KEY|DATABASE_URL)=/.test(e)), config.Env.join('\n'));
    // Nothing in /data (no key, no database) and no build tools in the final stage.
    const inside = podman(['run', '--rm', '--network=host', '--entrypoint', 'sh', IMAGE, '-c', 'id -u; ls -A /data | wc -l; command -v g++ make python3 || true']).stdout.trim().split('\n');
    assert.deepEqual(inside, ['10001', '0']);
    console.log(`image ${IMAGE}: ${(image!.Size / 1e6).toFixed(1)} MB, built in ${buildSeconds.toFixed(0)} s`);
  });

  it('serves the API and the pages on a volume; creates and consumes; passes its health check', async () => {
    start();
    await ready();
    const page = await fetch(`${url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const made = await cli(['through the container']);
    assert.equal(made.code, 0, made.stderr);
    assert.equal((await cli(['retrieve', made.stdout.trim()])).stdout, 'through the container');
    assert.equal(podman(['healthcheck', 'run', NAME], { check: false }).status, 0);
  });

  it('drains on SIGTERM, and an unread secret survives a restart on the same volume, exactly once', async () => {
    const made = await cli(['still here after the restart']);
    assert.equal(made.code, 0, made.stderr);
    podman(['stop', '--time', '20', NAME]); // SIGTERM first; SIGKILL only after 20 s
    const [state] = JSON.parse(podman(['inspect', NAME]).stdout) as { State: { ExitCode: number } }[];
    assert.equal(state!.State.ExitCode, 0);
    assert.match(podman(['logs', NAME]).stdout, /shutting down: draining requests/);
    podman(['rm', NAME]);
    start();
    await ready();
    assert.equal((await cli(['retrieve', made.stdout.trim()])).stdout, 'still here after the restart');
    const again = await cli(['retrieve', made.stdout.trim()]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already (been )?(retrieved|consumed|opened)/i);
  });
});
