// Where the live batcher reads the current rows of what changed.
import type { Engine } from '../engine/engine'
import type { Receiver } from '../engine/receiver'
import type { DeliverySummary } from '../engine/delivery/types'
import type { CaptureRow } from '../engine/receiver/types'
import { deliveryRowsOf } from './deliveries'
import type { LiveSource } from './live'
import { captureRowView } from './views'

export function engineLiveSource(engine: Engine, receiverOf: () => Receiver | null): LiveSource {
  const rows = deliveryRowsOf(engine)
  return {
    deliveryRows(ids) {
      const found: DeliverySummary[] = []
      for (const id of ids) {
        try {
          found.push(engine.delivery.getDelivery(id))
        } catch {
          // deleted or not yet visible: the next batch or a refetch shows it
        }
      }
      return rows(found)
    },
    captureRows(ids) {
      const receiver = receiverOf()
      if (!receiver) return []
      const found: CaptureRow[] = []
      for (const id of ids) {
        try {
          found.push(receiver.getCapture(id))
        } catch {
          // pruned meanwhile
        }
      }
      return found.map(captureRowView)
    },
  }
}
