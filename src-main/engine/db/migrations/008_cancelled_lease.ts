import type { Migration } from './index'

// A delivery cancelled while its attempt was on the wire keeps its lease until that attempt is
// recorded. When the engine holding it dies, nobody records it: the lease must be cleared once it
// expires (the sweep in queue.ts), or the delivery can never be retried or pruned. This index keeps
// that sweep to the few such rows instead of every cancelled delivery.
export const migration008CancelledLease: Migration = {
  name: '008_cancelled_lease',
  up(db) {
    db.exec("CREATE INDEX delivery_cancelled_lease ON delivery(lease_expires_at) WHERE status = 'cancelled' AND lease_owner IS NOT NULL;")
  },
}
