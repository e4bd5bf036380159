// The reads a search runs: Deliveries' page and status counts, the Inbox's page. With a search text
// they walk every payload body, so the searcher (searcher.ts) runs them on a thread of their own.
import type { Db } from '../db/open'
import { createQueue, pageOfDeliveries } from '../delivery/queue'
import type { DeliveryFilter, DeliveryStatus, DeliverySummary, Page, PageResult } from '../delivery/types'
import { createCaptureRepo } from '../receiver/capture-repo'
import { pageOfCaptures } from '../receiver/capture-view'
import type { CaptureFilter, CapturePage, CaptureRow } from '../receiver/types'

export interface SearchJobs {
  deliveries(filter: DeliveryFilter, page: Page): PageResult<DeliverySummary>
  deliveryCounts(filter: Omit<DeliveryFilter, 'status'>): Record<DeliveryStatus, number>
  captures(filter: CaptureFilter, page: CapturePage): { items: CaptureRow[]; nextCursor: string | null }
}

export type SearchKind = keyof SearchJobs

/** The jobs on a connection of their own (the search thread's). */
export function searchJobsOn(db: Db): SearchJobs {
  const queue = createQueue(db)
  const captures = createCaptureRepo(db)
  return {
    deliveries: (filter, page) => pageOfDeliveries(queue, filter, page),
    deliveryCounts: (filter) => queue.countByStatus(filter),
    captures: (filter, page) => pageOfCaptures(captures, filter, page),
  }
}
