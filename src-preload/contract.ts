// The one contract between the UI and main. Every method and event that crosses the bridge
// (Electron IPC or the browser-mode WebSocket) is named here with its zod input and output.
// Main validates every input against it; the preload exposes exactly these names; the
// renderer's types come from it. Nothing here imports Node or Electron: it runs everywhere.
import { z } from 'zod'
import { ATTEMPT_TIMEOUT_MS } from './limits'

// ---------- shared pieces ----------

export const Id = z.string().min(1).max(64)
export const HeaderPairs = z.array(z.tuple([z.string().min(1).max(256), z.string().max(8192)])).max(200)
/**
 * Header pairs the app hands out: what a sender sent, or a receiver answered. The receiver takes
 * a 16 KB header block with any number of headers, so the input caps above (a 256-char name, an
 * 8,192-char value, 200 pairs) must not apply here: a failed output check makes the item unopenable.
 */
export const HeaderPairsView = z.array(z.tuple([z.string(), z.string()]))
export const Timestamp = z.number().int().nonnegative() // ms since epoch
const HttpUrl = z
  .string()
  .max(2048)
  .refine((s) => {
    try {
      const u = new URL(s)
      return u.protocol === 'http:' || u.protocol === 'https:'
    } catch {
      return false
    }
  }, 'must be an http:// or https:// URL')

export const SchemeId = z.enum(['standard', 'stripe', 'github', 'shopify', 'slack', 'hmac'])
export const HmacOptions = z.object({
  header: z.string().min(1).max(128),
  algorithm: z.enum(['sha1', 'sha256', 'sha512']),
  encoding: z.enum(['hex', 'base64']),
  prefix: z.string().max(32),
})

/** Signing as the UI sees it: the secret is write-only (never returned). */
export const SigningView = z.object({
  scheme: z.union([SchemeId, z.literal('none')]),
  hmac: HmacOptions.optional(),
  hasSecret: z.boolean(),
  /** Set while a rotated-out secret still signs alongside the new one. */
  previousSecretUntil: Timestamp.nullable(),
})
export const SigningInput = z.object({
  scheme: z.union([SchemeId, z.literal('none')]),
  /** Omit to keep the stored secret; a new value rotates it (old one kept for the overlap window). */
  secret: z.string().min(1).max(1024).optional(),
  hmac: HmacOptions.optional(),
})

export const RetrySchedule = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('exponential'),
    baseMs: z.number().int().positive().max(86_400_000),
    capMs: z.number().int().positive().max(7 * 86_400_000),
  }),
  z.object({ kind: z.literal('list'), delaysMs: z.array(z.number().int().nonnegative()).min(1).max(50) }),
  z.object({ kind: z.literal('preset'), preset: z.enum(['svix', 'stripe', 'github']) }),
])
export const RetryPolicy = z.object({
  schedule: RetrySchedule,
  maxAttempts: z.number().int().min(1).max(100),
  jitter: z.boolean(),
  /** 1 = real time; 0.001 plays a three-day schedule in about four minutes. */
  timeScale: z.number().positive().max(1),
})

export const BreakerView = z.object({
  state: z.enum(['closed', 'open', 'half-open']),
  consecutiveFailures: z.number().int().nonnegative(),
  openedAt: Timestamp.nullable(),
  threshold: z.number().int().positive(),
  cooldownMs: z.number().int().nonnegative(),
})

export const EndpointHealth = z.object({
  attempts: z.number().int().nonnegative(),
  successRate: z.number().min(0).max(1).nullable(),
  p50Ms: z.number().nonnegative().nullable(),
  p95Ms: z.number().nonnegative().nullable(),
  /** The newest attempt: when, its outcome (delivered, retrying, failed, dead, cancelled), HTTP status, and whether it counts as a failure. */
  lastAttempt: z.object({ at: Timestamp, outcome: z.string(), status: z.number().int().nullable(), failed: z.boolean() }).nullable(),
  /** The newest attempt that did not deliver, as text ("HTTP 500", "E_TIMEOUT: …"), and when; it may predate lastAttempt. */
  lastError: z.string().nullable(),
  lastErrorAt: Timestamp.nullable(),
})

