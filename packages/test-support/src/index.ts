// @zephr/test-support: what every suite of this repository shares. Import from here; no test
// folder imports another package's tests.
export { CHROMIUM_ARGS, launch, seriousAxeViolations, type Watched, watchedPage } from './browser.js';
export { freePort } from './free-port.js';
export { blob, call, create, type Harness, newKey, type Reply, startServer, startServerOn, T0, tempDir } from './harness.js';
export { fixedServer, type LiveServer, lossyProxy, silentServer, startZephrServer } from './live-server.js';
export { connect, type Session } from './mcp-session.js';
export { packAndInstall, type Packed } from './pack.js';
export { CLI, MCP_BIN, PYTHON, PYTHON_SDK_SRC, repoRoot, SERVER_BIN } from './paths.js';
export { freshDatabase } from './postgres.js';
export { run } from './run.js';
export { BIN, runBin, type ServerProcess, startProcess } from './server-process.js';
export { SoftwarePasskey } from './software-passkey.js';
export { until } from './until.js';
export { type RoundTrip, webRoundTrip } from './web-round-trip.js';
