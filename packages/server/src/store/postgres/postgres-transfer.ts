// StoreTransfer on PostgreSQL (store/transfer.ts): reads page by id; each import is one
// transaction of INSERT … ON CONFLICT DO NOTHING, so a copy can run again after an interruption.
import type { NewSecret } from '../secret-store.js';
import { SECRET_COLUMNS, secretValues } from '../rows.js';
import { EVENT_COLUMNS, eventValues, LIVE, type QueuedEvent, type QueuedEventRow, type SecretRow, type StoreTransfer, toQueuedEvent, toSecret } from '../transfer.js';
import { placeholders, type Pool } from './pool.js';


export class PostgresTransfer implements StoreTransfer {
  constructor(private readonly pool: Pool) {}

  async liveSecrets(now: number, afterId: string, limit: number): Promise<NewSecret[]> {
    const { rows } = await this.pool.query<SecretRow>(
      `SELECT ${SECRET_COLUMNS} FROM secrets WHERE ${LIVE.replace('{now}', '$1').replace('{after}', '$2 COLLATE "C"')} ORDER BY id COLLATE "C" LIMIT $3`, [now, afterId, limit]);
    return rows.map(toSecret);
  }

  async queuedEvents(): Promise<QueuedEvent[]> {
    return (await this.pool.query<QueuedEventRow>(`SELECT ${EVENT_COLUMNS} FROM webhook_events ORDER BY occurred_at, event_id`)).rows.map(toQueuedEvent);
  }

  async importSecrets(secrets: NewSecret[]): Promise<number> {
    return this.pool.tx(async (c) => {
      let n = 0;
      for (const s of secrets) {
        n += (await c.query(`INSERT INTO secrets (${SECRET_COLUMNS}) VALUES (${placeholders(SECRET_COLUMNS)}) ON CONFLICT (id) DO NOTHING`, secretValues(s, (b) => b))).rowCount ?? 0;
      }
      return n;
    });
  }

  async importEvents(events: QueuedEvent[]): Promise<number> {
    return this.pool.tx(async (c) => {
      let n = 0;
      for (const e of events) {
        n += (await c.query(`INSERT INTO webhook_events (${EVENT_COLUMNS}) VALUES (${placeholders(EVENT_COLUMNS)}) ON CONFLICT (event_id) DO NOTHING`, eventValues(e))).rowCount ?? 0;
      }
      return n;
    });
  }
}
