// Starts the built zephr-server bin as a real child process and finds its port from its log.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { SERVER_BIN } from './paths.js';

export const BIN = SERVER_BIN;

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `command`: the server to start (default: this checkout's built bin); `cwd`: where it starts. */
export function startProcess(env: Record<string, string>, { command = [process.execPath, BIN], cwd }: { command?: string[]; cwd?: string } = {}): Promise<ServerProcess> {
  const [file, ...args] = command;
  const child = spawn(file!, [...args, 'serve'], { env: { ...process.env, ZEPHR_PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...(cwd !== undefined && { cwd }) });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Zephr listening on (http:\/\/[^"\s]+)/.exec(out);
      if (match) resolve({ url: match[1]!, child, output: () => out, exited });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(({ code }) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
    setTimeout(() => reject(new Error(`server did not start in 15 s:\n${out}`)), 15_000).unref();
  });
}

export function runBin(args: string[], env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
