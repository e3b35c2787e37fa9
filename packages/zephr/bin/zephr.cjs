#!/usr/bin/env node
// The zephr bin. A file of its own, outside dist/: npm links it at install time, before any
// build, and rebuilding dist/ never changes it (or its execute bit). CommonJS on purpose: an ES
// module entry point would start Node's ESM loader, a tenth of the CLI's start-up.
//
// It runs the bundled CLI (dist/cli/zephr.cjs) from V8's code cache (zephr.cjs.cache, written by
// the build after a warm-up run), so the bundle is neither parsed nor compiled again: about 5 ms
// of a start that is mostly Node's own. A cache V8 refuses (another Node, a changed bundle) is
// ignored and the bundle compiles as usual.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS launcher on purpose (see above) */
const { readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

const bundle = join(__dirname, '..', 'dist', 'cli', 'zephr.cjs');
let source;
try {
  source = readFileSync(bundle, 'utf8');
} catch (error) {
  if (error?.code !== 'ENOENT') throw error;
  process.stderr.write('zephr: not built yet. Run "npm run build" in the repository (npm ci runs it too).\n');
  process.exit(1);
}
let cachedData;
try {
  cachedData = readFileSync(`${bundle}.cache`);
} catch {
  // no cache: compile as usual
}
// The same wrapper CommonJS uses, so the bundle sees require, module, __filename and __dirname.
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
// The build's warm-up run (scripts/build.mjs) asks for the cache of what it compiled.
if (process.env.ZEPHR_WRITE_CODE_CACHE === '1') process.once('exit', () => writeFileSync(`${bundle}.cache`, script.createCachedData()));
script.runInThisContext()(module.exports, require, module, bundle, dirname(bundle));
