// Durability of the group commit, seen from the kernel: the real server runs under strace, and
// for a create (201) and a consume (200) the trace must show the commit's WAL write, then a
// completed fdatasync of that WAL file, then the response written to the socket. The sync runs
// on a thread-pool thread, never the event loop's. (A power cut cannot be staged here; what it
// would test is exactly that order.) Nor does any other write sync the WAL on the event loop once
// the server serves: API-key use, the webhook outbox's claim, retry and completion included. The
// one sync SQLite itself makes there is of the WAL's 32-byte header when a commit starts the log
// over (after the checkpointer copied every frame): kept, SQLite's guard against a reordered
// header write after a restart.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { encryptSecret } from 'zephr';
import { BIN, startProcess, tempDir, until } from '@zephr/test-support';

interface Event { pid: number; kind: 'wal-write' | 'wal-sync' | 'response'; status?: number }

/**
 * A trace's calls with the thread that made each. strace pads the pid column to five characters,
 * so a pid below 10000 (a fresh machine's) is followed by two spaces, not one.
 */
function calls(trace: string): { pid: number; call: string }[] {
  return trace.split('\n').flatMap((line) => {
    const m = /^(\d+)\s+(.*)$/.exec(line);
    return m ? [{ pid: Number(m[1]), call: m[2]! }] : [];
  });
}

