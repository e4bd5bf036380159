import type { Database } from 'better-sqlite3'
import { migration001Delivery } from './001_delivery'
import { migration002Receiver } from './002_receiver'
import { migration003DeliveryIndexes } from './003_delivery_indexes'
import { migration004CaptureIndexes } from './004_capture_indexes'
import { migration005CaptureRelayed } from './005_capture_relayed'
import { migration006CaptureImported } from './006_capture_imported'
import { migration007CaptureUnanswered } from './007_capture_unanswered'
import { migration008CancelledLease } from './008_cancelled_lease'
import { migration009DeletedEndpointName } from './009_deleted_endpoint_name'

export interface Migration {
  name: string
  up(db: Database): void
}

// Numbered and immutable once released: never edit a shipped migration, add the next one.
export const MIGRATIONS: readonly Migration[] = [migration001Delivery, migration002Receiver, migration003DeliveryIndexes, migration004CaptureIndexes, migration005CaptureRelayed, migration006CaptureImported, migration007CaptureUnanswered, migration008CancelledLease, migration009DeletedEndpointName]
