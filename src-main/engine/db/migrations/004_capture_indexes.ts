import type { Migration } from './index'

// One index entry fewer per capture on the receiver's hot path. `capture_received` served only
// age pruning, which now walks the table in rowid order a bounded window at a time (see
// receiver/capture-repo.ts); every other capture index serves a query the UI or the pruner runs.
export const migration004CaptureIndexes: Migration = {
  name: '004_capture_indexes',
  up(db) {
    db.exec('DROP INDEX IF EXISTS capture_received;')
  },
}
