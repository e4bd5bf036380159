// SQL for the capture table: prepared once (list variants once per filter shape), every value bound.
import type { Statement } from 'better-sqlite3'
import { EVENT_BODY_MAX } from './event-hint'
import type { Db } from '../db/open'
import { decodeContent } from './content-encoding'
import type { HeaderPairs } from '../signing/types'

export interface CaptureRecord {
  id: string
  inbox_id: string
  received_at: number
  method: string
  path: string
  query: string
  headers_json: string
  content_type: string | null
  body: Buffer | null
  size: number
  oversize: number
  remote_address: string | null
  response_status: number | null
  response_headers_json: string | null
  response_body: Buffer | null
  verify_scheme: string | null
  verify_valid: number | null
  verify_reason: string | null
  verify_explanation: string | null
  delivery_key: string | null
  duplicate_of: string | null
  forward_url: string | null
  forward_status: number | null
  forward_body: Buffer | null
  forward_ms: number | null
  forward_error: string | null
  /** 1: the answer is the forward target's (the inbox relays); it is stored once that server answered. */
  relayed: number
  /** The connection closed before the answer went out: ms after arrival, and by whom (set after the insert). */
  unanswered_ms?: number | null
  unanswered_by?: 'sender' | 'hooklab' | null
}

export type CaptureListRecord = Omit<CaptureRecord, 'body' | 'response_body' | 'forward_body'> & {
  seq: number
  inbox_slug: string
  body_type: unknown
  body_action: unknown
  /** The body when it was sent with a Content-Encoding (and is small): SQL cannot read its fields. */
  encoded_body: Buffer | null
}

export interface ListShape {
  inboxId?: string | undefined
  text?: string | undefined
  method?: string | undefined
  beforeSeq?: number | undefined
  fromSeq?: number | undefined
  limit: number
}

export type CaptureRepo = ReturnType<typeof createCaptureRepo>

/** The statements' text, for EXPLAIN QUERY PLAN in tests. */
export const CAPTURE_SQL = {
  firstWithKey: 'SELECT id FROM capture WHERE inbox_id = ? AND delivery_key = ? ORDER BY rowid LIMIT 1',
  byId: 'SELECT c.*, c.rowid AS seq, i.slug AS inbox_slug FROM capture c JOIN inbox i ON i.id = c.inbox_id WHERE c.id = ?',
  clearInbox: 'DELETE FROM capture WHERE inbox_id = ? RETURNING id',
  deleteById: 'DELETE FROM capture WHERE id = ? RETURNING inbox_id',
  countsByInbox: 'SELECT inbox_id, count(*) AS n FROM capture GROUP BY inbox_id',
  countOf: 'SELECT count(*) AS n FROM capture WHERE inbox_id = ?',
  pruneOldestOfInbox: 'DELETE FROM capture WHERE rowid IN (SELECT rowid FROM capture WHERE inbox_id = ? ORDER BY rowid LIMIT ?) RETURNING id',
  // Age pruning without an index on received_at (one entry fewer per capture): look at the next
  // window of rows in rowid order, then delete the aged ones inside it, a batch per statement.
  // Each pass reads one window; the walk starts over at the end, so every aged capture goes
  // within one sweep, even one stored behind a younger row (a slow upload, a clock set back).
  // An imported capture's age counts from its import (imported_at), a received one's from its arrival.
  ageWindow: `SELECT max(rowid) AS last, count(*) AS n, coalesce(sum(coalesce(imported_at, received_at) < ?), 0) AS aged
    FROM (SELECT rowid, received_at, imported_at FROM capture WHERE rowid > ? ORDER BY rowid LIMIT ?)`,
  // When the newest capture was stored (the last rowid: its arrival, or its import), for the age cutoff.
  newestStamp: 'SELECT coalesce(imported_at, received_at) AS t FROM capture ORDER BY rowid DESC LIMIT 1',
  pruneAgedInRange:
    'DELETE FROM capture WHERE rowid IN (SELECT rowid FROM capture WHERE rowid > ? AND rowid <= ? AND coalesce(imported_at, received_at) < ? LIMIT ?) RETURNING id',
  // The export's keyset pages, oldest first: every inbox on the primary key, one inbox on capture_inbox.
  exportPage: exportPageSql('rowid > ? AND received_at >= ? AND received_at < ?'),
  exportPageOfInbox: exportPageSql('inbox_id = ? AND rowid > ? AND received_at >= ? AND received_at < ?'),
} as const

