// Shapes the receiver exposes to api/, the CLI and the UI (mirrors src-preload/contract.ts,
// with bodies as Buffers: the api layer base64-encodes them).
import type { HeaderPairs, HmacOptions, SchemeId, SigningConfig } from '../signing/types'
import type { ResponseRule } from './response-rules'

export interface VerificationSettings {
  scheme: SchemeId
  /** Several secrets verify during a rotation. Never returned by the API. */
  secrets: string[]
  toleranceSec: number
  hmac?: HmacOptions | undefined
}

export interface InboxView {
  id: string
  slug: string
  name: string
  /** The receiver address for this inbox; empty until the receiver has started. */
  url: string
  /** The same over https; empty unless the receiver listens on https too. */
  httpsUrl: string
  response: Required<ResponseRule>
  responseScript: string
  verification: { scheme: SchemeId; hasSecret: boolean; secretCount: number; toleranceSec: number; hmac?: HmacOptions | undefined } | null
  forwardTo: string | null
  captureCount: number
  createdAt: number
}

export interface InboxPatch {
  slug?: string
  name?: string
  /** What to change of the rule; what is left out stays as stored. */
  response?: Partial<ResponseRule>
  /** Parsed by the engine; errors name the bad step. Wins over `response.steps`. */
  responseScript?: string
  verification?: {
    scheme: SchemeId
    secret?: string | undefined
    secrets?: string[] | undefined
    toleranceSec?: number | undefined
    hmac?: HmacOptions | undefined
  } | null
  forwardTo?: string | null
}

export interface CaptureVerdict {
  scheme: SchemeId
  valid: boolean
  reason: string
  explanation: string | null
}

export interface CaptureRow {
  id: string
  /** The event it carries, when its headers or JSON body name one (event-hint.ts). */
  event: string | null
  /** Position in the table (rowid): the list's page cursor is String(seq). */
  seq: number
  inboxId: string
  inboxSlug: string
  receivedAt: number
  method: string
  path: string
  /** The query string without its "?" ('' when none). */
  query: string
  contentType: string | null
  size: number
  responseStatus: number | null
  verification: CaptureVerdict | null
  duplicateOf: string | null
  oversize: boolean
  /** Its body was not read because the receiver held too many bodies at once (answered 503, send again); oversize is true too. */
  busy: boolean
  /** Its answer is the forward target's (relay.ts): null responseStatus = that server has not answered yet. */
  relayed: boolean
  /** The inbox forwarded it (or is forwarding it: then forwardStatus and forwardError are both still null). */
  forwarded: boolean
  /** What the forward target answered; null when it did not (forwardError says why) or has not yet. */
  forwardStatus: number | null
  /** Why the forward got no answer (refused, timed out, …). */
  forwardError: string | null
}

export interface ForwardResult {
  url: string
  status: number | null
  body: Buffer | null
  durationMs: number | null
  error: string | null
}

/**
 * The answer never went out: the connection closed `afterMs` after the request arrived, closed by the
 * sender (it gave up: its timeout) or by Hooklab (a hang's limit, the receiver stopping).
 */
export interface Unanswered {
  afterMs: number
  by: 'sender' | 'hooklab'
}

export interface CaptureDetail extends CaptureRow {
  /** Where `event` was read: a header name, or "body.type". */
  eventFrom: string | null
  headers: HeaderPairs
  body: Buffer
  remoteAddress: string | null
  /** What was answered; status null = the connection was held (hang). */
  response: { status: number | null; headers: HeaderPairs; body: Buffer; unanswered: Unanswered | null } | null
  forward: ForwardResult | null
}

export interface CaptureFilter {
  inboxId?: string
  /** Substring of the method, id, path, query or headers (any case), or of the body (exact bytes). */
  text?: string
  /** Only captures at or after this position (seq). */
  fromSeq?: number
  method?: string
}

export interface CaptureExportFilter {
  inboxId?: string | undefined
  /** ms since epoch, inclusive (received time) */
  since?: number | undefined
  /** ms since epoch, exclusive */
  until?: number | undefined
}

export interface CapturePage {
  limit?: number
  cursor?: string | null
}

export interface ReplayCaptureOptions {
  to: string
  mode: 'as-is' | 're-sign'
  /** Required for re-sign. */
  signing?: SigningConfig
  /** Edited body (re-sign only makes sense then, but as-is with a new body is allowed too). */
  body?: Buffer | string
}