export const EndpointView = z.object({
  id: Id,
  name: z.string(),
  url: z.string(),
  method: z.string(),
  headers: HeaderPairs,
  eventTypes: z.array(z.string()),
  signing: SigningView,
  retry: RetryPolicy,
  timeoutMs: z.number().int().positive(),
  rateLimitPerSec: z.number().positive().nullable(),
  maxConcurrency: z.number().int().positive(),
  breaker: BreakerView,
  autoDisableAfter: z.number().int().positive().nullable(),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  health: EndpointHealth,
  createdAt: Timestamp,
  updatedAt: Timestamp,
})

// The fields without defaults: a patch must only carry what the user changed (a `.partial()`
// of a schema with defaults would fill them in and silently reset the endpoint).
const EndpointFields = z.object({
  name: z.string().min(1).max(200),
  url: HttpUrl,
  method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE', 'GET']),
  headers: HeaderPairs,
  eventTypes: z.array(z.string().min(1).max(200)).max(200),
  signing: SigningInput,
  retry: RetryPolicy.optional(),
  timeoutMs: z.number().int().min(ATTEMPT_TIMEOUT_MS.min).max(ATTEMPT_TIMEOUT_MS.max),
  rateLimitPerSec: z.number().positive().max(100_000).nullable(),
  maxConcurrency: z.number().int().min(1).max(1024),
  breakerThreshold: z.number().int().min(1).max(1000),
  breakerCooldownMs: z.number().int().min(0).max(86_400_000),
  autoDisableAfter: z.number().int().min(1).max(100_000).nullable(),
  enabled: z.boolean(),
})

export const EndpointInput = EndpointFields.extend({
  method: EndpointFields.shape.method.default('POST'),
  headers: HeaderPairs.default([]),
  eventTypes: EndpointFields.shape.eventTypes.default([]),
  signing: SigningInput.default({ scheme: 'none' }),
  timeoutMs: EndpointFields.shape.timeoutMs.default(15_000),
  rateLimitPerSec: EndpointFields.shape.rateLimitPerSec.default(null),
  maxConcurrency: EndpointFields.shape.maxConcurrency.default(16),
  breakerThreshold: EndpointFields.shape.breakerThreshold.default(5),
  breakerCooldownMs: EndpointFields.shape.breakerCooldownMs.default(30_000),
  autoDisableAfter: EndpointFields.shape.autoDisableAfter.default(null),
  enabled: z.boolean().default(true),
})

/** Only the fields given change; nothing is defaulted. */
export const EndpointPatch = EndpointFields.partial()

export const DeliveryStatus = z.enum(['pending', 'sending', 'delivered', 'failed', 'dead', 'cancelled'])

export const DeliveryRow = z.object({
  id: Id,
  messageId: Id,
  endpointId: Id.nullable(),
  endpointName: z.string().nullable(),
  url: z.string(),
  eventType: z.string().nullable(),
  status: DeliveryStatus,
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: Timestamp.nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  replayOf: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})

export const DeliveryFilter = z.object({
  status: z.array(DeliveryStatus).max(6).optional(),
  endpointId: Id.optional(),
  eventType: z.string().max(200).optional(),
  text: z.string().max(200).optional(),
  since: Timestamp.optional(),
  until: Timestamp.optional(),
})

export const AttemptView = z.object({
  deliveryId: Id,
  number: z.number().int().positive(),
  startedAt: Timestamp,
  request: z.object({ url: z.string(), method: z.string(), headers: HeaderPairsView }),
  response: z
    .object({
      status: z.number().int(),
      headers: HeaderPairsView,
      bodyBase64: z.string(),
      truncated: z.boolean(),
    })
    .nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  timings: z.object({
    connectMs: z.number().nonnegative().nullable(),
    firstByteMs: z.number().nonnegative().nullable(),
    totalMs: z.number().nonnegative(),
  }),
  outcome: z.string(),
})

