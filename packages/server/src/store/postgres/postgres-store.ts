// The store for many server instances: PostgreSQL through node-postgres with a connection pool.
// Each part keeps the contract across instances (see postgres-secrets.ts and postgres-records.ts).
// Durability is PostgreSQL's: with synchronous_commit=on (the default) a commit, and so a 201 or
// a consuming 200, is on disk before the response (see docs/deploy.md for replicas and failover).
import type { Store } from '../store.js';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import { Pool } from './pool.js';
import { PostgresAudit, PostgresDeviceCodes, PostgresPasskeys, PostgresSessions, PostgresUsers } from './postgres-accounts.js';
import { PostgresApiKeys, PostgresOutbox, PostgresSettings } from './postgres-records.js';
import { PostgresRequests } from './postgres-requests.js';
import { PostgresSecrets } from './postgres-secrets.js';
import { PostgresTransfer } from './postgres-transfer.js';

export interface PostgresOptions {
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Requests that may wait for a connection (default 1000), and for how long (default 10,000 ms). */
  queue?: { depth: number; waitMs: number };
}

const MIGRATION_LOCK = 7_470_121; // an arbitrary constant: the advisory lock all instances share

async function migrate(pool: Pool): Promise<void> {
  await pool.tx(async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await c.query('CREATE TABLE IF NOT EXISTS zephr_schema (version INTEGER NOT NULL)');
    const row = (await c.query<{ version: number }>('SELECT version FROM zephr_schema')).rows[0];
    const current = row?.version ?? 0;
    if (current > POSTGRES_MIGRATIONS.length) {
      throw new Error(`database schema version ${current} is newer than this server knows (${POSTGRES_MIGRATIONS.length}); upgrade the server`);
    }
    for (let v = current; v < POSTGRES_MIGRATIONS.length; v++) await c.query(POSTGRES_MIGRATIONS[v]!);
    if (row === undefined) await c.query('INSERT INTO zephr_schema (version) VALUES ($1)', [POSTGRES_MIGRATIONS.length]);
    else await c.query('UPDATE zephr_schema SET version = $1', [POSTGRES_MIGRATIONS.length]);
  });
}

export class PostgresStore implements Store {
  readonly engine = 'postgres';
  readonly secrets: PostgresSecrets;
  readonly requests: PostgresRequests;
  readonly outbox: PostgresOutbox;
  readonly apiKeys: PostgresApiKeys;
  readonly settings: PostgresSettings;
  readonly transfer: PostgresTransfer;
  readonly users: PostgresUsers;
  readonly passkeys: PostgresPasskeys;
  readonly sessions: PostgresSessions;
  readonly deviceCodes: PostgresDeviceCodes;
  readonly audit: PostgresAudit;
  private closed = false;

  private constructor(private readonly pool: Pool) {
    this.secrets = new PostgresSecrets(pool);
    this.requests = new PostgresRequests(pool);
    this.outbox = new PostgresOutbox(pool);
    this.apiKeys = new PostgresApiKeys(pool);
    this.settings = new PostgresSettings(pool);
    this.transfer = new PostgresTransfer(pool);
    this.users = new PostgresUsers(pool);
    this.passkeys = new PostgresPasskeys(pool);
    this.sessions = new PostgresSessions(pool);
    this.deviceCodes = new PostgresDeviceCodes(pool);
    this.audit = new PostgresAudit(pool);
  }

  /** Connects, applies pending migrations (once across instances), and returns the store. */
  static async open(connectionString: string, options: PostgresOptions = {}): Promise<PostgresStore> {
    const pool = new Pool(connectionString, options.poolSize ?? 10, options.queue);
    try {
      await migrate(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresStore(pool);
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('store is closed');
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
