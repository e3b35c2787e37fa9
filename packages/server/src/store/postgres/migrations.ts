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
  // One round trip per create: claim the idempotency key, count the quota and insert, atomically.
  // A refused quota deletes the claim made in the same transaction, which no other session has
  // seen; a failed insert raises, rolling the whole statement back.
  `
  CREATE FUNCTION zephr_create_secret(
    p_scope TEXT, p_key TEXT, p_response TEXT, p_idem_expires BIGINT, p_now BIGINT,
    p_subject TEXT, p_period TEXT, p_limit INTEGER, p_period_ends BIGINT,
    p_id TEXT, p_blob TEXT, p_created BIGINT, p_expires BIGINT, p_purge BIGINT, p_hint TEXT,
    p_split BOOLEAN, p_owner TEXT, p_callback_url TEXT, p_callback_secret TEXT
  ) RETURNS TABLE (kind TEXT, response TEXT, used INTEGER) LANGUAGE plpgsql AS $$
  DECLARE
    n INTEGER;
  BEGIN
    IF p_scope IS NOT NULL THEN
      INSERT INTO idempotency AS i (scope, key, response, expires_at) VALUES (p_scope, p_key, p_response, p_idem_expires)
      ON CONFLICT (scope, key) DO UPDATE SET response = EXCLUDED.response, expires_at = EXCLUDED.expires_at
      WHERE i.expires_at <= p_now
      RETURNING 1 INTO n;
      IF n IS NULL THEN
        RETURN QUERY SELECT 'replayed'::TEXT, i.response, 0 FROM idempotency i WHERE i.scope = p_scope AND i.key = p_key;
        RETURN;
      END IF;
    END IF;
    n := NULL;
    IF p_limit > 0 THEN
      INSERT INTO quota_usage AS q (subject, period, count, expires_at) VALUES (p_subject, p_period, 1, p_period_ends)
      ON CONFLICT (subject, period) DO UPDATE SET count = q.count + 1 WHERE q.count < p_limit
      RETURNING q.count INTO n;
    END IF;
    IF n IS NULL THEN
      IF p_scope IS NOT NULL THEN
        DELETE FROM idempotency i WHERE i.scope = p_scope AND i.key = p_key;
      END IF;
      RETURN QUERY SELECT 'quota_exceeded'::TEXT, NULL::TEXT, coalesce((SELECT q.count FROM quota_usage q WHERE q.subject = p_subject AND q.period = p_period), 0);
      RETURN;
    END IF;
    INSERT INTO secrets (id, blob, created_at, expires_at, purge_at, hint, split_url_mode, owner_key_id, callback_url, callback_secret)
    VALUES (p_id, p_blob, p_created, p_expires, p_purge, p_hint, p_split, p_owner, p_callback_url, p_callback_secret);
    RETURN QUERY SELECT 'created'::TEXT, NULL::TEXT, 0;
  END;
  $$;
  `,
  // Claims (spec P-CLAIM, A-CLAIM), as in SQLite's third migration. zephr_create_secret gains the
  // claim hash as a new overload (the old one stays for instances of the previous release during a
  // rolling upgrade) and no longer returns the unused count.
  `
  ALTER TABLE secrets ADD COLUMN claim_hash TEXT;
  ALTER TABLE secrets ADD COLUMN claim_idem TEXT;
  ALTER TABLE secrets ADD COLUMN retain_until BIGINT;
  ALTER TABLE secrets ADD COLUMN burned_at BIGINT;
  CREATE INDEX secrets_retained ON secrets (retain_until) WHERE blob IS NOT NULL AND consumed_at IS NOT NULL;

  CREATE FUNCTION zephr_create_secret(
    p_scope TEXT, p_key TEXT, p_response TEXT, p_idem_expires BIGINT, p_now BIGINT,
    p_subject TEXT, p_period TEXT, p_limit INTEGER, p_period_ends BIGINT,
    p_id TEXT, p_blob TEXT, p_created BIGINT, p_expires BIGINT, p_purge BIGINT, p_hint TEXT,
    p_split BOOLEAN, p_owner TEXT, p_callback_url TEXT, p_callback_secret TEXT, p_claim_hash TEXT
  ) RETURNS TABLE (kind TEXT, response TEXT) LANGUAGE plpgsql AS $$
  DECLARE
    n INTEGER;
  BEGIN
    IF p_scope IS NOT NULL THEN
      INSERT INTO idempotency AS i (scope, key, response, expires_at) VALUES (p_scope, p_key, p_response, p_idem_expires)
      ON CONFLICT (scope, key) DO UPDATE SET response = EXCLUDED.response, expires_at = EXCLUDED.expires_at
      WHERE i.expires_at <= p_now
      RETURNING 1 INTO n;
      IF n IS NULL THEN
        RETURN QUERY SELECT 'replayed'::TEXT, i.response FROM idempotency i WHERE i.scope = p_scope AND i.key = p_key;
        RETURN;
      END IF;
    END IF;
    n := NULL;
    IF p_limit > 0 THEN
      INSERT INTO quota_usage AS q (subject, period, count, expires_at) VALUES (p_subject, p_period, 1, p_period_ends)
      ON CONFLICT (subject, period) DO UPDATE SET count = q.count + 1 WHERE q.count < p_limit
      RETURNING q.count INTO n;
    END IF;
    IF n IS NULL THEN
      IF p_scope IS NOT NULL THEN
        DELETE FROM idempotency i WHERE i.scope = p_scope AND i.key = p_key;
      END IF;
      RETURN QUERY SELECT 'quota_exceeded'::TEXT, NULL::TEXT;
      RETURN;
    END IF;
    INSERT INTO secrets (id, blob, created_at, expires_at, purge_at, hint, split_url_mode, owner_key_id, callback_url, callback_secret, claim_hash)
    VALUES (p_id, p_blob, p_created, p_expires, p_purge, p_hint, p_split, p_owner, p_callback_url, p_callback_secret, p_claim_hash);
    RETURN QUERY SELECT 'created'::TEXT, NULL::TEXT;
  END;
  $$;
  `,
  // Quotas that do not serialise one caller's creates. Counting inside the create's transaction
  // held the caller's quota row locked until that transaction's WAL flush, so one client's creates
  // queued one flush at a time. The count now commits on its own with synchronous_commit off
  // (set_config(..., true) lasts to the end of the statement's transaction, so the commit does not
  // wait for the flush): the row is locked only while it is updated. A crash may forget the last
  // moments' counts (a caller gets a few more creates), never a secret: the create itself still
  // commits synchronously. A retry of a create already committed is seen first and counts nothing
  // (A-IDEM-2), so it never holds a count another create needs. zephr_create_secret_counted is the
  // create without the count: it claims the idempotency key first, so a retry replays its first
  // answer even when the quota is spent.
  `
  CREATE FUNCTION zephr_take_quota(p_scope TEXT, p_key TEXT, p_now BIGINT, p_subject TEXT, p_period TEXT, p_limit INTEGER, p_period_ends BIGINT)
  RETURNS BOOLEAN LANGUAGE plpgsql AS $$
  DECLARE
    n INTEGER;
  BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    IF p_scope IS NOT NULL AND EXISTS (SELECT 1 FROM idempotency i WHERE i.scope = p_scope AND i.key = p_key AND i.expires_at > p_now) THEN
      RETURN FALSE; -- a replay: zephr_create_secret_counted answers it
    END IF;
    IF p_limit <= 0 THEN
      RETURN FALSE;
    END IF;
    INSERT INTO quota_usage AS q (subject, period, count, expires_at) VALUES (p_subject, p_period, 1, p_period_ends)
    ON CONFLICT (subject, period) DO UPDATE SET count = q.count + 1 WHERE q.count < p_limit
    RETURNING q.count INTO n;
    RETURN n IS NOT NULL;
  END;
  $$;

  CREATE FUNCTION zephr_return_quota(p_subject TEXT, p_period TEXT) RETURNS VOID LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    UPDATE quota_usage SET count = count - 1 WHERE subject = p_subject AND period = p_period AND count > 0;
  END;
  $$;

  CREATE FUNCTION zephr_create_secret_counted(
    p_scope TEXT, p_key TEXT, p_response TEXT, p_idem_expires BIGINT, p_now BIGINT, p_quota_taken BOOLEAN,
    p_id TEXT, p_blob TEXT, p_created BIGINT, p_expires BIGINT, p_purge BIGINT, p_hint TEXT,
    p_split BOOLEAN, p_owner TEXT, p_callback_url TEXT, p_callback_secret TEXT, p_claim_hash TEXT
  ) RETURNS TABLE (kind TEXT, response TEXT) LANGUAGE plpgsql AS $$
  DECLARE
    n INTEGER;
  BEGIN
    IF p_scope IS NOT NULL THEN
      INSERT INTO idempotency AS i (scope, key, response, expires_at) VALUES (p_scope, p_key, p_response, p_idem_expires)
      ON CONFLICT (scope, key) DO UPDATE SET response = EXCLUDED.response, expires_at = EXCLUDED.expires_at
      WHERE i.expires_at <= p_now
      RETURNING 1 INTO n;
      IF n IS NULL THEN
        RETURN QUERY SELECT 'replayed'::TEXT, i.response FROM idempotency i WHERE i.scope = p_scope AND i.key = p_key;
        RETURN;
      END IF;
    END IF;
    IF NOT p_quota_taken THEN
      IF p_scope IS NOT NULL THEN
        DELETE FROM idempotency i WHERE i.scope = p_scope AND i.key = p_key;
      END IF;
      RETURN QUERY SELECT 'quota_exceeded'::TEXT, NULL::TEXT;
      RETURN;
    END IF;
    INSERT INTO secrets (id, blob, created_at, expires_at, purge_at, hint, split_url_mode, owner_key_id, callback_url, callback_secret, claim_hash)
    VALUES (p_id, p_blob, p_created, p_expires, p_purge, p_hint, p_split, p_owner, p_callback_url, p_callback_secret, p_claim_hash);
    RETURN QUERY SELECT 'created'::TEXT, NULL::TEXT;
  END;
  $$;
  `,
  // Accounts and the audit trail, as in SQLite's fourth migration.
  `
  ALTER TABLE api_keys ADD COLUMN user_id TEXT;
  ALTER TABLE api_keys ADD COLUMN kind TEXT NOT NULL DEFAULT 'key';
  ALTER TABLE api_keys ADD COLUMN last_used_at BIGINT;
  CREATE INDEX api_keys_by_user ON api_keys (user_id, created_at) WHERE user_id IS NOT NULL;

  ALTER TABLE secrets ADD COLUMN webhook_outcome TEXT;
  CREATE INDEX secrets_by_owner ON secrets (owner_key_id, created_at) WHERE owner_key_id IS NOT NULL;
  DROP INDEX secrets_by_purge;
  CREATE INDEX secrets_purge_unowned ON secrets (purge_at) WHERE owner_key_id IS NULL;
  CREATE INDEX secrets_owned_end ON secrets ((coalesce(consumed_at, expires_at))) WHERE owner_key_id IS NOT NULL;

  CREATE TABLE users (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    tier        TEXT NOT NULL,
    is_admin    BOOLEAN NOT NULL DEFAULT false,
    created_at  BIGINT NOT NULL,
    disabled_at BIGINT
  );
  CREATE UNIQUE INDEX users_by_name ON users (lower(name));

  CREATE TABLE passkeys (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    public_key   TEXT NOT NULL,
    counter      BIGINT NOT NULL,
    transports   TEXT NOT NULL,
    name         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT
  );
  CREATE INDEX passkeys_by_user ON passkeys (user_id);

  CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    hash         TEXT NOT NULL UNIQUE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    label        TEXT
  );
  CREATE INDEX sessions_by_user ON sessions (user_id);
  CREATE INDEX sessions_by_expiry ON sessions (expires_at);

  CREATE TABLE invites (
    id         TEXT PRIMARY KEY,
    hash       TEXT NOT NULL UNIQUE,
    tier       TEXT NOT NULL,
    is_admin   BOOLEAN NOT NULL DEFAULT false,
    created_by TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT,
    used_by    TEXT
  );

  CREATE TABLE device_codes (
    id          TEXT PRIMARY KEY,
    hash        TEXT NOT NULL UNIQUE,
    user_code   TEXT NOT NULL UNIQUE,
    label       TEXT,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    user_id     TEXT,
    approved_at BIGINT,
    denied_at   BIGINT,
    key_id      TEXT
  );
  CREATE INDEX device_codes_by_expiry ON device_codes (expires_at);

  CREATE TABLE auth_challenges (
    challenge  TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL,
    data       TEXT NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX auth_challenges_by_expiry ON auth_challenges (expires_at);
  `,
  // Requests (spec api.md §3.7): the requester's record; its fulfilment is a claimed secret
  // (secret_id). Kept, like secrets, until purge_at, and an owned one for the audit retention.
  `
  CREATE TABLE requests (
    id               TEXT PRIMARY KEY,
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    purge_at         BIGINT NOT NULL,
    expiry_minutes   INTEGER NOT NULL,
    hint             TEXT,
    claim_hash       TEXT NOT NULL,
    owner_key_id     TEXT,
    max_secret_bytes INTEGER NOT NULL,
    callback_url     TEXT,            -- cleared when request.fulfilled is queued
    callback_secret  TEXT,            -- sealed with the server key, bound to the request id
    fulfilled_at     BIGINT,
    cancelled_at     BIGINT,
    secret_id        TEXT
  );
  CREATE INDEX requests_purge_unowned ON requests (purge_at) WHERE owner_key_id IS NULL;
  CREATE INDEX requests_owned_end ON requests (purge_at) WHERE owner_key_id IS NOT NULL;
  CREATE INDEX requests_by_owner ON requests (owner_key_id, created_at) WHERE owner_key_id IS NOT NULL;
  CREATE INDEX requests_by_secret ON requests (secret_id) WHERE secret_id IS NOT NULL;
  `,
  // A create in one round trip: a procedure runs the count and the create as two transactions
  // (COMMIT between them is allowed in a procedure called on its own), so the count still commits
  // without waiting for its flush and the secret's insert still commits durably, as with the two
  // calls of migration 4, which stay for instances of the previous release. It returns the kind
  // and a replay's response; a replay gives its count back in the create's transaction. A create
  // that fails after the count keeps it (one create fewer, as when the give-back fails).
  `
  CREATE PROCEDURE zephr_create_secret_call(
    p_scope TEXT, p_key TEXT, p_response TEXT, p_idem_expires BIGINT, p_now BIGINT,
    p_subject TEXT, p_period TEXT, p_limit INTEGER, p_period_ends BIGINT,
    p_id TEXT, p_blob TEXT, p_created BIGINT, p_expires BIGINT, p_purge BIGINT, p_hint TEXT,
    p_split BOOLEAN, p_owner TEXT, p_callback_url TEXT, p_callback_secret TEXT, p_claim_hash TEXT,
    INOUT kind TEXT DEFAULT NULL, INOUT response TEXT DEFAULT NULL
  ) LANGUAGE plpgsql AS $$
  DECLARE
    taken BOOLEAN;
  BEGIN
    taken := zephr_take_quota(p_scope, p_key, p_now, p_subject, p_period, p_limit, p_period_ends);
    COMMIT; -- the count alone; synchronous_commit is back to the session's for the create
    SELECT c.kind, c.response INTO kind, response FROM zephr_create_secret_counted(
      p_scope, p_key, p_response, p_idem_expires, p_now, taken,
      p_id, p_blob, p_created, p_expires, p_purge, p_hint, p_split, p_owner, p_callback_url, p_callback_secret, p_claim_hash) c;
    IF kind = 'replayed' AND taken THEN
      PERFORM zephr_return_quota(p_subject, p_period); -- a replay writes nothing else: no durability to keep
    END IF;
  END;
  $$;
  `,
];
