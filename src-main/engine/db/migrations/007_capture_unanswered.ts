import type { Migration } from './index'

// A capture whose answer never went out: the step was `hang`, or an answer delayed longer than the
// sender would wait. When the connection closed (ms after the request arrived) and who closed it
// ('sender': it gave up; 'hooklab': a hang's limit, or the receiver stopping) is what a developer
// testing their sender's timeout wants to read.
export const migration007CaptureUnanswered: Migration = {
  name: '007_capture_unanswered',
  up(db) {
    db.exec(`ALTER TABLE capture ADD COLUMN unanswered_ms REAL;
      ALTER TABLE capture ADD COLUMN unanswered_by TEXT;`)
  },
}
