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
