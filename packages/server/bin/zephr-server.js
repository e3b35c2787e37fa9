#!/usr/bin/env node
// The zephr-server bin. A file of its own, outside dist/: npm links it at install time, before any
// build, and rebuilding dist/ never changes it (or its execute bit). It runs the compiled code.
try {
  await import('../dist/cli.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli.js')) throw error;
  process.stderr.write('zephr-server: not built yet. Run "npm run build" in the repository (npm ci runs it too).\n');
  process.exit(1);
}
