// Writes the server's /openapi.json to packages/server/openapi.json, the committed copy that shows
// API contract changes in review. `--check` writes nothing and fails when the copy is stale.
// Usage: npx tsx packages/server/scripts/openapi.ts [--check]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/services.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';

const target = join(import.meta.dirname, '..', 'openapi.json');
const dir = mkdtempSync(join(tmpdir(), 'zephr-openapi-'));
let document: string;
try {
  // Defaults only: nothing from this machine's environment shapes the committed document.
  const config = { ...loadConfig({ ZEPHR_DATA_DIR: dir, ZEPHR_LOG_LEVEL: 'silent' }), serverKey: Buffer.alloc(32) };
  const app = await buildApp(config, await createServices(config, { store: new SqliteStore(':memory:') }));
  await app.ready();
  document = JSON.stringify(app.swagger(), null, 2) + '\n';
  await app.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

let current: string | null = null;
try {
  current = readFileSync(target, 'utf8');
} catch {
  current = null;
}
if (process.argv.includes('--check')) {
  if (current !== document) {
    console.error('packages/server/openapi.json is out of date: the API contract changed. Review the change, then run: npx tsx packages/server/scripts/openapi.ts');
    process.exit(1);
  }
  console.log('openapi.json is up to date');
} else if (current !== document) {
  writeFileSync(target, document);
  console.log('wrote packages/server/openapi.json');
}
