import type { Migration } from './index'

// Inboxes and captures (the receiving side).
export const migration002Receiver: Migration = {
  name: '002_receiver',
  up(db) {
    db.exec(`
      -- owned by the receiver; see DESIGN.md "Data model"
    `)
  },
}