/**
 * An export page: at most `limit` captures, and no more than fit in `maxBytes` of bodies (the first
 * always comes, however big). Only the lengths of the next `limit` rows are read to choose them, so
 * a page of 10 MB captures holds a few of them, not 100 (which took over 1 GB of memory).
 */
function exportPageSql(where: string): string {
  const bytes = 'coalesce(length(body), 0) + coalesce(length(response_body), 0) + coalesce(length(forward_body), 0)'
  return `SELECT c.*, c.rowid AS seq, i.slug AS inbox_slug FROM capture c JOIN inbox i ON i.id = c.inbox_id
    WHERE c.rowid IN (SELECT seq FROM (
      SELECT seq, sum(n) OVER (ORDER BY seq ROWS UNBOUNDED PRECEDING) - n AS before
      FROM (SELECT rowid AS seq, ${bytes} AS n FROM capture WHERE ${where} ORDER BY rowid LIMIT ?)
    ) WHERE before < ?) ORDER BY c.rowid`
}

/** What an export page's bodies may add up to (besides its first capture). */
export const EXPORT_PAGE_BYTES = 16 * 1024 * 1024

export interface ExportPageShape {
  inboxId?: string | undefined
  afterSeq: number
  /** ms since epoch, inclusive / exclusive (received_at) */
  since: number
  until: number
  limit: number
  /** Bodies (request, response, forward) a page may hold; default EXPORT_PAGE_BYTES. */
  maxBytes?: number | undefined
}

// The body's top-level "type" and "action" for the row's event name (event-hint.ts reads the same two
// fields from a detail's body, up to the same size); JSON bodies only, so the list never parses big ones.
// A body sent compressed, or a form post (GitHub's payload=<json>; rare), comes along as it is, for the row
// to read (capture-view.ts).
const BODY_JSON = `length(c.body) BETWEEN 1 AND ${EVENT_BODY_MAX} AND (c.content_type IS NULL OR c.content_type LIKE '%json%') AND json_valid(CAST(c.body AS TEXT))`
const BODY_EVENT_FIELDS = `CASE WHEN ${BODY_JSON} THEN json_extract(CAST(c.body AS TEXT), '$.type') END AS body_type,
  CASE WHEN ${BODY_JSON} THEN json_extract(CAST(c.body AS TEXT), '$.action') END AS body_action,
  CASE WHEN length(c.body) BETWEEN 1 AND ${EVENT_BODY_MAX} AND (c.headers_json LIKE '%"content-encoding"%' OR c.content_type LIKE '%x-www-form-urlencoded%') THEN c.body END AS encoded_body`

const LIST_COLUMNS = `c.rowid AS seq, i.slug AS inbox_slug, c.id, c.inbox_id, c.received_at, c.method, c.path, c.query,
  c.headers_json, c.content_type, c.size, c.oversize, c.remote_address, c.response_status, c.response_headers_json,
  c.verify_scheme, c.verify_valid, c.verify_reason, c.verify_explanation, c.delivery_key, c.duplicate_of,
  c.forward_url, c.forward_status, c.forward_ms, c.forward_error, c.relayed, ${BODY_EVENT_FIELDS}`

/**
 * Whether a body holds the needle as the capture detail shows it: decoded when it was sent compressed,
 * and field by field ("a b", not "a+b") when it is a form post. SQL's instr() sees only the stored bytes.
 */
export function shownBodyHas(headersJson: string, contentType: string | null, body: Buffer, needle: Buffer): boolean {
  let text = body
  if (/"content-encoding"/i.test(headersJson)) {
    let headers: HeaderPairs
    try {
      headers = JSON.parse(headersJson) as HeaderPairs
    } catch {
      return false
    }
    const decoded = decodeContent(headers, body)
    if (decoded?.body) {
      if (decoded.body.includes(needle)) return true
      text = decoded.body
    }
  }
  if (!contentType || !/^\s*application\/x-www-form-urlencoded/i.test(contentType)) return false
  const fields = [...new URLSearchParams(text.toString('utf8'))].map(([k, v]) => `${k}=${v}`).join('&')
  return Buffer.from(fields, 'utf8').includes(needle)
}

