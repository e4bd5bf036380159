// compose.* and templates.*: resolve the targets (endpoints, event-type fan-out, or an ad-hoc
// URL), preview the exact headers with a fresh signature, and enqueue sends.
import type { MethodOutput } from '../../src-preload/contract'
import { curlCommand } from '../../src-preload/curl'
import { fillVariables } from '../../src-preload/template-vars'
import { checkHeaderPairs, mergeHeaderLayers, REQUEST_RESERVED } from '../engine/header-pairs'
import { HooklabError } from '../engine/errors'
import { matchesEventType, outsideFilterNote } from '../engine/endpoints/service'
import type { EndpointRow } from '../engine/endpoints/repo'
import { newId } from '../engine/ids'
import { DEFAULT_USER_AGENT } from '../engine/delivery/types'
import { eventHeaderLayer, signRequest } from '../engine/signing/registry'
import type { HeaderPairs, SigningConfig } from '../engine/signing/types'
import type { ApiContext } from './context'
import { curlDraft } from './curl-draft'
import { commitQueued } from './deliveries'
import { createSamples } from './samples'
import type { Handlers, ParsedInput } from './types'

type ComposeInput = ParsedInput<'compose.preview'>

interface Target {
  endpointId: string | null
  url: string
  method: string
  headers: HeaderPairs
  signing: SigningConfig | null
  /** Why this target gets it though it would not have been picked by the event type, or null. */
  note: string | null
}

/** How much of the body the compose preview returns. */
const PREVIEW_BODY_BYTES = 1024 * 1024

/** The body and extra headers of the message numbered `counter`, variables filled in (the preview shows the first). */
function renderMessage(input: { body: string; headers: HeaderPairs }, counter: number, now: number): { body: string; headers: HeaderPairs } {
  return { body: fillVariables(input.body, counter, now), headers: input.headers.map(([n, v]): [string, string] => [n, fillVariables(v, counter, now)]) }
}

export function composeHandlers({ engine, env }: ApiContext) {
  const samples = createSamples()

  function targets(input: ComposeInput, now: number): Target[] {
    const fromRow = (row: EndpointRow): Target => ({
      endpointId: row.id,
      url: row.url,
      method: row.method,
      headers: JSON.parse(row.headers_json) as HeaderPairs,
      signing: engine.endpoints.signingFor(row, now),
      // Chosen by hand, it gets the event whatever it subscribes to; the preview says so.
      note: input.endpointIds?.length ? outsideFilterNote(row, input.eventType) : null,
    })
    if (input.endpointIds && input.endpointIds.length > 0) {
      return input.endpointIds.map((id) => {
        const row = engine.endpoints.row(id)
        if (!row) throw new HooklabError('E_NOT_FOUND', `No endpoint ${id}.`)
        return fromRow(row)
      })
    }
    if (input.url) {
      const s = input.signing
      let signing: SigningConfig | null = null
      if (s && s.scheme !== 'none') {
        if (!s.secret) throw new HooklabError('E_INVALID_INPUT', `Signing with ${s.scheme} needs a secret.`)
        signing = { scheme: s.scheme, secret: s.secret, hmac: s.hmac, ...(input.timestampOffsetSec ? { timestampOffsetSec: input.timestampOffsetSec } : {}) }
      }
      return [{ endpointId: null, url: input.url, method: 'POST', headers: [], signing, note: null }]
    }
    if (input.eventType) {
      const rows = engine.endpoints.rows().filter((r) => r.enabled === 1 && matchesEventType(r, input.eventType))
      if (rows.length === 0) throw new HooklabError('E_INVALID_INPUT', `No enabled endpoint subscribes to "${input.eventType}".`)
      return rows.map(fromRow)
    }
    throw new HooklabError('E_INVALID_INPUT', 'Choose an endpoint, an event type with subscribed endpoints, or a URL.')
  }

  const handlers: Pick<
    Handlers,
    'compose.preview' | 'compose.send' | 'compose.samples' | 'compose.fromCurl' | 'templates.list' | 'templates.save' | 'templates.delete'
  > = {
    'compose.preview': (input): MethodOutput<'compose.preview'> => {
      const now = Date.now()
      const messageId = newId('msg', now)
      const { body, headers: extra } = renderMessage(input, input.counter ?? 1, now)
      // What Send would refuse, the preview says first.
      checkHeaderPairs([['Content-Type', input.contentType]], 'Content-Type', REQUEST_RESERVED)
      checkHeaderPairs(extra, 'Headers', REQUEST_RESERVED)
      const bytes = Buffer.from(body, 'utf8')
      return {
        messageId,
        // The preview runs as the user types: a multi-megabyte body comes back as its first MB.
        bodyBase64: bytes.subarray(0, PREVIEW_BODY_BYTES).toString('base64'),
        bodyTruncated: bytes.length > PREVIEW_BODY_BYTES,
        targets: targets(input, now).map((t) => {
          const signature = t.signing ? signRequest(t.signing, { id: messageId, timestamp: Math.floor(now / 1000), body: bytes }) : []
          const event = eventHeaderLayer(t.signing?.scheme, input.eventType)
          let headers = mergeHeaderLayers([['content-type', input.contentType], ['user-agent', DEFAULT_USER_AGENT]], t.headers, event, extra, signature)
          if (!headers.some(([n]) => n.toLowerCase() === 'webhook-id')) headers = [...headers, ['webhook-id', messageId]]
          return { endpointId: t.endpointId, url: t.url, method: t.method, headers, curl: curlCommand({ method: t.method, url: t.url, headers, body: { text: body } }), note: t.note }
        }),
      }
    },
    'compose.send': (input) => {
      const now = Date.now()
      const list = targets(input, now)
      const deliveries: MethodOutput<'compose.send'>['deliveries'] = []
      for (let i = 0; i < input.count; i++) {
        const messageId = newId('msg', now)
        const m = renderMessage(input, (input.counter ?? 1) + i, now)
        const body = Buffer.from(m.body, 'utf8')
        const headers = m.headers
        for (const t of list) {
          deliveries.push(
            t.endpointId
              ? engine.delivery.enqueue({ endpointId: t.endpointId, body, contentType: input.contentType, eventType: input.eventType ?? null, headers, messageId })
              : engine.delivery.enqueue({
                  url: t.url,
                  method: t.method,
                  headers,
                  body,
                  contentType: input.contentType,
                  eventType: input.eventType ?? null,
                  messageId,
                  ...(t.signing ? { signing: t.signing } : {}),
                }),
          )
        }
      }
      commitQueued(engine, deliveries.length)
      return { deliveries }
    },
    'compose.samples': () => samples(),
    'compose.fromCurl': ({ command }) => curlDraft(command),
    'templates.list': () => env.templates.list(),
    'templates.save': (t) => env.templates.save(t),
    'templates.delete': ({ id }) => {
      env.templates.delete(id)
      return { ok: true as const }
    },
  }
  return handlers
}
