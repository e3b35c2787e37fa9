// The least a create can do in Node, for bench/cli.ts: load node:http and node:crypto, seal the
// secret with AES-256-GCM, POST the blob over a fresh connection, print the id. No argument
// parsing, no checks, no claim, no link: the floor under the CLI's start-up on this machine.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, like the CLI's bundle */
const { request } = require('node:http');
const { createCipheriv, randomBytes } = require('node:crypto');

const key = randomBytes(32);
const iv = randomBytes(12);
const cipher = createCipheriv('aes-256-gcm', key, iv);
const sealed = Buffer.concat([cipher.update(process.argv[2] ?? 'benchmark secret'), cipher.final(), cipher.getAuthTag()]);
const blob = Buffer.from(JSON.stringify({ iv: iv.toString('base64url'), ciphertext: sealed.toString('base64url') })).toString('base64url');
const body = JSON.stringify({ encrypted_blob: blob, expiry: 60 });
const req = request(`${process.env.ZEPHR_URL}/api/secrets`, {
  method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' },
}, (res) => {
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk) => { text += chunk; });
  res.on('end', () => {
    if (res.statusCode !== 201) throw new Error(`HTTP ${res.statusCode}: ${text}`);
    process.stdout.write(`${JSON.parse(text).id}\n`);
  });
});
req.end(body);
