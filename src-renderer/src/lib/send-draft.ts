// Send's draft as kept across reloads and restarts (localStorage, through lib/storage.ts, which never
// throws). Read back field by field: a field that is missing or of the wrong shape (an older build, a
// hand edit) keeps its default, the rest still comes back. The secret is never written to storage.
import type { HmacOptions } from '../../../src-preload/contract'
import { loadString, saveString } from './storage'

export const SEND_DRAFT_KEY = 'hooklab.send.draft'

const MODES = ['endpoints', 'event', 'url'] as const
const SCHEMES = ['none', 'standard', 'stripe', 'github', 'shopify', 'slack', 'hmac'] as const
/** A body longer than this is not kept (localStorage holds a few MB per origin); the rest of the draft is. */
export const MAX_KEPT_BODY = 1_000_000

export interface SendDraft {
  mode: (typeof MODES)[number]
  endpointIds: string[]
  eventType: string
  url: string
  scheme: (typeof SCHEMES)[number]
  hmac: HmacOptions
  body: string
  contentType: string
  headers: string
  /** The event type of the side not shown (fan-out's, or the label's): see stores/compose.ts. */
  otherEventType: string | null
}

const isString = (v: unknown): v is string => typeof v === 'string'
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v)

function hmacOf(v: unknown): HmacOptions | undefined {
  if (!v || typeof v !== 'object') return undefined
  const h = v as Record<string, unknown>
  if (!isString(h.header) || !isString(h.prefix) || !oneOf(['sha1', 'sha256', 'sha512'] as const, h.algorithm) || !oneOf(['hex', 'base64'] as const, h.encoding)) return undefined
  return { header: h.header, algorithm: h.algorithm, encoding: h.encoding, prefix: h.prefix }
}

/** The fields of a stored draft that are usable; {} when there is none or it does not parse. */
export function parseSendDraft(text: string | null): Partial<SendDraft> {
  if (!text) return {}
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    return {}
  }
  if (!v || typeof v !== 'object') return {}
  const d = v as Record<string, unknown>
  const out: Partial<SendDraft> = {}
  if (oneOf(MODES, d.mode)) out.mode = d.mode
  if (Array.isArray(d.endpointIds) && d.endpointIds.every(isString)) out.endpointIds = d.endpointIds
  if (isString(d.eventType)) out.eventType = d.eventType
  if (isString(d.url)) out.url = d.url
  if (oneOf(SCHEMES, d.scheme)) out.scheme = d.scheme
  const hmac = hmacOf(d.hmac)
  if (hmac) out.hmac = hmac
  if (isString(d.body)) out.body = d.body
  if (isString(d.contentType)) out.contentType = d.contentType
  if (isString(d.headers)) out.headers = d.headers
  if (isString(d.otherEventType) || d.otherEventType === null) out.otherEventType = d.otherEventType
  return out
}

export function loadSendDraft(): Partial<SendDraft> {
  return parseSendDraft(loadString(SEND_DRAFT_KEY))
}

export function saveSendDraft(d: SendDraft): void {
  const { body, ...rest } = d
  saveString(SEND_DRAFT_KEY, JSON.stringify(body.length > MAX_KEPT_BODY ? rest : d))
}
