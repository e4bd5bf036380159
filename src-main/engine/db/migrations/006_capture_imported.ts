import type { Migration } from './index'

// An imported capture (a hooklab.captures/v1 file) keeps its original received time, but the age
// retention counts from when it was imported: otherwise last month's bug report would be pruned
// within seconds of its import under a 30-day retention.
export const migration006CaptureImported: Migration = {
  name: '006_capture_imported',
  up(db) {
    db.exec('ALTER TABLE capture ADD COLUMN imported_at INTEGER;')
  },
}