/** The events that matter, in trace order; a sync counts when it returns, not when it starts. */
function events(trace: string): Event[] {
  const pendingSync = new Set<number>();
  const out: Event[] = [];
  for (const { pid, call } of calls(trace)) {
    if (/^pwrite64\(\d+<[^>]*zephr\.db-wal>/.test(call)) out.push({ pid, kind: 'wal-write' });
    else if (/^f(data)?sync\(\d+<[^>]*zephr\.db-wal>\)\s+= 0/.test(call)) out.push({ pid, kind: 'wal-sync' });
    else if (/^f(data)?sync\(\d+<[^>]*zephr\.db-wal> <unfinished/.test(call)) pendingSync.add(pid);
    else if (/^<\.\.\. f(data)?sync resumed>\)\s+= 0/.test(call) && pendingSync.delete(pid)) out.push({ pid, kind: 'wal-sync' });
    else {
      const r = /^(?:write|writev)\(\d+<(?:TCP|socket)[^>]*>, (?:\[\{iov_base=)?"HTTP\/1\.1 (\d{3})/.exec(call);
      if (r) out.push({ pid, kind: 'response', status: Number(r[1]) });
    }
  }
  return out;
}

it('a 201 and a consuming 200 are sent only after their WAL write is fdatasync-ed, off the event loop', async () => {
  const dir = tempDir('zephr-durable-');
  const trace = join(dir, 'trace.txt');
  const server = await startProcess(
    { ZEPHR_DATA_DIR: join(dir, 'data'), ZEPHR_HOST: '127.0.0.1' },
    { command: ['strace', '-f', '-y', '-s', '40', '-e', 'trace=pwrite64,fdatasync,fsync,write,writev', '-o', trace, process.execPath, BIN] },
  );
  const nodePid = Number(execFileSync('pgrep', ['-P', String(server.child.pid), '-x', 'node'], { encoding: 'utf8' }).trim());
  try {
    const created = await fetch(`${server.url}/api/secrets`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ encrypted_blob: (await encryptSecret('durable')).blob, expiry: 60, split_url_mode: false }),
    });
    assert.equal(created.status, 201);
    const { id } = (await created.json()) as { id: string };
    const consumed = await fetch(`${server.url}/api/secrets/${id}`);
    assert.equal(consumed.status, 200);
  } finally {
    process.kill(nodePid, 'SIGTERM');
    await server.exited;
  }
  await until(() => readFileSync(trace, 'utf8').includes('+++ exited'), 'strace to finish its trace', 5000);
  const seen = events(readFileSync(trace, 'utf8'));
  for (const status of [201, 200]) {
    const r = seen.findIndex((e) => e.kind === 'response' && e.status === status);
    assert.ok(r > 0, `no ${status} response in the trace`);
    const w = seen.slice(0, r).findLastIndex((e) => e.kind === 'wal-write');
    assert.ok(w >= 0, `no WAL write before the ${status}`);
    const syncs = seen.slice(w + 1, r).filter((e) => e.kind === 'wal-sync');
    assert.ok(syncs.length > 0, `the ${status} was sent before its WAL write was synced: ${JSON.stringify(seen.slice(w, r + 1))}`);
    assert.ok(syncs.every((e) => e.pid !== nodePid), `the ${status}'s sync ran on the event loop's thread (${nodePid}): ${JSON.stringify(syncs)}`);
  }
});

it('once serving, no write syncs the WAL on the event loop: API-key use and the webhook outbox go through the group commit too', async () => {
  const dir = tempDir('zephr-durable-hooks-');
  const trace = join(dir, 'trace.txt');
  const data = join(dir, 'data');
  const env = { ZEPHR_DATA_DIR: data, ZEPHR_HOST: '127.0.0.1', ZEPHR_WEBHOOK_ALLOW_PRIVATE: '1', ZEPHR_WEBHOOK_ALLOW_HTTP: '1' };
  const key = execFileSync(process.execPath, [BIN, 'keys', 'create', '--tier', 'dev'], { env: { ...process.env, ...env }, encoding: 'utf8' }).trim().split('\n').pop()!;
  // A receiver that fails the first delivery (a retry is scheduled) and takes the second.
  const hits: number[] = [];
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => { hits.push(Date.now()); res.writeHead(hits.length === 1 ? 503 : 200).end(); });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const server = await startProcess(env, { command: ['strace', '-f', '-y', '-s', '40', '-e', 'trace=pwrite64,fdatasync,fsync,write,writev', '-o', trace, process.execPath, BIN] });
  const nodePid = Number(execFileSync('pgrep', ['-P', String(server.child.pid), '-x', 'node'], { encoding: 'utf8' }).trim());
  try {
    const created = await fetch(`${server.url}/api/secrets`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({
        encrypted_blob: (await encryptSecret('hooked')).blob, expiry: 60,
        callback_url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, callback_secret: 'a'.repeat(32),
      }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const { id } = (await created.json()) as { id: string };
    assert.equal((await fetch(`${server.url}/api/secrets/${id}`)).status, 200);
    await until(() => hits.length === 2, 'the delivery, its retry and its completion', 30_000);
    await new Promise((r) => setTimeout(r, 300)); // the completion's commit, after the 200 reached the receiver
  } finally {
    process.kill(nodePid, 'SIGTERM');
    await server.exited;
    await new Promise((resolve) => receiver.close(resolve));
  }
  await until(() => readFileSync(trace, 'utf8').includes('+++ exited'), 'strace to finish its trace', 5000);
  const text = readFileSync(trace, 'utf8');
  const seen = events(text);
  const first = seen.findIndex((e) => e.kind === 'response');
  assert.ok(first >= 0, 'no response in the trace');
  const syncs = seen.slice(first).filter((e) => e.kind === 'wal-sync');
  assert.ok(syncs.length >= 4, `the create, the consume, the claims and the completion each synced the WAL: ${syncs.length}`);
  // The event loop's own WAL calls once serving: every sync must follow a header write (offset 0, 32 bytes).
  const loop = calls(text).filter((c) => c.pid === nodePid).map((c) => c.call);
  const served = loop.findIndex((call) => /^writev?\(\d+<(?:TCP|socket)[^>]*>, (?:\[\{iov_base=)?"HTTP\/1\.1 /.test(call));
  assert.ok(served >= 0, 'no response written by the event loop');
  let previous = '';
  const bare: string[] = [];
  for (const call of loop.slice(served)) {
    if (!/^(pwrite64|f(data)?sync)\(\d+<[^>]*zephr\.db-wal>/.test(call)) continue;
    if (/^f(data)?sync/.test(call) && !/, 32, 0\) = 32$/.test(previous)) bare.push(`${previous} → ${call}`);
    previous = call;
  }
  assert.deepEqual(bare, [], 'a commit synced the WAL on the event loop\'s thread');
});
