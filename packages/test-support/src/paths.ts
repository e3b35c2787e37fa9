// Where the surfaces under test live in this checkout (built bins, the Python venv).
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..', '..');
export const SERVER_BIN = join(repoRoot, 'packages', 'server', 'dist', 'cli.js');
/** The zephr bin as npm links it: the launcher of the bundled CLI. */
export const CLI = join(repoRoot, 'packages', 'zephr', 'bin', 'zephr.cjs');
export const MCP_BIN = join(repoRoot, 'packages', 'mcp', 'dist', 'main.js');
export const PYTHON = join(repoRoot, '.venv', 'bin', 'python');
export const PYTHON_SDK_SRC = join(repoRoot, 'packages', 'sdk-python', 'src');
