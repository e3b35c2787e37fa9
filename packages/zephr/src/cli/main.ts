#!/usr/bin/env node
// The `zephr` bin. Node built-ins only; compiled ahead of time so it starts fast.
import { useSender } from '../sdk/transport.js';
import { nodeSender } from './node-sender.js';
import { run } from './run.js';

useSender(nodeSender);

const code = await run(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
// Exit as soon as output is flushed: fetch's pooled keep-alive socket would otherwise hold the
// process open for tens of milliseconds after the work is done.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
