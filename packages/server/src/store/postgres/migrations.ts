// PostgreSQL schema, applied in order under an advisory lock (so instances starting together do
// not race) and tracked in zephr_schema. Append only. Times are milliseconds since the epoch.
export const POSTGRES_MIGRATIONS: string[] = [
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  CREATE TABLE secrets (
    id              TEXT PRIMARY KEY,
    blob            TEXT,            -- NULL once consumed or expired: the ciphertext is destroyed
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    purge_at        BIGINT NOT NULL,
    consumed_at     BIGINT,
    hint            TEXT,
    split_url_mode  BOOLEAN NOT NULL DEFAULT false,
    owner_key_id    TEXT,
    callback_url    TEXT,            -- cleared when its event is queued: non-null on an expired, unread record means "event owed"
    callback_secret TEXT             -- sealed with the server key
  );
  CREATE INDEX secrets_live_by_expiry ON secrets (expires_at) WHERE blob IS NOT NULL;
  CREATE INDEX secrets_by_purge ON secrets (purge_at);
  CREATE INDEX secrets_owing_expiry_event ON secrets (expires_at) WHERE callback_url IS NOT NULL AND consumed_at IS NULL;

  CREATE TABLE idempotency (
    scope      TEXT NOT NULL,
    key        TEXT NOT NULL,
    response   TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (scope, key)
  );
  CREATE INDEX idempotency_by_expiry ON idempotency (expires_at);

  CREATE TABLE quota_usage (
    subject    TEXT NOT NULL,
    period     TEXT NOT NULL,
    count      INTEGER NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (subject, period)
  );
  CREATE INDEX quota_by_expiry ON quota_usage (expires_at);

  CREATE TABLE api_keys (
    id         TEXT PRIMARY KEY,
    hash       TEXT NOT NULL UNIQUE,
    prefix     TEXT NOT NULL,
    tier       TEXT NOT NULL,
    label      TEXT,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
  );

  CREATE TABLE webhook_events (
    event_id        TEXT PRIMARY KEY,
    event           TEXT NOT NULL,
    secret_id       TEXT NOT NULL,
    occurred_at     BIGINT NOT NULL,
    hint            TEXT,
    url             TEXT NOT NULL,
    sealed_secret   TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_until     BIGINT NOT NULL DEFAULT 0
  );
  CREATE INDEX webhook_events_due ON webhook_events (next_attempt_at);
  `,
];
