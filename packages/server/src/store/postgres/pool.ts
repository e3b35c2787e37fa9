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

/** How requests wait for a connection when all are busy. */
export interface QueueLimits {
  /** Requests that may wait at once; past that, shed at once (default 1000). */
  depth: number;
  /** How long one may wait (default 10 s). */
  waitMs: number;
}

/** A request shed because the connection queue is full or its wait ran out: 503 with Retry-After. */
export class StoreBusy extends StoreUnavailable {
  override name = 'StoreBusy';
}

/**
 * A statement prepared once per connection and then only bound and executed: PostgreSQL skips
 * parsing and planning it again, and the request sends less. For the hot per-request statements,
 * whose text is a constant.
 */
export interface Prepared {
  readonly name: string;
  readonly text: string;
}

/** `$1, $2, …`: one placeholder per column of a comma-separated list. */
export const placeholders = (columns: string): string => columns.split(',').map((_, i) => `$${i + 1}`).join(', ');

export const prepared = (name: string, text: string): Prepared => ({ name: `zephr_${name}`, text });

export class Pool {
  private readonly pool: pg.Pool;
  private readonly size: number;
  private readonly limits: QueueLimits;
  private active = 0;
  private readonly waiting: { grant: () => void; timer: NodeJS.Timeout }[] = [];

  constructor(connectionString: string, size: number, limits: QueueLimits = { depth: 1000, waitMs: 10_000 }) {
    this.size = size;
    this.limits = limits;
    // A bounded connect timeout: /readyz and requests answer 503 instead of hanging on a dead database.
    this.pool = new pg.Pool({ connectionString, max: size, types, application_name: 'zephr-server', connectionTimeoutMillis: 5000 });
    // An idle client that loses its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  /**
   * A burst waits its turn for one of the `size` connections instead of failing: at most `depth`
   * requests queue, each for at most `waitMs`; only past those bounds is a request shed
   * (StoreBusy). pg's own connect timeout then only ever covers opening a connection.
   */
  private async acquire(): Promise<void> {
    if (this.active < this.size) {
      this.active++;
      return;
    }
    if (this.waiting.length >= this.limits.depth) throw new StoreBusy('PostgreSQL connection queue is full', { retryAfterSeconds: 1 });
    await new Promise<void>((resolve, reject) => {
      const entry = {
        grant: () => { clearTimeout(entry.timer); resolve(); },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(entry), 1);
          reject(new StoreBusy(`no PostgreSQL connection free within ${this.limits.waitMs} ms`, { retryAfterSeconds: 1 }));
        }, this.limits.waitMs),
      };
      this.waiting.push(entry);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next.grant(); // the slot passes straight to the next in line
    else this.active--;
  }

  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(statement: string | Prepared, values?: unknown[]): Promise<pg.QueryResult<R>> {
    await this.acquire();
    try {
      return await (typeof statement === 'string' ? this.pool.query<R>(statement, values) : this.pool.query<R>({ name: statement.name, text: statement.text, values }));
    } catch (error) {
      throw unavailable(error);
    } finally {
      this.release();
    }
  }

  /** Runs `fn` in one transaction on one client; rolls back when it throws. */
  async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await this.txOnSlot(fn);
    } finally {
      this.release();
    }
  }

  private async txOnSlot<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
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
