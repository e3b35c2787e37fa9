// Every API field rule lives in protocol/rules.json and every advice text in protocol/errors.json:
// no package's source types its own copy (the generated modules are the only place they appear).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const rules = JSON.parse(readFileSync(join(root, 'protocol', 'rules.json'), 'utf8')) as {
  expiry: { options: { minutes: number; label: string }[] }; hint: { max_length: number };
};
const errors = JSON.parse(readFileSync(join(root, 'protocol', 'errors.json'), 'utf8')) as {
  wire: Record<string, { message: string; next: string }>; local: Record<string, { next: string }>;
};

const GENERATED = new Set([
  'packages/zephr/src/protocol/rules.ts', 'packages/zephr/src/error-codes.ts',
  'packages/sdk-python/src/zephr/protocol/_rules.py', 'packages/sdk-python/src/zephr/_error_codes.py',
]);
const SOURCE = /\.(ts|mts|js|mjs|py|html)$/;

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'test' || name === 'tests' || name.startsWith('.') || name === '__pycache__') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (SOURCE.test(name)) yield path;
  }
}

/** Every hand-written source file of every package, with its repository-relative path. */
function packageSources(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const pkg of readdirSync(join(root, 'packages'))) {
    for (const path of files(join(root, 'packages', pkg))) {
      const rel = relative(root, path);
      if (!GENERATED.has(rel)) out.push({ path: rel, text: readFileSync(path, 'utf8') });
    }
  }
  return out;
}

// What a hand-typed copy looks like: the long expiries, their labels, and the field patterns.
const COPIES: [string, RegExp][] = [
  ['the expiry list (10080 or 43200 minutes)', /\b(10080|43200)\b/],
  ['an expiry label ("7 days", "30 days")', /['"](7 days|30 days|24 hours)['"]/],
  ['the secret-id pattern', /\]\{22\}/],
  ['the API key pattern', /zeph_\[[^\]]*\]\{43\}/],
  ['the hint pattern', /\\x20-\\x7[Ee]/],
  ['the Idempotency-Key pattern', /\{1,64\}/],
  ['the hint length as a literal', /maxlength="?128\b|1-128\b/],
];

describe('one source for every rule', () => {
  const sources = packageSources();

  it('reads the sources of every package (the scan is not empty)', () => {
    for (const pkg of ['zephr', 'server', 'web', 'mcp', 'sdk-python']) {
      assert.ok(sources.some((s) => s.path.startsWith(`packages/${pkg}/`)), pkg);
    }
  });

  for (const [what, pattern] of COPIES) {
    it(`no package types its own copy of ${what}`, () => {
      const hits = sources.flatMap(({ path, text }) => text.split('\n').flatMap((line, i) => (pattern.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : [])));
      assert.deepEqual(hits, [], `import it from the generated rules (zephr / zephr.protocol._rules) instead:\n${hits.join('\n')}`);
    });
  }

  it('the error table words the expiry rule as rules.json has it', () => {
    const minutes = rules.expiry.options.map((o) => o.minutes).join(', ');
    assert.ok(errors.wire.INVALID_EXPIRY!.message.includes(minutes), `INVALID_EXPIRY should list ${minutes}`);
    assert.ok(errors.wire.INVALID_HINT!.message.includes(`1-${rules.hint.max_length}`));
  });

  it('every code, wire and local, has advice on what to do next', () => {
    for (const [code, e] of [...Object.entries(errors.wire), ...Object.entries(errors.local)]) assert.ok(e.next.length > 10, code);
  });
});