export const MessageView = z.object({
  id: Id,
  eventType: z.string().nullable(),
  contentType: z.string(),
  bodyBase64: z.string(),
  createdAt: Timestamp,
})

export const DeliveryDetail = z.object({
  delivery: DeliveryRow,
  /** The headers this delivery adds to what it sends (to its endpoint's headers, for an endpoint delivery). */
  extraHeaders: HeaderPairsView,
  message: MessageView,
  attempts: z.array(AttemptView),
})

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() })

export const PageInput = z.object({
  cursor: z.string().max(200).nullable().default(null),
  limit: z.number().int().min(1).max(500).default(100),
})

// ---------- receiving side ----------

/** One step of a scripted response sequence: a status, or `hang` (hold the connection). */
export const ResponseStep = z.object({
  status: z.number().int().min(100).max(599).nullable(), // null = hang
  headers: HeaderPairs.default([]),
  body: z.string().max(1_000_000).default(''),
  delayMs: z.number().int().min(0).max(600_000).default(0),
})
export const ResponseRule = z.object({
  /** Steps advance per request; the last one repeats. One step = a static response. */
  steps: z.array(ResponseStep).min(1).max(100),
  /** Random failure rate 0..1 (answers 500) applied before the steps. */
  failRate: z.number().min(0).max(1).default(0),
  /** Headers sent with every answer; a step's own header of the same name wins. */
  headers: HeaderPairs.max(50).default([]),
  /** The body of every answer whose step has none; empty = the default small JSON body. */
  body: z.string().max(1_000_000).default(''),
  /** Answer each sender with the forward target's response (status, headers, body) instead; needs forwardTo. */
  relay: z.boolean().default(false),
})
/** A change to an inbox's rule: only what is given changes. */
export const ResponsePatch = z
  .object({
    steps: ResponseRule.shape.steps.optional(),
    failRate: z.number().min(0).max(1).optional(),
    headers: HeaderPairs.max(50).optional(),
    body: z.string().max(1_000_000).optional(),
    relay: z.boolean().optional(),
  })
  .strict()
export const VerificationInput = z.object({
  scheme: SchemeId,
  secret: z.string().min(1).max(1024).optional(),
  /** Several secrets verify while a sender rotates (the newest first); wins over `secret`. */
  secrets: z.array(z.string().min(1).max(1024)).min(1).max(5).optional(),
  /** Left out: the inbox's current tolerance (300 s for a new verification). A default here reset a custom one on every patch. */
  toleranceSec: z.number().int().min(0).max(31_536_000).optional(),
  hmac: HmacOptions.optional(),
})
export const InboxView = z.object({
  id: Id,
  slug: z.string(),
  name: z.string(),
  url: z.string(),
  /** The same over https (the receiver's own certificate); '' unless the receiver listens on https too. */
  httpsUrl: z.string(),
  response: ResponseRule,
  /** The text form of the response steps, e.g. "500, 500, 429 retry-after=2, hang, 200". */
  responseScript: z.string(),
  verification: z
    .object({ scheme: SchemeId, hasSecret: z.boolean(), secretCount: z.number().int(), toleranceSec: z.number().int(), hmac: HmacOptions.optional() })
    .nullable(),
  forwardTo: z.string().nullable(),
  captureCount: z.number().int().nonnegative(),
  createdAt: Timestamp,
})
export const InboxInput = z.object({
  slug: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, - and _'),
  name: z.string().max(200).optional(),
})
export const InboxPatch = z.object({
  slug: InboxInput.shape.slug.optional(),
  name: z.string().max(200).optional(),
  /** Structured steps or the script text (the engine parses it; errors name the bad step), fail rate, shared headers and body. */
  response: ResponsePatch.optional(),
  responseScript: z.string().max(10_000).optional(),
  verification: VerificationInput.nullable().optional(),
  forwardTo: HttpUrl.nullable().optional(),
})

export const Verdict = z.object({
  scheme: SchemeId,
  valid: z.boolean(),
  reason: z.string(),
  explanation: z.string().nullable(),
})

