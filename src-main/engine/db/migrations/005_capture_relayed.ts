import type { Migration } from './index'

// An inbox may answer each sender with its forward target's response (the rule's `relay`): the
// capture says so, since its answer is only known once that server has answered.
export const migration005CaptureRelayed: Migration = {
  name: '005_capture_relayed',
  up(db) {
    db.exec('ALTER TABLE capture ADD COLUMN relayed INTEGER NOT NULL DEFAULT 0;')
  },
}
