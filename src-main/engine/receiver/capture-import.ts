// Captures brought back from a hooklab.captures/v1 document (a colleague's export, a bug report): each
// into its own inbox by slug (made when missing) or into one chosen inbox, with its original id, times,
// bytes, answer, verdict and forward outcome. A capture already here (same id) is skipped, so importing
// the same file twice adds nothing. The whole document is checked first (no inbox is made for a refused
// one), then its captures are written in one transaction (with the inboxes made for them, when given
// `transaction`); the age retention counts from the import, not from when the sender sent them.
import type { Clock } from '../clock'
import type { EventBus } from '../events'
import { HooklabError } from '../errors'
import type { HeaderPairs } from '../signing/types'
import type { CaptureRecord, CaptureRepo } from './capture-repo'
import type { InboxService } from './inboxes'
import type { CaptureVerdict, Unanswered } from './types'
import { deliveryKey } from './verification'

/** One capture as a document holds it, bodies decoded (api/captures-import.ts reads the JSON). */
export interface ImportedCapture {
  id: string
  inboxSlug: string
  receivedAt: number
  remoteAddress: string | null
  method: string
  path: string
  query: string
  headers: HeaderPairs
  contentType: string | null
  body: Buffer
  size: number
  oversize: boolean
  response: { status: number | null; headers: HeaderPairs; body: Buffer; relayed: boolean; unanswered?: Unanswered | null } | null
  verification: CaptureVerdict | null
  forward: { url: string; status: number | null; durationMs: number | null; error: string | null; body: Buffer | null } | null
}

const SLUG = /^[a-z0-9][a-z0-9_-]{0,63}$/

export function createCaptureImporter(deps: {
  captures: CaptureRepo
  inboxes: Pick<InboxService, 'get' | 'getBySlug' | 'create'>
  bus: EventBus
  clock: Clock
  /** Runs `fn` in one database transaction (so the inboxes made for a document go with its captures); without it only the captures share one. */
  transaction?: <T>(fn: () => T) => T
}) {
  return function importCaptures(items: readonly ImportedCapture[], opts: { inboxId?: string } = {}): { imported: number; skipped: number; inboxes: string[] } {
    const target = opts.inboxId === undefined ? null : deps.inboxes.get(opts.inboxId)
    // The whole document is checked before anything is written: an error imports nothing, makes no inbox.
    if (!target) {
      for (const c of items) {
        if (!SLUG.test(c.inboxSlug)) throw new HooklabError('E_INVALID_INPUT', `inbox slug "${c.inboxSlug}" in the document (capture ${c.id}) is not one Hooklab can use; import into a chosen inbox instead`)
      }
    }
    const write = (): { imported: number; skipped: number; inboxes: string[] } => {
      const inboxIds = new Map<string, string>()
      const inboxFor = (slug: string): string => {
        if (target) return target.id
        let id = inboxIds.get(slug)
        if (!id) {
          id = (deps.inboxes.getBySlug(slug) ?? deps.inboxes.create({ slug })).id
          inboxIds.set(slug, id)
        }
        return id
      }
      const here = deps.captures.existingIds(items.map((c) => c.id))
      let skipped = 0
      const touched = new Set<string>()
      const rows: CaptureRecord[] = []
      for (const c of items) {
        if (here.has(c.id)) {
          skipped++
          continue
        }
        here.add(c.id) // the same id twice in one document
        const inboxId = inboxFor(c.inboxSlug)
        touched.add(inboxId)
        rows.push(recordOf(c, inboxId))
      }
      deps.captures.insertImported(rows, deps.clock.now())
      return { imported: rows.length, skipped, inboxes: [...touched] }
    }
    const res = deps.transaction ? deps.transaction(write) : write()
    for (const id of res.inboxes) deps.bus.emit('inbox.updated', { inboxId: id })
    return res
  }
}

function recordOf(c: ImportedCapture, inboxId: string): CaptureRecord {
  const v = c.verification
  return {
    id: c.id,
    inbox_id: inboxId,
    received_at: c.receivedAt,
    method: c.method,
    path: c.path,
    query: c.query,
    headers_json: JSON.stringify(c.headers),
    content_type: c.contentType,
    body: c.oversize ? null : c.body,
    size: c.size,
    oversize: c.oversize ? 1 : 0,
    remote_address: c.remoteAddress,
    response_status: c.response?.status ?? null,
    response_headers_json: c.response ? JSON.stringify(c.response.headers) : null,
    response_body: c.response?.body ?? null,
    verify_scheme: v?.scheme ?? null,
    verify_valid: v ? (v.valid ? 1 : 0) : null,
    verify_reason: v?.reason ?? null,
    verify_explanation: v?.explanation ?? null,
    // Duplicates are found again among what this inbox holds (insertBatch looks the key up).
    delivery_key: c.oversize ? null : deliveryKey(c.headers, c.body),
    duplicate_of: null,
    forward_url: c.forward?.url ?? null,
    forward_status: c.forward?.status ?? null,
    forward_body: c.forward?.body ?? null,
    forward_ms: c.forward?.durationMs ?? null,
    forward_error: c.forward?.error ?? null,
    relayed: c.response?.relayed ? 1 : 0,
    unanswered_ms: c.response?.unanswered?.afterMs ?? null,
    unanswered_by: c.response?.unanswered?.by ?? null,
  }
}