export const CaptureRow = z.object({
  id: Id,
  inboxId: Id,
  inboxSlug: z.string(),
  receivedAt: Timestamp,
  method: z.string(),
  path: z.string(),
  /** The query string without its "?" ('' when none). */
  query: z.string(),
  contentType: z.string().nullable(),
  size: z.number().int().nonnegative(),
  responseStatus: z.number().int().nullable(),
  verification: Verdict.nullable(),
  duplicateOf: Id.nullable(),
  oversize: z.boolean(),
  /** Its body was not read: the receiver held too many request bodies at once and answered 503 (oversize is true too). */
  busy: z.boolean(),
  /** Its answer is the forward target's (the inbox relays): while responseStatus is null, the sender waits for it. */
  relayed: z.boolean(),
  /** The inbox forwarded it to its forward target; while forwardStatus and forwardError are both null, that is under way. */
  forwarded: z.boolean(),
  /** The forward target's answer (your dev server's), not the receiver's own responseStatus. */
  forwardStatus: z.number().int().nullable(),
  /** Why the forward got no answer (connection refused, timeout, …). */
  forwardError: z.string().nullable(),
  /** The event it carries, when its headers (X-GitHub-Event, X-Shopify-Topic …) or its JSON body's type name one. */
  event: z.string().nullable(),
  /** This row's page cursor for captures.list (a list trimmed after it pages on from here). */
  cursor: z.string().max(32),
})

export const CaptureDetail = CaptureRow.extend({
  /** Where `event` was read: a header name, or "body.type" (of the decoded body when it came compressed). */
  eventFrom: z.string().nullable(),
  headers: HeaderPairsView,
  bodyBase64: z.string(),
  /** Sent with Content-Encoding (gzip, deflate, br): the body decoded for display, or why it could not be. */
  decoded: z.object({ encoding: z.string(), bodyBase64: z.string().nullable(), error: z.string().nullable() }).nullable(),
  remoteAddress: z.string().nullable(),
  response: z
    .object({
      status: z.number().int().nullable(),
      headers: HeaderPairsView,
      body: z.string(),
      /** It never went out: the connection closed first, `afterMs` after the request arrived, by the sender (it gave up) or Hooklab. */
      unanswered: z.object({ afterMs: z.number().nonnegative(), by: z.enum(['sender', 'hooklab']) }).nullable(),
    })
    .nullable(),
  forward: z
    .object({
      url: z.string(),
      status: z.number().int().nullable(),
      bodyBase64: z.string().nullable(),
      durationMs: z.number().nonnegative().nullable(),
      error: z.string().nullable(),
    })
    .nullable(),
})

// ---------- compose ----------

export const ComposeTarget = z.object({
  endpointIds: z.array(Id).max(100).optional(),
  /** Fan-out: every enabled endpoint whose event-type filter matches. */
  eventType: z.string().max(200).nullable().optional(),
  /** Ad-hoc target when no endpoint is chosen. */
  url: HttpUrl.optional(),
  signing: SigningInput.optional(),
  /** Ad-hoc URL only: sign as if the clock were this many seconds behind (or ahead, negative), to check a receiver refuses it. */
  timestampOffsetSec: z.number().int().min(-31_536_000).max(31_536_000).optional(),
})
export const ComposeInput = ComposeTarget.extend({
  /** May hold {{uuid}}, {{now}}, {{timestamp}}, {{counter}}: filled in per message, body and headers alike. */
  body: z.string().max(10_000_000),
  contentType: z.string().max(200).default('application/json'),
  headers: HeaderPairs.default([]),
  /** {{counter}} of the first message (default 1); each next message of the send takes the next number. */
  counter: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER / 2).optional(),
})
/** A pasted curl command as a draft for Send (compose.fromCurl). */
export const CurlDraft = z.object({
  url: z.string(),
  /** What curl would have sent; Send posts (or uses an endpoint's method). */
  method: z.string(),
  contentType: z.string(),
  body: z.string(),
  eventType: z.string().nullable(),
  /** The headers that carry over (not hop-by-hop, signature or Content-Type ones). */
  headers: HeaderPairsView,
  /** The scheme whose signature header the command carried: dropped, the draft is signed afresh. */
  signedWith: z.object({ scheme: SchemeId, header: z.string() }).nullable(),
  /** What was left out or changed, in words. */
  notes: z.array(z.string()),
})
export const Sample = z.object({
  id: z.string(),
  provider: z.string(),
  eventType: z.string(),
  title: z.string(),
  body: z.string(),
  headers: HeaderPairs,
  /** True for small hand-written templates (everything but GitHub's real payloads). */
  handWritten: z.boolean(),
})
export const Template = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  eventType: z.string().max(200).nullable(),
  contentType: z.string().max(200),
  body: z.string().max(10_000_000),
  headers: HeaderPairs,
})

