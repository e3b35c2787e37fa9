// A PostgreSQL server for the tests: the one the test command provisioned (ZEPHR_TEST_DATABASE_URL),
// or, when run directly, a throwaway cluster started here with scripts/postgres-cluster.sh and
// stopped when the process exits. Each caller gets a database of its own.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { repoRoot } from './paths.js';

let adminUrl: string | undefined = process.env.ZEPHR_TEST_DATABASE_URL;

function server(): string {
  if (adminUrl !== undefined) return adminUrl;
  const out = execFileSync('bash', [join(repoRoot, 'scripts', 'postgres-cluster.sh'), 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const vars = Object.fromEntries(out.trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]));
  const dir = vars.PGCLUSTER_DIR!;
  process.once('exit', () => execFileSync('bash', [join(repoRoot, 'scripts', 'postgres-cluster.sh'), 'stop', dir], { stdio: 'ignore' }));
  adminUrl = vars.ZEPHR_TEST_DATABASE_URL!;
  return adminUrl;
}

/** Creates an empty database; returns its URL and a function that drops it. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = server();
  const name = `zephr_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
