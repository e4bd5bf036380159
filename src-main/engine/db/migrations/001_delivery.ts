import type { Migration } from './index'

// Endpoints, messages, deliveries and attempts (the sending side).
export const migration001Delivery: Migration = {
  name: '001_delivery',
  up(db) {
    db.exec(`
      -- owned by the delivery engine; see DESIGN.md "Data model"
    `)
  },
}
