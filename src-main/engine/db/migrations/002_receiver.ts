import type { Migration } from './index'

// Inboxes and captures (the receiving side). Bodies are BLOBs, kept byte for byte.
// Captures are paged newest first by rowid (insertion order), which stays monotonic
// while rows are only ever appended; `delivery_key` ("source:id") finds duplicates.
export const migration002Receiver: Migration = {
  name: '002_receiver',
  up(db) {
    db.exec(`
      CREATE TABLE inbox (
        id                  TEXT PRIMARY KEY,
        slug                TEXT NOT NULL UNIQUE,
        name                TEXT NOT NULL,
        response_json       TEXT NOT NULL,
        verification_json   TEXT,
        verification_secret BLOB,
        forward_to          TEXT,
        created_at          INTEGER NOT NULL,
        updated_at          INTEGER NOT NULL
      );

      CREATE TABLE capture (
        id                    TEXT NOT NULL UNIQUE,
        inbox_id              TEXT NOT NULL REFERENCES inbox(id) ON DELETE CASCADE,
        received_at           INTEGER NOT NULL,
        method                TEXT NOT NULL,
        path                  TEXT NOT NULL,
        query                 TEXT NOT NULL,
        headers_json          TEXT NOT NULL,
        content_type          TEXT,
        body                  BLOB,
        size                  INTEGER NOT NULL,
        oversize              INTEGER NOT NULL DEFAULT 0,
        remote_address        TEXT,
        response_status       INTEGER,
        response_headers_json TEXT,
        response_body         BLOB,
        verify_scheme         TEXT,
        verify_valid          INTEGER,
        verify_reason         TEXT,
        verify_explanation    TEXT,
        delivery_key          TEXT,
        duplicate_of          TEXT,
        forward_url           TEXT,
        forward_status        INTEGER,
        forward_body          BLOB,
        forward_ms            REAL,
        forward_error         TEXT
      );
      CREATE INDEX capture_inbox ON capture(inbox_id);
      CREATE INDEX capture_received ON capture(received_at);
      CREATE INDEX capture_dupe ON capture(inbox_id, delivery_key) WHERE delivery_key IS NOT NULL;
    `)
  },
}
