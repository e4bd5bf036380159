import type { Migration } from './index'

// Takes index maintenance off the delivery hot path. `delivery_status (status, created_at)` moved
// on every claim and every settle (pending → sending → delivered: four B-tree writes per message)
// and only served list filters, counts and retention. Those are now served by indexes that do not
// move when a delivery is sent: delivery_due / delivery_lease (partial, pending / sending),
// delivery_created (delivered: most rows, walked newest first) and this partial index of the rare
// final statuses, which a delivery enters at most once and only when it did not get through.
export const migration003DeliveryIndexes: Migration = {
  name: '003_delivery_indexes',
  up(db) {
    db.exec(`
      DROP INDEX IF EXISTS delivery_status;
      CREATE INDEX IF NOT EXISTS delivery_problem ON delivery(status, created_at DESC, id DESC)
        WHERE status IN ('failed','dead','cancelled');
    `)
  },
}
