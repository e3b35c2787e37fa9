// The zephr CLI as a child process through the bin launcher npm links, with a minimal
// environment: stdin, stdout and stderr are pipes (the terminal case is on_terminal.py).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './vectors.js';

export const CLI = join(repoRoot, 'packages', 'zephr', 'bin', 'zephr.cjs');

export interface Run { code: number | null; stdout: string; stderr: string }

export function zephr(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env };
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
