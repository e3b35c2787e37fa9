// zephr_receive_secret: wait for the answer to a zephr_request_secret and put it where it is
// needed without passing through the model: into a new 0600 file under ZEPHR_MCP_FILE_ROOTS (by
// default in the first root), or
// into one environment variable of a command it starts (ZEPHR_MCP_ALLOW_RUN=1; the command's
// output is returned with the secret masked). Only reveal: true returns the plaintext.
import { spawn } from 'node:child_process';
import { closeSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { receiveRequest } from 'zephr';
import { z } from 'zod';
import type { McpConfig } from '../config.js';
import { openForSecret, PathRefused, writablePath, writeSecretAndClose } from '../file-roots.js';
import { InputProblem, toolError } from '../tool-errors.js';
import type { RequestBook } from './request-book.js';

const OUTPUT_LIMIT = 8_000;
const RUN_TIMEOUT_MS = 120_000;

interface Ran { exit_code: number | null; output: string }

/** Runs `command` (no shell) with `name`=`secret` added to its environment; the output comes back masked. */
function runWith(command: string[], name: string, secret: string, cwd: string | undefined): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { env: { ...process.env, [name]: secret }, stdio: ['ignore', 'pipe', 'pipe'], timeout: RUN_TIMEOUT_MS, ...(cwd !== undefined && { cwd }) });
    let output = '';
    const take = (c: Buffer) => { if (output.length < OUTPUT_LIMIT * 2) output += c.toString('utf8'); };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (error) => reject(new InputProblem(`could not start ${command[0]}: ${(error as NodeJS.ErrnoException).code ?? error.message}`)));
    child.on('close', (code) => {
      const masked = output.split(secret).join('[secret]');
      resolve({ exit_code: code, output: masked.length > OUTPUT_LIMIT ? `${masked.slice(0, OUTPUT_LIMIT)}…` : masked });
    });
  });
}

function defaultFile(roots: string[], handle: string): string {
  if (roots.length === 0) {
    throw new PathRefused('nowhere to put the secret without showing it: set ZEPHR_MCP_FILE_ROOTS (the default destination is a file there), or pass run with env_var, or reveal: true if the user asked to see it');
  }
  return join(roots[0]!, `zephr-request-${handle.replace(/[^A-Za-z0-9_-]/g, '')}.txt`);
}

export function registerReceiveSecret(server: McpServer, config: McpConfig, book: RequestBook): void {
  server.registerTool('zephr_receive_secret', {
    title: 'Receive the secret a person sent for a request',
    description: 'Waits (up to wait_seconds) for the answer to a zephr_request_secret and delivers it, once, without showing it: by default into a new 0600 file in the first of ZEPHR_MCP_FILE_ROOTS (the result gives its path). '
      + 'Or name the destination: output_file (a new file inside ZEPHR_MCP_FILE_ROOTS), or run with env_var (starts the command with the secret in that environment variable and returns its output with the secret masked), '
      + 'or reveal: true, which returns the plaintext into the conversation: use reveal only when the user explicitly asks to see it. If it has not arrived yet the result says pending: call again.',
    inputSchema: {
      handle: z.string().describe('The handle zephr_request_secret returned.'),
      wait_seconds: z.number().int().min(0).max(300).optional().describe('How long to wait for the person to send it (default 50).'),
      output_file: z.string().optional().describe('Absolute path of a new file inside ZEPHR_MCP_FILE_ROOTS; the result gives only the path and size. Default: zephr-request-<handle>.txt in the first root.'),
      run: z.array(z.string()).min(1).optional().describe('A command and its arguments (no shell), started with the secret in env_var. Needs ZEPHR_MCP_ALLOW_RUN=1.'),
      env_var: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional().describe('The environment variable that holds the secret for run.'),
      reveal: z.boolean().optional().describe('Return the plaintext itself. Only when the user asked to see it.'),
    },
    outputSchema: {
      status: z.enum(['received', 'pending']),
      output_file: z.string().optional(),
      bytes: z.number().int().optional(),
      exit_code: z.number().int().nullable().optional(),
      output: z.string().optional().describe('The command\'s stdout and stderr, the secret masked as [secret].'),
      plaintext: z.string().optional().describe('Only with reveal: true.'),
      hint: z.string().optional(),
      expires_at: z.string().optional().describe('While pending: until when the request is open.'),
    },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  }, async (args) => {
    let fd: number | undefined;
    let target: string | undefined;
    try {
      const destinations = [args.output_file !== undefined, args.run !== undefined || args.env_var !== undefined, args.reveal === true].filter(Boolean).length;
      if (destinations > 1) throw new InputProblem('choose one destination: output_file, run with env_var, or reveal: true');
      if ((args.run === undefined) !== (args.env_var === undefined)) throw new InputProblem('run and env_var go together');
      if (args.run !== undefined && !config.allowRun) throw new PathRefused('running a command is disabled: set ZEPHR_MCP_ALLOW_RUN=1 in the MCP server\'s environment to allow it');
      const request = book.get(args.handle);
      if (request === undefined) throw new InputProblem(`no request with handle "${args.handle}" in this session (handles last as long as the MCP server process)`);
      // No destination named: a file in the first root, never the conversation.
      const file = args.output_file ?? (destinations === 0 ? defaultFile(config.fileRoots, args.handle) : undefined);
      // The file is claimed before the secret is taken: a bad path must never cost it.
      if (file !== undefined) {
        target = writablePath(config.fileRoots, file);
        fd = openForSecret(target);
      }
      const got = await receiveRequest(request, { wait: args.wait_seconds ?? 50 });
      if (got.status === 'pending') {
        return {
          content: [{ type: 'text', text: `Not answered yet (the request is open until ${got.expiresAt}). Remind the user to open the request link, then call zephr_receive_secret again.` }],
          structuredContent: { status: 'pending', expires_at: got.expiresAt },
        };
      }
      book.delete(args.handle);
      const hint = got.hint ?? request.hint;
      const extra = hint !== undefined ? { hint } : {};
      if (fd !== undefined && target !== undefined) {
        const open = fd;
        fd = undefined;
        const bytes = writeSecretAndClose(open, got.secret);
        const written = target;
        target = undefined;
        return { content: [{ type: 'text', text: `Received the secret and wrote it (${bytes} bytes) to ${written} (mode 0600). It was not shown here.` }], structuredContent: { status: 'received', output_file: written, bytes, ...extra } };
      }
      if (args.run !== undefined) {
        const ran = await runWith(args.run, args.env_var!, got.secret, config.fileRoots[0]);
        return {
          content: [{ type: 'text', text: `Received the secret and ran ${args.run[0]} with it in ${args.env_var} (exit ${ran.exit_code}). Output, secret masked:\n${ran.output}` }],
          structuredContent: { status: 'received', exit_code: ran.exit_code, output: ran.output, ...extra },
        };
      }
      return { content: [{ type: 'text', text: got.secret }], structuredContent: { status: 'received', plaintext: got.secret, ...extra } };
    } catch (error) {
      return toolError(error);
    } finally {
      if (fd !== undefined) closeSync(fd);
      if (target !== undefined) unlinkSync(target);
    }
  });
}
