import type { Migration } from './index'

// Endpoints, messages, deliveries and attempts (the sending side).
// Bodies are BLOBs (bytes, never re-encoded). Secrets are sealed by a SecretBox (see secrets.ts).
// A delivery with endpoint_id NULL is an ad-hoc target: the row itself carries url, method,
// headers, signing and policy overrides. Status: pending (due at next_attempt_at, including
// retries), sending (leased), delivered, failed (final non-retryable answer, e.g. 400),
// dead (retries exhausted), cancelled.
export const migration001Delivery: Migration = {
  name: '001_delivery',
  up(db) {
    db.exec(`
      CREATE TABLE endpoint (
        id                    TEXT PRIMARY KEY,
        name                  TEXT NOT NULL,
        url                   TEXT NOT NULL,
        method                TEXT NOT NULL DEFAULT 'POST',
        headers_json          TEXT NOT NULL DEFAULT '[]',
        event_types_json      TEXT,
        signing_json          TEXT,
        secret                BLOB,
        previous_secret       BLOB,
        previous_secret_until INTEGER,
        retry_json            TEXT,
        timeout_ms            INTEGER NOT NULL DEFAULT 15000,
        max_concurrency       INTEGER NOT NULL DEFAULT 16,
        rate_limit_per_sec    REAL,
        breaker_threshold     INTEGER NOT NULL DEFAULT 10,
        breaker_cooldown_ms   INTEGER NOT NULL DEFAULT 30000,
        breaker_state         TEXT NOT NULL DEFAULT 'closed',
        breaker_opened_at     INTEGER,
        consecutive_failures  INTEGER NOT NULL DEFAULT 0,
        auto_disable_after    INTEGER,
        enabled               INTEGER NOT NULL DEFAULT 1,
        disabled_reason       TEXT,
        created_at            INTEGER NOT NULL,
        updated_at            INTEGER NOT NULL
      );

      CREATE TABLE message (
        id           TEXT PRIMARY KEY,
        event_type   TEXT,
        body         BLOB NOT NULL,
        content_type TEXT NOT NULL,
        created_at   INTEGER NOT NULL
      );

      CREATE TABLE delivery (
        id               TEXT PRIMARY KEY,
        message_id       TEXT NOT NULL REFERENCES message(id) ON DELETE CASCADE,
        endpoint_id      TEXT REFERENCES endpoint(id) ON DELETE SET NULL,
        event_type       TEXT,
        url              TEXT NOT NULL,
        method           TEXT,
        headers_json     TEXT NOT NULL DEFAULT '[]',
        headers_as_is    INTEGER NOT NULL DEFAULT 0,
        signing_json     TEXT,
        secret           BLOB,
        retry_json       TEXT,
        timeout_ms       INTEGER,
        body             BLOB,
        status           TEXT NOT NULL,
        attempts         INTEGER NOT NULL DEFAULT 0,
        next_attempt_at  INTEGER,
        lease_owner      TEXT,
        lease_expires_at INTEGER,
        last_status      INTEGER,
        last_error_code  TEXT,
        last_error       TEXT,
        replay_of        TEXT,
        created_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL,
        completed_at     INTEGER
      );
      -- Keyed by endpoint: the claim reads each servable endpoint's due rows in order, never a blocked one's backlog.
      CREATE INDEX delivery_due ON delivery(endpoint_id, next_attempt_at) WHERE status = 'pending';
      CREATE INDEX delivery_lease ON delivery(lease_expires_at) WHERE status = 'sending';
      CREATE INDEX delivery_created ON delivery(created_at DESC, id DESC);
      CREATE INDEX delivery_endpoint ON delivery(endpoint_id, created_at DESC);
      CREATE INDEX delivery_status ON delivery(status, created_at DESC);
      CREATE INDEX delivery_message ON delivery(message_id);

      CREATE TABLE attempt (
        delivery_id           TEXT NOT NULL REFERENCES delivery(id) ON DELETE CASCADE,
        number                INTEGER NOT NULL,
        endpoint_id           TEXT,
        owner                 TEXT NOT NULL,
        started_at            INTEGER NOT NULL,
        request_url           TEXT NOT NULL,
        request_method        TEXT NOT NULL,
        request_headers_json  TEXT NOT NULL,
        response_status       INTEGER,
        response_headers_json TEXT,
        response_body         BLOB,
        response_truncated    INTEGER NOT NULL DEFAULT 0,
        error_code            TEXT,
        error_message         TEXT,
        connect_ms            REAL,
        first_byte_ms         REAL,
        total_ms              REAL NOT NULL,
        outcome               TEXT NOT NULL,
        PRIMARY KEY (delivery_id, number)
      ) WITHOUT ROWID;
      CREATE INDEX attempt_endpoint ON attempt(endpoint_id, started_at DESC);

      -- Engines that are running write a heartbeat so the CLI can tell whether
      -- an enqueued delivery will be picked up.
      CREATE TABLE engine_heartbeat (
        owner      TEXT PRIMARY KEY,
        pid        INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        beat_at    INTEGER NOT NULL
      );
    `)
  },
}
