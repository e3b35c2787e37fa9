#!/usr/bin/env node
// The zephr bin. A file of its own, outside dist/: npm links it at install time, before any
// build, and rebuilding dist/ never changes it (or its execute bit). CommonJS on purpose: an ES
// module entry point would start Node's ESM loader, a tenth of the CLI's start-up.
'use strict';
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS launcher on purpose (see above)
  require('../dist/cli/zephr.cjs');
} catch (error) {
  if (error?.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli/zephr.cjs')) throw error;
  process.stderr.write('zephr: not built yet. Run "npm run build" in the repository (npm ci runs it too).\n');
  process.exit(1);
}
