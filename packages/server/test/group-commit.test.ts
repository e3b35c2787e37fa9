// The group commit's batches on a real SQLite file: every write in one transaction, answered
// together; a write that throws rolls back only itself (the batch runs again, a savepoint each),
// whatever it had written before it threw; a write that returns is committed once, not twice.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { GroupCommit } from '../src/store/sqlite/group-commit.js';

const dir = mkdtempSync(join(tmpdir(), 'zephr-group-commit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function open(name: string) {
  const db = new Database(join(dir, name));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER NOT NULL)');
  const insert = db.prepare('INSERT INTO t (k, n) VALUES (?, ?)');
  const bump = db.prepare('UPDATE t SET n = n + 1 WHERE k = ?');
  const rows = () => Object.fromEntries(db.prepare('SELECT k, n FROM t ORDER BY k').all().map((r) => [(r as { k: string }).k, (r as { n: number }).n]));
  return { db, insert, bump, rows, commits: new GroupCommit(db) };
}

test('writes queued in one turn commit in one transaction and each gets its own result', async () => {
  const { db, insert, rows, commits } = open('batch.db');
  const results = await Promise.all(['a', 'b', 'c'].map((k, i) => commits.enqueue(() => insert.run(k, i).changes)));
  assert.deepEqual(results, [1, 1, 1]);
  assert.deepEqual(rows(), { a: 0, b: 1, c: 2 });
  assert.equal(db.inTransaction, false);
  db.close();
});

test('a write that throws after writing rolls back alone; the others commit exactly once', async () => {
  const { db, insert, bump, rows, commits } = open('isolated.db');
  insert.run('counter', 0);
  let runsOfFailing = 0;
  const outcomes = await Promise.allSettled([
    commits.enqueue(() => bump.run('counter').changes),
    commits.enqueue(() => {
      runsOfFailing++;
      insert.run('partial', 1); // written, then the write fails: this row must not survive
      insert.run('counter', 9); // primary key conflict
    }),
    commits.enqueue(() => insert.run('after', 2).changes),
    commits.enqueue(() => bump.run('counter').changes),
  ]);
  assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  assert.match(String((outcomes[1] as PromiseRejectedResult).reason), /UNIQUE constraint failed/);
  // Each committed write counted once, although the batch ran twice.
  assert.deepEqual(rows(), { after: 2, counter: 2 });
  assert.equal(runsOfFailing, 2, 'the bare pass and the isolated pass');
  assert.equal(db.inTransaction, false);
  db.close();
});

test('a batch with no failing write runs each write once', async () => {
  const { db, insert, commits } = open('once.db');
  let runs = 0;
  await Promise.all(Array.from({ length: 50 }, (_, i) => commits.enqueue(() => { runs++; return insert.run(`k${i}`, i); })));
  assert.equal(runs, 50);
  db.close();
});

/** A WAL sync that finishes when the test says so. */
function heldSyncs() {
  const pending: (() => void)[] = [];
  return {
    sync: () => new Promise<void>((resolve) => { pending.push(resolve); }),
    count: () => pending.length,
    release: () => pending.shift()!(),
  };
}
const turn = () => new Promise((r) => setImmediate(r));

test('with a WAL sync, writes queued while a batch syncs commit together as the next batch, after that sync', async () => {
  const { db, insert, rows } = open('behind-sync.db');
  const syncs = heldSyncs();
  const commits = new GroupCommit(db, syncs);
  const settled: string[] = [];
  const a = commits.enqueue(() => insert.run('a', 1)).then(() => settled.push('a'));
  await turn();
  assert.deepEqual(rows(), { a: 1 }, 'the first batch is committed');
  assert.equal(syncs.count(), 1);
  const bc = ['b', 'c'].map((k) => commits.enqueue(() => insert.run(k, 2)).then(() => settled.push(k)));
  await turn();
  await turn();
  assert.deepEqual(rows(), { a: 1 }, 'nothing commits while a sync is in flight');
  assert.deepEqual(settled, [], 'and nothing is answered before its sync');
  syncs.release();
  await a;
  await turn();
  await turn();
  assert.deepEqual(rows(), { a: 1, b: 2, c: 2 }, 'b and c commit once the sync is done');
  assert.equal(syncs.count(), 1, 'in one batch, with one sync');
  assert.deepEqual(settled, ['a']);
  syncs.release();
  await Promise.all(bc);
  assert.deepEqual(settled, ['a', 'b', 'c']);
  await commits.drain();
  await assert.rejects(commits.enqueue(() => insert.run('late', 0)), /store is closed/);
  db.close();
});

test('when a commit leaves the WAL oversized, the next commit waits for the catch-up checkpoint; drain waits for both', async () => {
  const { db, insert, rows } = open('bound.db');
  let oversized = false;
  let finishCatchUp = () => {};
  let catchUps = 0;
  const bound = {
    oversized: () => oversized,
    catchUp: () => new Promise<void>((resolve) => { catchUps++; finishCatchUp = resolve; }),
  };
  const commits = new GroupCommit(db, { sync: async () => {} }, bound);
  await commits.enqueue(() => insert.run('a', 1));
  assert.equal(catchUps, 0);
  oversized = true;
  await commits.enqueue(() => insert.run('a2', 1));
  oversized = false;
  assert.equal(catchUps, 1);
  const b = commits.enqueue(() => insert.run('b', 2));
  await turn();
  await turn();
  assert.deepEqual(rows(), { a: 1, a2: 1 }, 'no commit during the catch-up');
  let drained = false;
  const drain = commits.drain().then(() => { drained = true; });
  await turn();
  assert.equal(drained, false);
  finishCatchUp();
  await b;
  await drain;
  assert.deepEqual(rows(), { a: 1, a2: 1, b: 2 });
  assert.equal(catchUps, 1);
  db.close();
});
