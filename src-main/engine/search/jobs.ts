// The reads that can walk many rows: Deliveries' page and status counts and the Inbox's page with a search
// text (every payload body), an endpoint's stats (every attempt in the range). The searcher (searcher.ts)
// runs those on a thread of their own.
import type { Db } from '../db/open'
import { createQueue, pageOfDeliveries } from '../delivery/queue'
import type { DeliveryFilter, DeliveryStatus, DeliverySummary, Page, PageResult } from '../delivery/types'
import { createEndpointRepo } from '../endpoints/repo'
import { endpointStats } from '../endpoints/stats'
import type { EndpointStats } from '../endpoints/stats'
import { createCaptureRepo } from '../receiver/capture-repo'
import { pageOfCaptures } from '../receiver/capture-view'
import type { CaptureFilter, CapturePage, CaptureRow } from '../receiver/types'

export interface SearchJobs {
  deliveries(filter: DeliveryFilter, page: Page): PageResult<DeliverySummary>
  deliveryCounts(filter: Omit<DeliveryFilter, 'status'>): Record<DeliveryStatus, number>
  captures(filter: CaptureFilter, page: CapturePage): { items: CaptureRow[]; nextCursor: string | null }
  /** Attempts of an endpoint from `since` to `now`, in `buckets` intervals, with a latency histogram. */
  endpointStats(endpointId: string, range: { since: number; now: number; buckets: number }): EndpointStats
}

export type SearchKind = keyof SearchJobs

/** The jobs on a connection of their own (the search thread's). */
export function searchJobsOn(db: Db): SearchJobs {
  const queue = createQueue(db)
  const captures = createCaptureRepo(db)
  const endpoints = createEndpointRepo(db)
  return {
    deliveries: (filter, page) => pageOfDeliveries(queue, filter, page),
    deliveryCounts: (filter) => queue.countByStatus(filter),
    captures: (filter, page) => pageOfCaptures(captures, filter, page),
    endpointStats: (endpointId, range) => endpointStats(endpoints.attemptsSince(endpointId, range.since), range),
  }
}