// ---------- settings, stats, export ----------

export const Settings = z.object({
  receiverPort: z.number().int().min(0).max(65535),
  /** Also over https on this port (the receiver's own certificate for localhost); null = off, 0 = any free one. */
  receiverHttpsPort: z.number().int().min(0).max(65535).nullable(),
  receiverHost: z.enum(['127.0.0.1', '0.0.0.0']),
  receiverAllowList: z.array(z.string().max(64)).max(100),
  theme: z.enum(['light', 'dark', 'system']),
  /** Deliveries to https://localhost, 127.x or ::1 accept a certificate Node does not know (a dev server's). */
  trustLocalTls: z.boolean(),
  retention: z.object({
    maxCapturesPerInbox: z.number().int().min(10).max(10_000_000),
    maxCaptureAgeDays: z.number().int().min(1).max(3650),
    maxAttemptAgeDays: z.number().int().min(1).max(3650),
  }),
})

export const ExportFilter = z.object({
  endpointId: Id.optional(),
  status: DeliveryStatus.optional(),
  since: Timestamp.optional(),
  until: Timestamp.optional(),
})

/** Received time: since inclusive, until exclusive. */
export const CaptureExportFilter = z
  .object({
    inboxId: Id.optional(),
    since: Timestamp.optional(),
    until: Timestamp.optional(),
  })
  .strict()

/** What an export did: saved (Electron, `count` deliveries or captures), a one-time download URL (browser mode), or cancelled. */
export const ExportResult = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('saved'), path: z.string(), bytes: z.number().int(), count: z.number().int() }),
  z.object({ kind: z.literal('download'), url: z.string() }),
  z.object({ kind: z.literal('cancelled') }),
])

export const EndpointStats = z.object({
  endpointId: Id,
  buckets: z.array(z.object({ t: Timestamp, ok: z.number().int(), failed: z.number().int() })),
  latency: z.array(z.object({ leMs: z.number(), count: z.number().int() })),
  /** Null when every attempt in the range was counted; else the time the count starts from (the newest million). */
  countedSince: Timestamp.nullable(),
})

// ---------- the methods ----------

const Empty = z.object({}).strict()
const ById = z.object({ id: Id }).strict()
const Ok = z.object({ ok: z.literal(true) })
const Enqueued = z.object({ deliveryId: Id, messageId: Id })

// Every input object refuses keys it does not name: a typo in a caller is an error, not a no-op.
function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  const strict = input instanceof z.ZodObject ? (input.strict() as unknown as I) : input
  return { input: strict, output }
}

