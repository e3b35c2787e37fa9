// The connection pool and the two ways the PostgreSQL parts use it: one statement, or one
// transaction on one client. Losing the database is StoreUnavailable (503), never a crash.
import pg from 'pg';
import { StoreUnavailable } from '../store-unavailable.js';

// BIGINT (oid 20) arrives as a string by default; our values are milliseconds, far below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: string) => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser,
};

// Errors that mean "no usable connection" rather than a fault in a statement: answered as 503.
const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '53300', '3D000']);

function unavailable(error: unknown): unknown {
  const e = error as { code?: string; message?: string };
  if ((e?.code !== undefined && (CONNECTION_ERRORS.has(e.code) || e.code.startsWith('08'))) || /timeout exceeded when trying to connect|Connection terminated/i.test(e?.message ?? '')) {
    return new StoreUnavailable(`PostgreSQL is not reachable (${e.code ?? e.message})`, { cause: error });
  }
  return error;
}

export class Pool {
  private readonly pool: pg.Pool;

  constructor(connectionString: string, size: number) {
    // A bounded connect timeout: /readyz and requests answer 503 instead of hanging on a dead database.
    this.pool = new pg.Pool({ connectionString, max: size, types, application_name: 'zephr-server', connectionTimeoutMillis: 5000 });
    // An idle client that loses its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(text, values);
    } catch (error) {
      throw unavailable(error);
    }
  }

  /** Runs `fn` in one transaction on one client; rolls back when it throws. */
  async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw unavailable(error);
    }
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw unavailable(error);
    } finally {
      client.release();
    }
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}
