// The deployment files under deploy/ and at the root, read as their tools read them: Caddy itself
// adapts the Caddyfile (one upstream and several), compose.yaml parses and its profiles hold what
// docs/self-hosting.md says, the systemd unit carries its hardening, and every ZEPHR_* variable
// any of them sets is a real setting of the server. (The image itself is built and run by the
// container suite, Caddy in front of a server by the tls suite.)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '@zephr/test-support';
import { parse } from 'yaml';
import { SETTINGS } from '../packages/server/src/settings.js';

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
const settingNames = new Set(SETTINGS.map((s) => s.name));
const zephrVariables = (text: string) => [...new Set(text.match(/\bZEPHR_[A-Z_]+/g) ?? [])];
/** Variables the deployment files set for Caddy or compose, not for the server. */
const NOT_SERVER = new Set(['ZEPHR_DOMAIN', 'ZEPHR_UPSTREAM']);

describe('deployment files', () => {
  it('Caddy adapts the shipped Caddyfile, with one upstream and with several, health-checked on /readyz', () => {
    for (const upstream of ['127.0.0.1:8080', 'zephr-1:8080 zephr-2:8080 zephr-3:8080']) {
      const json = execFileSync('caddy', ['adapt', '--config', join(repoRoot, 'deploy/Caddyfile'), '--adapter', 'caddyfile'], { env: { PATH: process.env.PATH, HOME: '/tmp', ZEPHR_DOMAIN: 'zephr.example.org', ZEPHR_UPSTREAM: upstream }, encoding: 'utf8' });
      const text = JSON.stringify(JSON.parse(json));
      assert.match(text, /"host":\["zephr\.example\.org"\]/);
      assert.match(text, /"uri":"\/readyz"/);
      const dials = [...text.matchAll(/"dial":"([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(dials, upstream.split(' '));
    }
  });

  it('compose.yaml: a SQLite profile with a volume, a PostgreSQL profile with three instances sharing one key behind Caddy', () => {
    const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, { profiles: string[]; environment?: Record<string, string>; volumes?: string[]; build?: unknown; image: string }> };
    const inProfile = (p: string) => Object.keys(compose.services).filter((name) => compose.services[name]!.profiles.includes(p)).sort();
    assert.deepEqual(inProfile('sqlite'), ['zephr']);
    assert.deepEqual(inProfile('postgres'), ['postgres', 'proxy', 'zephr-1', 'zephr-2', 'zephr-3']);
    assert.deepEqual(compose.services.zephr!.volumes, ['zephr-data:/data']);
    for (const name of ['zephr-1', 'zephr-2', 'zephr-3']) {
      const env = compose.services[name]!.environment!;
      assert.match(env.ZEPHR_DATABASE_URL!, /^postgres:\/\/zephr:\$\{POSTGRES_PASSWORD/);
      assert.match(env.ZEPHR_SECRET_KEY!, /^\$\{ZEPHR_SECRET_KEY:\?/, 'required, never a default');
      assert.equal(compose.services[name]!.image, 'zephr:latest');
    }
    assert.equal(compose.services.proxy!.environment!.ZEPHR_UPSTREAM, 'zephr-1:8080 zephr-2:8080 zephr-3:8080');
  });

  it('the systemd unit runs the installed bin with its hardening', () => {
    const unit = read('deploy/zephr.service');
    const directives = new Map<string, string[]>();
    for (const line of unit.split('\n')) {
      const [, key, value] = /^([A-Za-z]+)=(.*)$/.exec(line) ?? [];
      if (key !== undefined && value !== undefined) directives.set(key, [...(directives.get(key) ?? []), value]);
    }
    const one = (key: string) => directives.get(key)?.[0];
    assert.equal(one('ExecStart'), '/usr/local/bin/zephr-server serve');
    for (const [key, value] of [['DynamicUser', 'yes'], ['StateDirectory', 'zephr'], ['ProtectSystem', 'strict'], ['NoNewPrivileges', 'yes'], ['Restart', 'always'], ['ProtectHome', 'yes'], ['PrivateTmp', 'yes'], ['KillSignal', 'SIGTERM']] as const) {
      assert.equal(one(key), value, key);
    }
    assert.match(one('Environment')!, /ZEPHR_DATA_DIR=\/var\/lib\/zephr/);
    assert.match(one('Environment')!, /ZEPHR_HOST=127\.0\.0\.1/);
  });

  it('every ZEPHR_ variable the deployment files and guide set is a setting of the server', () => {
    for (const file of ['deploy/zephr.service', 'deploy/Caddyfile', 'deploy/zephr-site.caddy', 'compose.yaml', 'Containerfile', 'docs/self-hosting.md']) {
      for (const name of zephrVariables(read(file))) {
        if (!NOT_SERVER.has(name)) assert.ok(settingNames.has(name), `${file} names ${name}, which the server does not read`);
      }
    }
  });

  it('the Containerfile bakes in no secret and knows nothing of the test stand-in', () => {
    const file = read('Containerfile').split('\n').filter((l) => !l.startsWith('#')).join('\n');
    assert.doesNotMatch(file, /ZEPHR_SECRET_KEY|ZEPHR_DATABASE_URL|ca-certificates\.crt|NODE_EXTRA_CA_CERTS|container-base/);
    assert.match(file, /^FROM node:20-bookworm AS build$/m);
    assert.match(file, /^FROM node:20-bookworm-slim$/m);
    assert.match(file, /^USER zephr$/m);
  });
});