export const methods = {
  'app.info': method(
    Empty,
    z.object({
      version: z.string(),
      mode: z.enum(['electron', 'browser']),
      home: z.string(),
      dbFile: z.string(),
      receiverUrl: z.string().nullable(),
      /** The receiver's https address, when it listens on https too. */
      receiverHttpsUrl: z.string().nullable(),
      /** The receiver's own certificate, for a sender to trust (made when https is first turned on). */
      receiverCertFile: z.string(),
      platform: z.string(),
    }),
  ),

  'endpoints.list': method(Empty, z.array(EndpointView)),
  'endpoints.get': method(ById, EndpointView),
  'endpoints.create': method(EndpointInput, EndpointView),
  'endpoints.update': method(z.object({ id: Id, patch: EndpointPatch }).strict(), EndpointView),
  'endpoints.delete': method(ById, Ok),
  'endpoints.setEnabled': method(z.object({ id: Id, enabled: z.boolean() }).strict(), EndpointView),
  'endpoints.resetBreaker': method(ById, EndpointView),
  /** The waits a retry policy makes between attempts (upper bounds when jittered), for a preview; no policy = the engine's
   *  default, no maxAttempts = the schedule's own count (a preset's full length). */
  'endpoints.retryPlan': method(z.object({ retry: RetryPolicy.extend({ maxAttempts: RetryPolicy.shape.maxAttempts.optional() }).optional() }).strict(), z.object({ delaysMs: z.array(z.number().int().nonnegative()), jittered: z.boolean() })),
  'endpoints.generateSecret': method(z.object({ scheme: SchemeId }).strict(), z.object({ secret: z.string() })),
  /** Endpoints and templates as a plain JSON file that can live in git (no secrets). */
  'config.export': method(Empty, z.object({ json: z.string() })),
  'config.import': method(
    z.object({ json: z.string().max(10_000_000) }).strict(),
    /** needSecret: signed endpoints made disabled, waiting for their secret (a config file never holds one).
     *  skipped: endpoints (same name and URL) and templates (same name) already here: importing twice adds nothing. */
    z.object({ endpoints: z.number().int(), templates: z.number().int(), needSecret: z.number().int(), skipped: z.number().int() }),
  ),

  'compose.preview': method(
    ComposeInput,
    z.object({
      targets: z.array(
        z.object({
          endpointId: Id.nullable(),
          url: z.string(),
          method: z.string(),
          headers: HeaderPairsView,
          curl: z.string(),
          /** Said when a chosen endpoint does not subscribe to this event type (it still gets it). */
          note: z.string().nullable(),
        }),
      ),
      messageId: Id,
      /** The first message's body as sent, variables filled in (every target gets the same bytes); its first MB. */
      bodyBase64: z.string(),
      /** True when the body is longer than what bodyBase64 holds. */
      bodyTruncated: z.boolean(),
    }),
  ),
  'compose.send': method(
    ComposeInput.extend({ count: z.number().int().min(1).max(10_000).default(1) }),
    z.object({ deliveries: z.array(Enqueued) }),
  ),
  'compose.samples': method(Empty, z.array(Sample)),
  /** A curl command line (docs, logs, a browser's "Copy as cURL (bash)") read as the request it makes. */
  'compose.fromCurl': method(z.object({ command: z.string().max(10_000_000) }).strict(), CurlDraft),
  'templates.list': method(Empty, z.array(Template)),
  'templates.save': method(Template.partial({ id: true }), Template),
  'templates.delete': method(ById, Ok),

  'deliveries.list': method(
    PageInput.extend({ filter: DeliveryFilter.default({}) }),
    Page(DeliveryRow),
  ),
  'deliveries.counts': method(
    z.object({ filter: DeliveryFilter.default({}) }),
    z.record(DeliveryStatus, z.number().int()),
  ),
  /** Event types to suggest in the filter: those of the newest deliveries, most recent first. */
  'deliveries.eventTypes': method(Empty, z.array(z.string())),
  'deliveries.get': method(ById, DeliveryDetail),
  // inFlight: its attempt was on the wire; it finishes, and makes the delivery delivered if it succeeds.
  'deliveries.cancel': method(ById, DeliveryRow.extend({ inFlight: z.boolean() })),
  /** Sends a delivery again now as the same delivery (attempts and message id kept): a failed, dead or
   *  cancelled one, or a pending one waiting out its backoff. */
  'deliveries.retry': method(ById, DeliveryRow),
  'deliveries.replay': method(
    z
      .object({
        id: Id,
        asNew: z.boolean().default(false),
        /** Edited body: the message is re-signed with a fresh timestamp. */
        body: z.string().max(10_000_000).optional(),
        /** Edited extra headers (replace the delivery's own; an endpoint's headers still apply). */
        headers: HeaderPairs.optional(),
        to: HttpUrl.optional(),
      })
      .strict(),
    Enqueued,
  ),
  'deliveries.bulkRetry': method(
    z.object({ filter: DeliveryFilter }).strict(),
    z.object({ count: z.number().int() }),
  ),
  /** Which of these deliveries the filter matches, in the order given: the Deliveries list asks for live
   *  rows while searching, since a search also looks in bodies, which rows do not carry. */
  'deliveries.matching': method(
    z.object({ ids: z.array(Id).max(1000), filter: DeliveryFilter }).strict(),
    z.object({ ids: z.array(Id) }),
  ),
  /** Cancels every pending delivery the filter matches (what is on the wire finishes its attempt). */
  'deliveries.bulkCancel': method(
    z.object({ filter: DeliveryFilter }).strict(),
    z.object({ count: z.number().int() }),
  ),

  'inboxes.list': method(Empty, z.array(InboxView)),
  'inboxes.create': method(InboxInput, InboxView),
  'inboxes.update': method(z.object({ id: Id, patch: InboxPatch }).strict(), InboxView),
  'inboxes.delete': method(ById, Ok),
  'inboxes.clear': method(ById, z.object({ deleted: z.number().int() })),

  'captures.list': method(
    PageInput.extend({
      inboxId: Id.optional(),
      text: z.string().max(200).optional(),
      /** Only captures at or after this position (a row's seq): which of the newest match a search. */
      fromSeq: z.number().int().nonnegative().optional(),
    }),
    Page(CaptureRow),
  ),
  'captures.get': method(ById, CaptureDetail),
  /** Verifies the capture's signature with its inbox's current settings, as of when it arrived; stores the verdict. */
  'captures.verify': method(ById, CaptureDetail),
  'captures.delete': method(ById, Ok),
  'captures.replay': method(
    z
      .object({
        id: Id,
        to: HttpUrl,
        mode: z.enum(['as-is', 're-sign']),
        signing: SigningInput.optional(),
        body: z.string().max(10_000_000).optional(),
      })
      .strict(),
    Enqueued,
  ),
  /** Every capture the inbox list shows for this filter (at most 1,000), oldest first, to one URL. */
  'captures.replayMany': method(
    z
      .object({
        inboxId: Id.optional(),
        text: z.string().max(500).optional(),
        to: HttpUrl,
        mode: z.enum(['as-is', 're-sign']),
        signing: SigningInput.optional(),
      })
      .strict(),
    z.object({ enqueued: z.number().int(), skippedOversize: z.number().int(), deliveryIds: z.array(Id) }),
  ),
  /** Captures from a hooklab.captures/v1 document (an export), each into its inbox by slug or all into inboxId; ids already here are skipped. */
  'captures.import': method(
    z.object({ text: z.string().max(50_000_000), inboxId: Id.optional() }).strict(),
    z.object({ imported: z.number().int(), skipped: z.number().int(), inboxes: z.array(Id) }),
  ),
  /** The last requests the receiver answered without capturing them (no such inbox, malformed HTTP, a TLS
   *  handshake the sender gave up on …), newest first: why a webhook never showed up. Kept in memory only. */
  'receiver.refusals': method(
    Empty,
    z.array(
      z.object({
        /** 1, 2, 3 … since the receiver started (the last 50 are kept: the newest's seq says how many there were). */
        seq: z.number().int(),
        at: Timestamp,
        status: z.number().int().nullable(),
        method: z.string().nullable(),
        path: z.string().nullable(),
        remote: z.string().nullable(),
        reason: z.string(),
      }),
    ),
  ),

  /** Electron: save dialog then a streamed write. Browser mode: a one-time download URL. */
  'export.attempts': method(z.object({ filter: ExportFilter.default({}) }).strict(), ExportResult),
  /** The inboxes' captures (hooklab.captures/v1), delivered like export.attempts. */
  'export.captures': method(z.object({ filter: CaptureExportFilter.default({}) }).strict(), ExportResult),

  'stats.endpoint': method(
    z.object({ endpointId: Id, sinceMs: Timestamp.optional(), buckets: z.number().int().min(1).max(500).default(60) }).strict(),
    EndpointStats,
  ),

  'settings.get': method(Empty, Settings),
  /** Any of the settings; retention's fields each on their own too (the rest keep their values). */
  'settings.update': method(z.object({ patch: Settings.extend({ retention: Settings.shape.retention.partial() }).partial() }).strict(), Settings),
} as const

