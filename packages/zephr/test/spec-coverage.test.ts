// Every requirement id in protocol.md is cited by a vector or a test, and every citation points
// at a requirement that exists (spec ids are stable; see protocol.md).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { repoRoot, vectorsDir } from './support/vectors.js';

const specDir = join(repoRoot, 'protocol', 'spec', 'v1');
const defined = (file: string) => [...readFileSync(join(specDir, file), 'utf8').matchAll(/\*\*\[([A-Z]+-[A-Z0-9]+(?:-\d+)?)\]\*\*/g)].map((m) => m[1]!);

// Requirements whose tests belong to later work, each with its reason. Remove an entry once cited.
const PENDING: Record<string, string> = {};

function citations(): Set<string> {
  const found = new Set<string>();
  const add = (text: string) => { for (const m of text.matchAll(/\[([A-Z]+-(?:[A-Z0-9]+-)?\d+)\]|"([A-Z]-(?:[A-Z0-9]+-)?\d+)"/g)) found.add((m[1] ?? m[2])!); };
  for (const f of readdirSync(vectorsDir)) add(readFileSync(join(vectorsDir, f), 'utf8'));
  for (const pkg of readdirSync(join(repoRoot, 'packages'))) {
    const testDir = join(repoRoot, 'packages', pkg, 'test');
    if (!existsSync(testDir)) continue;
    for (const f of readdirSync(testDir).filter((n) => n.endsWith('.test.ts') && n !== 'spec-coverage.test.ts')) add(readFileSync(join(testDir, f), 'utf8'));
  }
  const e2e = join(repoRoot, 'e2e');
  if (existsSync(e2e)) for (const f of readdirSync(e2e).filter((n) => n.endsWith('.test.ts'))) add(readFileSync(join(e2e, f), 'utf8'));
  return found;
}

it('every requirement of the spec is cited by a vector or a test', () => {
  const cited = citations();
  const ids = ['protocol.md', 'api.md', 'errors.md'].flatMap(defined);
  assert.ok(ids.length >= 60, `found only ${ids.length} ids`);
  const missing = ids.filter((id) => !cited.has(id) && !(id in PENDING));
  assert.deepEqual(missing, [], 'requirements without a citing vector or test');
  const stalePending = Object.keys(PENDING).filter((id) => cited.has(id) || !ids.includes(id));
  assert.deepEqual(stalePending, [], 'PENDING entries that are now cited or no longer exist');
});

it('requirement ids are unique and every citation resolves', () => {
  const all = ['protocol.md', 'api.md', 'errors.md'].flatMap(defined);
  assert.equal(new Set(all).size, all.length, 'duplicate requirement id');
  const dangling = [...citations()].filter((id) => !all.includes(id));
  assert.deepEqual(dangling, [], 'citations of ids the spec does not define');
});
