// Durability of the group commit, seen from the kernel: the real server runs under strace, and
// for a create (201) and a consume (200) the trace must show the commit's WAL write, then a
// completed fdatasync of that WAL file, then the response written to the socket. The sync runs
// on a thread-pool thread, never the event loop's. (A power cut cannot be staged here; what it
// would test is exactly that order.)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { encryptSecret } from 'zephr';
import { BIN, startProcess, tempDir, until } from '@zephr/test-support';

interface Event { pid: number; kind: 'wal-write' | 'wal-sync' | 'response'; status?: number }

/** The events that matter, in trace order; a sync counts when it returns, not when it starts. */
function events(trace: string): Event[] {
  const pendingSync = new Set<number>();
  const out: Event[] = [];
  for (const line of trace.split('\n')) {
    const m = /^(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const pid = Number(m[1]);
    const call = m[2]!;
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
