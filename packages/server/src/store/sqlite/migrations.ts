// SQLite schema, applied in order and tracked with PRAGMA user_version. Append only.
export const SQLITE_MIGRATIONS: string[] = [
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE secrets (
    id              TEXT NOT NULL UNIQUE,
    blob            TEXT,            -- NULL once consumed or expired: the ciphertext is destroyed
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    purge_at        INTEGER NOT NULL,
    consumed_at     INTEGER,
    hint            TEXT,
    split_url_mode  INTEGER NOT NULL DEFAULT 0,
    owner_key_id    TEXT,
    callback_url    TEXT,
    callback_secret TEXT
  );
  CREATE INDEX secrets_live_by_expiry ON secrets (expires_at) WHERE blob IS NOT NULL;
  CREATE INDEX secrets_by_purge ON secrets (purge_at);

  CREATE TABLE idempotency (
    scope      TEXT NOT NULL,
    key        TEXT NOT NULL,
    response   TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
  ) WITHOUT ROWID;
  CREATE INDEX idempotency_by_expiry ON idempotency (expires_at);

  CREATE TABLE quota_usage (
    subject    TEXT NOT NULL,
    period     TEXT NOT NULL,
    count      INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (subject, period)
  ) WITHOUT ROWID;
  CREATE INDEX quota_by_expiry ON quota_usage (expires_at);

  CREATE TABLE api_keys (
    id         TEXT PRIMARY KEY,
    hash       TEXT NOT NULL UNIQUE,
    prefix     TEXT NOT NULL,
    tier       TEXT NOT NULL,
    label      TEXT,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
  ) WITHOUT ROWID;
  `,
  // Webhooks: an outbox of events, written in the same transaction as the consume or the
  // sweeper's expiry claim. secrets.callback_url/callback_secret are cleared when the event is
  // queued, so a non-null callback_url on an expired, unread record means "event still owed".
  `
  CREATE INDEX secrets_owing_expiry_event ON secrets (expires_at) WHERE callback_url IS NOT NULL AND consumed_at IS NULL;

  CREATE TABLE webhook_events (
    event_id        TEXT PRIMARY KEY,
    event           TEXT NOT NULL,
    secret_id       TEXT NOT NULL,
    occurred_at     INTEGER NOT NULL,
    hint            TEXT,
    url             TEXT NOT NULL,
    sealed_secret   TEXT NOT NULL,   -- callback_secret, encrypted with the server key
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until     INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  CREATE INDEX webhook_events_due ON webhook_events (next_attempt_at);
  `,
  // Claims (spec P-CLAIM, A-CLAIM): the hash of the token that alone may consume, preview or burn
  // a record; the Idempotency-Key of the claim that consumed it and how long its blob is kept for
  // a retry of that claim; and burned tombstones.
  `
  ALTER TABLE secrets ADD COLUMN claim_hash TEXT;
  ALTER TABLE secrets ADD COLUMN claim_idem TEXT;
  ALTER TABLE secrets ADD COLUMN retain_until INTEGER;
  ALTER TABLE secrets ADD COLUMN burned_at INTEGER;
  CREATE INDEX secrets_retained ON secrets (retain_until) WHERE blob IS NOT NULL AND consumed_at IS NOT NULL;
  `,
  // Accounts (users with passkeys, sessions, invites, device codes for `zephr login`) and the audit
  // trail. Keys may belong to a user; a user's secrets keep their metadata for the retention period
  // after they end, so the purge of unowned records and the end of owned ones get their own indexes.
  `
  ALTER TABLE api_keys ADD COLUMN user_id TEXT;
  ALTER TABLE api_keys ADD COLUMN kind TEXT NOT NULL DEFAULT 'key';
  ALTER TABLE api_keys ADD COLUMN last_used_at INTEGER;
  CREATE INDEX api_keys_by_user ON api_keys (user_id, created_at) WHERE user_id IS NOT NULL;

  ALTER TABLE secrets ADD COLUMN webhook_outcome TEXT;
  CREATE INDEX secrets_by_owner ON secrets (owner_key_id, created_at) WHERE owner_key_id IS NOT NULL;
  DROP INDEX secrets_by_purge;
  CREATE INDEX secrets_purge_unowned ON secrets (purge_at) WHERE owner_key_id IS NULL;
  CREATE INDEX secrets_owned_end ON secrets (coalesce(consumed_at, expires_at)) WHERE owner_key_id IS NOT NULL;

  CREATE TABLE users (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    tier        TEXT NOT NULL,
    is_admin    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    disabled_at INTEGER
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX users_by_name ON users (lower(name));

  CREATE TABLE passkeys (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    public_key   TEXT NOT NULL,
    counter      INTEGER NOT NULL,
    transports   TEXT NOT NULL,
    name         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER
  ) WITHOUT ROWID;
  CREATE INDEX passkeys_by_user ON passkeys (user_id);

  CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    hash         TEXT NOT NULL UNIQUE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    label        TEXT
  ) WITHOUT ROWID;
  CREATE INDEX sessions_by_user ON sessions (user_id);
  CREATE INDEX sessions_by_expiry ON sessions (expires_at);

  CREATE TABLE invites (
    id         TEXT PRIMARY KEY,
    hash       TEXT NOT NULL UNIQUE,
    tier       TEXT NOT NULL,
    is_admin   INTEGER NOT NULL DEFAULT 0,
    created_by TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    used_by    TEXT
  ) WITHOUT ROWID;

  CREATE TABLE device_codes (
    id          TEXT PRIMARY KEY,
    hash        TEXT NOT NULL UNIQUE,
    user_code   TEXT NOT NULL UNIQUE,
    label       TEXT,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    user_id     TEXT,
    approved_at INTEGER,
    denied_at   INTEGER,
    key_id      TEXT
  ) WITHOUT ROWID;
  CREATE INDEX device_codes_by_expiry ON device_codes (expires_at);

  CREATE TABLE auth_challenges (
    challenge  TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL,
    data       TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX auth_challenges_by_expiry ON auth_challenges (expires_at);
  `,
  // Requests (spec api.md §3.7): the requester's record; its fulfilment is a claimed secret
  // (secret_id). Kept, like secrets, until purge_at, and an owned one for the audit retention.
  `
  CREATE TABLE requests (
    id               TEXT PRIMARY KEY,
    created_at       INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    purge_at         INTEGER NOT NULL,
    expiry_minutes   INTEGER NOT NULL,
    hint             TEXT,
    claim_hash       TEXT NOT NULL,
    owner_key_id     TEXT,
    max_secret_bytes INTEGER NOT NULL,
    callback_url     TEXT,            -- cleared when request.fulfilled is queued
    callback_secret  TEXT,            -- sealed with the server key, bound to the request id
    fulfilled_at     INTEGER,
    cancelled_at     INTEGER,
    secret_id        TEXT
  ) WITHOUT ROWID;
  CREATE INDEX requests_purge_unowned ON requests (purge_at) WHERE owner_key_id IS NULL;
  CREATE INDEX requests_owned_end ON requests (purge_at) WHERE owner_key_id IS NOT NULL;
  CREATE INDEX requests_by_owner ON requests (owner_key_id, created_at) WHERE owner_key_id IS NOT NULL;
  CREATE INDEX requests_by_secret ON requests (secret_id) WHERE secret_id IS NOT NULL;
  `,
];
