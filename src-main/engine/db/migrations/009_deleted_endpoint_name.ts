import type { Migration } from './index'

// A delivery outlives its endpoint (endpoint_id is set NULL on delete), and with it the only place its
// name was kept: the Deliveries list showed a bare URL for what had been sent as "Stripe prod". The name
// is copied onto the endpoint's deliveries when it is deleted.
export const migration009DeletedEndpointName: Migration = {
  name: '009_deleted_endpoint_name',
  up(db) {
    db.exec('ALTER TABLE delivery ADD COLUMN deleted_endpoint_name TEXT;')
  },
}
