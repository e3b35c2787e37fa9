// Helpers shared by the cross-surface tests: paths of the built surfaces, and running one as a
// child process (asynchronously: servers under test may run in this process).
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..');
export const CLI = join(root, 'packages', 'zephr', 'dist', 'cli', 'main.js');
export const PYTHON = join(root, '.venv', 'bin', 'python');
export const PYTHON_SDK_SRC = join(root, 'packages', 'sdk-python', 'src');

/** Runs a command with a minimal environment plus `env`, feeding `stdin`; resolves with its exit and output. */
export function run(command: string, args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