// ---------- the events (main -> renderer, batched at most every ~50 ms) ----------

/** Most ids of one kind a batch lists; past that it sets the kind's reload flag instead. */
export const PRUNED_IDS_MAX = 2000

export const PrunedIds = z
  .object({
    deliveryIds: z.array(Id).max(PRUNED_IDS_MAX),
    captureIds: z.array(Id).max(PRUNED_IDS_MAX),
    /** More deliveries were pruned than listed: reload the list. */
    reloadDeliveries: z.boolean(),
    reloadCaptures: z.boolean(),
  })
  .strict()

export const events = {
  /** Everything that changed since the last batch; rows are upserts, ids are "refetch me". */
  'live.batch': z.object({
    deliveries: z.array(DeliveryRow),
    attempts: z.array(z.object({ deliveryId: Id, number: z.number().int(), outcome: z.string() })),
    captures: z.array(CaptureRow),
    endpointIds: z.array(Id),
    inboxIds: z.array(Id),
    /** Rows retention deleted since the last batch: lists drop them (absent when none were). */
    pruned: PrunedIds.optional(),
    /** Requests the receiver refused since the last batch (receiver.refusals lists them; absent when none). */
    refused: z.number().int().optional(),
  }),
  /** The running export: `count` deliveries (attempts) or captures written, reported when done. */
  'export.progress': z.object({
    kind: z.enum(['attempts', 'captures']),
    count: z.number().int(),
    bytes: z.number().int(),
    done: z.boolean(),
  }),
  /** The native menu (Electron) asks the UI to show a view. */
  'app.navigate': z.object({ view: z.enum(['send', 'deliveries', 'inbox', 'endpoints', 'stats', 'settings']) }),
} as const