export function createCaptureRepo(db: Db) {
  // For the list's search text (listSql): called only for rows whose stored bytes do not hold it.
  db.function('hooklab_shown_body_has', { deterministic: true, varargs: false }, (h: unknown, ct: unknown, b: unknown, n: unknown) =>
    typeof h === 'string' && Buffer.isBuffer(b) && Buffer.isBuffer(n) && shownBodyHas(h, typeof ct === 'string' ? ct : null, b, n) ? 1 : 0,
  )
  // Positional parameters on the hot insert: binding 27 named ones costs a property lookup each.
  const insert = db.prepare<unknown[]>(
    `INSERT INTO capture (id, inbox_id, received_at, method, path, query, headers_json, content_type, body, size, oversize,
       remote_address, response_status, response_headers_json, response_body, verify_scheme, verify_valid, verify_reason,
       verify_explanation, delivery_key, duplicate_of, forward_url, forward_status, forward_body, forward_ms, forward_error, relayed)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const firstWithKey = db.prepare<[string, string], { id: string }>(CAPTURE_SQL.firstWithKey)
  const idsAmong = db.prepare<[string], { id: string }>('SELECT id FROM capture WHERE id IN (SELECT value FROM json_each(?))')
  const markImported = db.prepare<[number, string]>('UPDATE capture SET imported_at = ? WHERE id IN (SELECT value FROM json_each(?))')
  const byId = db.prepare<[string], CaptureRecord & { seq: number; inbox_slug: string }>(CAPTURE_SQL.byId)
  const setForward = db.prepare(
    `UPDATE capture SET forward_url = @forward_url, forward_status = @forward_status, forward_body = @forward_body,
       forward_ms = @forward_ms, forward_error = @forward_error WHERE id = @id`,
  )
  // A relayed capture gets its answer with its forward result: what the sender was sent.
  const setRelayed = db.prepare(
    `UPDATE capture SET forward_url = @forward_url, forward_status = @forward_status, forward_body = @forward_body,
       forward_ms = @forward_ms, forward_error = @forward_error, response_status = @response_status,
       response_headers_json = @response_headers_json, response_body = @response_body WHERE id = @id`,
  )
  const setUnanswered = db.prepare<[number, string, string]>('UPDATE capture SET unanswered_ms = ?, unanswered_by = ? WHERE id = ?')
  // A verdict reached after the fact (reverify.ts): stored like the receiver's, so the list and the export agree.
  const setVerdict = db.prepare<[string, number, string, string | null, string]>(
    'UPDATE capture SET verify_scheme = ?, verify_valid = ?, verify_reason = ?, verify_explanation = ? WHERE id = ?',
  )
  const clearInbox = db.prepare<[string], { id: string }>(CAPTURE_SQL.clearInbox)
  const deleteById = db.prepare<[string], { inbox_id: string }>(CAPTURE_SQL.deleteById)
  const inboxesWithCounts = db.prepare<[], { inbox_id: string; n: number }>(CAPTURE_SQL.countsByInbox)
  const countOfInbox = db.prepare<[string], { n: number }>(CAPTURE_SQL.countOf)
  const pruneOldestOfInbox = db.prepare<[string, number], { id: string }>(CAPTURE_SQL.pruneOldestOfInbox)
  const ageWindow = db.prepare<[number, number, number], { last: number | null; n: number; aged: number }>(CAPTURE_SQL.ageWindow)
  const newestStamp = db.prepare<[], { t: number }>(CAPTURE_SQL.newestStamp)
  const pruneAgedInRange = db.prepare<[number, number, number, number], { id: string }>(CAPTURE_SQL.pruneAgedInRange)
  type Full = CaptureRecord & { seq: number; inbox_slug: string }
  const exportPage = db.prepare<[number, number, number, number, number], Full>(CAPTURE_SQL.exportPage)
  const exportPageOfInbox = db.prepare<[string, number, number, number, number, number], Full>(CAPTURE_SQL.exportPageOfInbox)

  // Group commit: one transaction for every capture that arrived in the same few ms.
  // Duplicates are looked up inside it, so two copies in one batch still see each other. It is run
  // IMMEDIATE: a deferred one that reads (the duplicate lookup) and then writes fails at once with
  // SQLITE_BUSY when another process (the app, a second listen) committed in between; the busy
  // timeout only covers waiting for the write lock at the start.
  const insertBatch = db.transaction((rows: CaptureRecord[]) => {
    for (const row of rows) {
      if (row.delivery_key !== null) row.duplicate_of = firstWithKey.get(row.inbox_id, row.delivery_key)?.id ?? null
      insert.run(
        row.id, row.inbox_id, row.received_at, row.method, row.path, row.query, row.headers_json, row.content_type,
        row.body, row.size, row.oversize, row.remote_address, row.response_status, row.response_headers_json,
        row.response_body, row.verify_scheme, row.verify_valid, row.verify_reason, row.verify_explanation,
        row.delivery_key, row.duplicate_of, row.forward_url, row.forward_status, row.forward_body, row.forward_ms,
        row.forward_error, row.relayed,
      )
    }
  })

  const insertImported = db.transaction((rows: CaptureRecord[], at: number): void => {
    insertBatch(rows)
    markImported.run(at, JSON.stringify(rows.map((r) => r.id)))
    for (const r of rows) if (r.unanswered_ms != null && r.unanswered_by) setUnanswered.run(r.unanswered_ms, r.unanswered_by, r.id)
  })

  const listStatements = new Map<string, Statement<unknown[], CaptureListRecord>>()
  function listStatement(shape: ListShape): Statement<unknown[], CaptureListRecord> {
    const key = `${shape.inboxId ? 'i' : ''}${shape.text ? 't' : ''}${shape.method ? 'm' : ''}${shape.beforeSeq !== undefined ? 'b' : ''}${shape.fromSeq !== undefined ? 'f' : ''}`
    let stmt = listStatements.get(key)
    if (!stmt) {
      stmt = db.prepare<unknown[], CaptureListRecord>(listSql(shape))
      listStatements.set(key, stmt)
    }
    return stmt
  }

  return {
    insertBatch: (rows: CaptureRecord[]): void => insertBatch.immediate(rows),
    /** Which of these capture ids are stored. */
    existingIds: (ids: readonly string[]): Set<string> => new Set(idsAmong.all(JSON.stringify(ids)).map((r) => r.id)),
    /** Stores captures brought in from a file, marked with when (their age for retention counts from then). */
    insertImported: (rows: CaptureRecord[], at: number): void => insertImported.immediate(rows, at),
    /** Records that the connection closed before the capture's answer went out. */
    setUnanswered: (id: string, ms: number, by: 'sender' | 'hooklab'): void => void setUnanswered.run(ms, by, id),
    get: (id: string) => byId.get(id),
    /** Whole records (bodies too) in rowid order after `afterSeq`, for the export. */
    exportPage: (p: ExportPageShape) =>
      p.inboxId === undefined
        ? exportPage.all(p.afterSeq, p.since, p.until, p.limit, p.maxBytes ?? EXPORT_PAGE_BYTES)
        : exportPageOfInbox.all(p.inboxId, p.afterSeq, p.since, p.until, p.limit, p.maxBytes ?? EXPORT_PAGE_BYTES),
    list(shape: ListShape): CaptureListRecord[] {
      const params: Record<string, unknown> = { limit: shape.limit }
      if (shape.inboxId) params.inboxId = shape.inboxId
      if (shape.method) params.method = shape.method
      if (shape.beforeSeq !== undefined) params.beforeSeq = shape.beforeSeq
      if (shape.fromSeq !== undefined) params.fromSeq = shape.fromSeq
      if (shape.text) {
        const escaped = shape.text.replace(/[\\%_]/g, (c) => `\\${c}`)
        params.like = `%${escaped}%`
        // Header values are stored one character per byte; the detail shows UTF-8 ones decoded ("Zürich"),
        // so the text is looked for as its UTF-8 bytes too.
        params.likeHeaderBytes = `%${Buffer.from(escaped, 'utf8').toString('latin1')}%`
        params.bytes = Buffer.from(shape.text, 'utf8')
      }
      return listStatement(shape).all(params)
    },
    setForward: (id: string, f: Pick<CaptureRecord, 'forward_url' | 'forward_status' | 'forward_body' | 'forward_ms' | 'forward_error'>): void =>
      void setForward.run({ id, ...f }),
    /** Replaces the capture's signature verdict; false when there is no such capture. */
    setVerdict: (id: string, v: Pick<CaptureRecord, 'verify_scheme' | 'verify_valid' | 'verify_reason' | 'verify_explanation'>): boolean =>
      setVerdict.run(v.verify_scheme ?? '', v.verify_valid ?? 0, v.verify_reason ?? '', v.verify_explanation, id).changes > 0,
    setRelayed: (
      id: string,
      f: Pick<CaptureRecord, 'forward_url' | 'forward_status' | 'forward_body' | 'forward_ms' | 'forward_error' | 'response_status' | 'response_headers_json' | 'response_body'>,
    ): void => void setRelayed.run({ id, ...f }),
    /** Deletes every capture of the inbox; returns their ids (for the UI's pruned event). */
    clearInbox: (inboxId: string): string[] => clearInbox.all(inboxId).map((r) => r.id),
    /** Deletes one capture; returns its inbox's id, or null when there was no such capture. */
    deleteOne: (id: string): string | null => deleteById.get(id)?.inbox_id ?? null,
    countsByInbox: () => inboxesWithCounts.all(),
    countOf: (inboxId: string): number => countOfInbox.get(inboxId)?.n ?? 0,
    /** Deletes the inbox's n oldest captures; returns the ids deleted (for the UI's pruned event). */
    pruneOldest: (inboxId: string, n: number): string[] => pruneOldestOfInbox.all(inboxId, n).map((r) => r.id),
    /**
     * Deletes up to `batch` captures received before cutoff among the `window` rows after rowid
     * `after`. Returns the ids deleted and where the walk goes on: `after` again while the window
     * still holds aged rows, the window's end, or null at the end of the table (the walk starts over).
     */
    /** When the newest capture was stored, or null when there is none. */
    newestStamp: (): number | null => newestStamp.get()?.t ?? null,
    pruneAgedAfter(after: number, cutoff: number, window: number, batch: number): { deleted: number; ids: string[]; last: number | null } {
      const w = ageWindow.get(cutoff, after, window)
      if (!w || w.last === null) return { deleted: 0, ids: [], last: null }
      const ids = w.aged > 0 ? pruneAgedInRange.all(after, w.last, cutoff, batch).map((r) => r.id) : []
      const deleted = ids.length
      if (w.aged > deleted) return { deleted, ids, last: after }
      return { deleted, ids, last: w.n < window ? null : w.last }
    },
  }
}

/** The list query for one filter shape (named parameters). */
export function listSql(shape: Omit<ListShape, 'limit'>): string {
  const where: string[] = []
  if (shape.inboxId) where.push('c.inbox_id = @inboxId')
  if (shape.method) where.push('c.method = @method')
  if (shape.beforeSeq !== undefined) where.push('c.rowid < @beforeSeq')
  if (shape.fromSeq !== undefined) where.push('c.rowid >= @fromSeq')
  if (shape.text)
    where.push(
      `(c.method LIKE @like ESCAPE '\\' OR c.id LIKE @like ESCAPE '\\' OR c.path LIKE @like ESCAPE '\\' OR c.query LIKE @like ESCAPE '\\'
        OR c.headers_json LIKE @like ESCAPE '\\' OR c.headers_json LIKE @likeHeaderBytes ESCAPE '\\' OR instr(c.body, @bytes) > 0
        OR ((c.headers_json LIKE '%"content-encoding"%' OR c.content_type LIKE '%x-www-form-urlencoded%')
          AND hooklab_shown_body_has(c.headers_json, c.content_type, c.body, @bytes)))`,
    )
  return `SELECT ${LIST_COLUMNS} FROM capture c JOIN inbox i ON i.id = c.inbox_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.rowid DESC LIMIT @limit`
}
