// StoreTransfer on SQLite (store/transfer.ts): reads page by id; imports in one transaction each.
import type Database from 'better-sqlite3';
import type { NewSecret } from '../secret-store.js';
import { SECRET_COLUMNS, secretValues } from '../rows.js';
import { EVENT_COLUMNS, eventValues, LIVE, type QueuedEvent, type QueuedEventRow, type SecretRow, type StoreTransfer, toQueuedEvent, toSecret } from '../transfer.js';
import { marks } from './sqlite-records.js';

export class SqliteTransfer implements StoreTransfer {
  private readonly s;
  private readonly insertSecrets;
  private readonly insertEvents;

  constructor(db: Database.Database) {
    this.s = {
      live: db.prepare<[number, string, number], SecretRow>(`SELECT ${SECRET_COLUMNS} FROM secrets WHERE ${LIVE.replace('{now}', '?').replace('{after}', '?')} ORDER BY id LIMIT ?`),
      events: db.prepare<[], QueuedEventRow>(`SELECT ${EVENT_COLUMNS} FROM webhook_events ORDER BY occurred_at, event_id`),
      secret: db.prepare(`INSERT INTO secrets (${SECRET_COLUMNS}) VALUES (${marks(SECRET_COLUMNS)}) ON CONFLICT (id) DO NOTHING`),
      event: db.prepare(`INSERT INTO webhook_events (${EVENT_COLUMNS}) VALUES (${marks(EVENT_COLUMNS)}) ON CONFLICT (event_id) DO NOTHING`),
    };
    this.insertSecrets = db.transaction((list: NewSecret[]) => list.reduce((n, s) => n + this.s.secret.run(...secretValues(s, Number)).changes, 0));
    this.insertEvents = db.transaction((list: QueuedEvent[]) => list.reduce((n, e) => n + this.s.event.run(...eventValues(e)).changes, 0));
  }

  async liveSecrets(now: number, afterId: string, limit: number): Promise<NewSecret[]> {
    return this.s.live.all(now, afterId, limit).map(toSecret);
  }

  async queuedEvents(): Promise<QueuedEvent[]> {
    return this.s.events.all().map(toQueuedEvent);
  }

  async importSecrets(secrets: NewSecret[]): Promise<number> {
    return this.insertSecrets.immediate(secrets);
  }

  async importEvents(events: QueuedEvent[]): Promise<number> {
    return this.insertEvents.immediate(events);
  }
}
