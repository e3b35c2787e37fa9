// The crash loop: under a steady create/consume load, kill -9 the server at random moments at
// least 10 times, restart it on the same data directory each time, and account for every answer.
// Every 201 must be retrievable exactly once unless its consume was answered 200; a secret whose
// consume was answered 200 never comes back. Prints the counts.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { rmSync } from 'node:fs';
import { it } from 'node:test';
import { encryptSecret } from 'zephr';
import { freePort, type ServerProcess, startProcess, tempDir } from '@zephr/test-support';

const KILLS = 10;
const WORKERS = 8;

/** 'refused': the connection was refused, so the request was never sent; 'lost': sent, answer lost. */
type Outcome = 'ok' | 'refused' | 'lost';

it(`kill -9 under load ${KILLS} times: every acknowledged secret is served exactly once, none twice`, async () => {
  const dir = tempDir('zephr-crash-');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { ZEPHR_DATA_DIR: dir, ZEPHR_PORT: String(port), ZEPHR_HOST: '127.0.0.1', ZEPHR_ANON_DAILY_CREATES: '1000000', ZEPHR_RATE_LIMIT_PER_MINUTE: '1000000000' };
  const blob = (await encryptSecret('crash loop')).blob;
  const acknowledged: string[] = []; // 201s, in order
  const consumed = new Set<string>(); // consume answered 200
  const uncertain = new Set<string>(); // consume sent, answer lost to a kill
  const attempted = new Set<string>();
  const counts = { creates: 0, createsLost: 0, consumes200: 0, consumesLost: 0, doubleServed: 0 };
  let server: ServerProcess = await startProcess(env);
  let running = true;

  async function send(path: string, init: RequestInit): Promise<{ outcome: Outcome; status: number; body: Record<string, unknown> }> {
    try {
      const r = await fetch(url + path, { ...init, signal: AbortSignal.timeout(5000) });
      return { outcome: 'ok', status: r.status, body: (await r.json()) as Record<string, unknown> };
    } catch (error) {
      const refused = (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
      return { outcome: refused ? 'refused' : 'lost', status: 0, body: {} };
    }
  }

  async function worker(): Promise<void> {
    while (running) {
      if (acknowledged.length > 0 && randomInt(3) === 0) {
        const candidates = acknowledged.filter((id) => !attempted.has(id));
        if (candidates.length > 0) {
          const id = candidates[randomInt(candidates.length)]!;
          attempted.add(id);
          const r = await send(`/api/secrets/${id}`, {});
          if (r.outcome === 'refused') { attempted.delete(id); await new Promise((res) => setTimeout(res, 20)); } // never sent: try later
          else if (r.outcome === 'lost') { uncertain.add(id); counts.consumesLost++; }
          else if (r.status === 200) { consumed.add(id); counts.consumes200++; }
          else if (r.status === 503) attempted.delete(id); // refused while draining: nothing happened
          else assert.fail(`consume of an acknowledged, unread secret answered ${r.status}`);
          continue;
        }
      }
      const r = await send('/api/secrets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ encrypted_blob: blob, expiry: 60 }) });
      if (r.outcome === 'ok' && r.status === 201) { acknowledged.push(r.body.id as string); counts.creates++; }
      else if (r.outcome !== 'ok') { counts.createsLost++; await new Promise((res) => setTimeout(res, 20)); }
    }
  }

  try {
    const load = Array.from({ length: WORKERS }, () => worker());
    for (let kill = 0; kill < KILLS; kill++) {
      await new Promise((r) => setTimeout(r, 300 + randomInt(500)));
      server.child.kill('SIGKILL');
      await server.exited;
      server = await startProcess(env);
      console.log(`kill ${kill + 1}: ${counts.creates} creates and ${counts.consumes200} consumes acknowledged so far`);
    }
    running = false;
    await Promise.all(load);

    // The accounting, on the restarted server.
    for (const id of acknowledged) {
      const first = await send(`/api/secrets/${id}`, {});
      if (consumed.has(id)) {
        if (first.status === 200) counts.doubleServed++;
        assert.equal(first.status, 410, `a secret answered 200 before came back (${first.status})`);
      } else if (uncertain.has(id)) {
        assert.ok(first.status === 200 || first.status === 410, `lost consume: ${first.status}`);
      } else {
        assert.equal(first.status, 200, 'an acknowledged, unread secret is retrievable');
        assert.equal((await send(`/api/secrets/${id}`, {})).status, 410, 'and only once');
      }
    }
    console.log(`crash loop: ${KILLS} kills; ${counts.creates} creates acknowledged (${counts.createsLost} lost in flight or refused while down); `
      + `${counts.consumes200} consumes answered 200 (${counts.consumesLost} lost in flight); ${acknowledged.length - consumed.size - uncertain.size} unread verified once; `
      + `${counts.doubleServed} served twice`);
    assert.ok(counts.creates >= 100, `enough load to mean something (${counts.creates} creates)`);
    assert.ok(counts.consumes200 >= 20, `enough consumes (${counts.consumes200})`);
  } finally {
    running = false;
    server.child.kill('SIGKILL');
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  }
});
