// The server's version, read once from package.json so the two cannot drift.
import { readFileSync } from 'node:fs';

export const SERVER_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