export type MethodName = keyof typeof methods
export type EventName = keyof typeof events
export type MethodInput<M extends MethodName> = z.input<(typeof methods)[M]['input']>
export type MethodOutput<M extends MethodName> = z.output<(typeof methods)[M]['output']>
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

export const METHOD_NAMES = Object.keys(methods) as MethodName[]
export const EVENT_NAMES = Object.keys(events) as EventName[]

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name)
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name)
}

/** Errors cross the bridge as data, never as stack traces. */
export const ErrorPayload = z.object({ code: z.string(), message: z.string() })
export type ErrorPayload = z.infer<typeof ErrorPayload>

/** What both the preload bridge and the WebSocket transport give the renderer. */
export interface HooklabBridge {
  invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

/** IPC channel names: one per method, one for events. */
export const IPC_INVOKE_PREFIX = 'hooklab:'
export const IPC_EVENT_CHANNEL = 'hooklab:event'

// Exported view types for the renderer.
export type EndpointView = z.infer<typeof EndpointView>
export type EndpointInput = z.input<typeof EndpointInput>
export type EndpointPatch = z.input<typeof EndpointPatch>
export type DeliveryRow = z.infer<typeof DeliveryRow>
export type DeliveryDetail = z.infer<typeof DeliveryDetail>
export type DeliveryFilter = z.infer<typeof DeliveryFilter>
export type CurlDraft = z.infer<typeof CurlDraft>
export type AttemptView = z.infer<typeof AttemptView>
export type InboxView = z.infer<typeof InboxView>
export type CaptureRow = z.infer<typeof CaptureRow>
export type CaptureDetail = z.infer<typeof CaptureDetail>
export type Settings = z.infer<typeof Settings>
export type Template = z.infer<typeof Template>
export type Sample = z.infer<typeof Sample>
export type RetryPolicy = z.infer<typeof RetryPolicy>
export type ResponseRule = z.infer<typeof ResponseRule>
export type HmacOptions = z.infer<typeof HmacOptions>
