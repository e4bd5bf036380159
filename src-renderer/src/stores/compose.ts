// The composer's draft survives view switches (and "Send to this endpoint" from Endpoints sets targets),
// and reloads and restarts: all but the secret, the signed-timestamp offset and the count are kept in
// localStorage (lib/send-draft.ts), so a reload neither loses work nor re-arms a stale signature or a ×1000.
// The event type is one per purpose: in fan-out mode it picks the endpoints, elsewhere it labels the message,
// so what was typed for a fan-out does not go on labelling later sends to endpoints or a URL.
import { create } from 'zustand'
import type { HmacOptions } from '../../../src-preload/contract'
import { DEFAULT_HMAC } from '../components/HmacFields'
import { loadSendDraft, saveSendDraft, type SendDraft } from '../lib/send-draft'

export type TargetMode = 'endpoints' | 'event' | 'url'
export type AdhocScheme = 'none' | 'standard' | 'stripe' | 'github' | 'shopify' | 'slack' | 'hmac'

export const DEFAULT_BODY = `{
  "type": "order.created",
  "id": "{{uuid}}",
  "created_at": "{{now}}",
  "data": { "order": {{counter}}, "amount": 4200, "currency": "eur" }
}`

interface ComposeState {
  mode: TargetMode
  endpointIds: string[]
  eventType: string
  url: string
  scheme: AdhocScheme
  secret: string
  /** The custom HMAC scheme's settings (scheme 'hmac'). */
  hmac: HmacOptions
  /** Ad-hoc signing as if the clock were this many seconds behind (ahead when negative); 0 = now. */
  timestampOffsetSec: number
  body: string
  contentType: string
  headers: string
  /** "Times" as typed (checked when sending: an emptied field is not snapped back to 1 while editing). */
  countText: string
  /** The event type of the side not shown: the fan-out's while sending to endpoints or a URL, and the other way round. */
  otherEventType: string | null
  /** A change of mode into or out of fan-out swaps in that side's own event type (unless `p` gives one). */
  set: (p: Partial<Omit<ComposeState, 'set' | 'setTargets' | 'otherEventType'>>) => void
  setTargets: (ids: string[]) => void
}

/** The state change for switching to `mode`: the event type of fan-out and of the other modes are kept apart. */
export function switchMode(s: Pick<ComposeState, 'mode' | 'eventType' | 'otherEventType'>, mode: TargetMode): Pick<ComposeState, 'mode' | 'eventType' | 'otherEventType'> {
  if ((s.mode === 'event') === (mode === 'event')) return { mode, eventType: s.eventType, otherEventType: s.otherEventType }
  // Entering fan-out first starts from the label typed so far; leaving it for the first time (a draft
  // reloaded in fan-out mode) starts from none rather than from the fan-out's filter.
  const fallback = mode === 'event' ? s.eventType : ''
  return { mode, eventType: s.otherEventType ?? fallback, otherEventType: s.eventType }
}

export const useCompose = create<ComposeState>((set) => ({
  mode: 'endpoints',
  endpointIds: [],
  eventType: 'order.created',
  url: '',
  scheme: 'none',
  secret: '',
  hmac: DEFAULT_HMAC,
  timestampOffsetSec: 0,
  body: DEFAULT_BODY,
  contentType: 'application/json',
  headers: '',
  countText: '1',
  otherEventType: null,
  // The draft kept from the last session over the defaults (the shipped body on first use).
  ...loadSendDraft(),
  set: (p) => set((s) => (p.mode !== undefined && p.mode !== s.mode ? { ...switchMode(s, p.mode), ...p } : p)),
  setTargets: (ids) => set((s) => ({ ...switchMode(s, 'endpoints'), endpointIds: ids })),
}))

const kept = (s: ComposeState): SendDraft => ({
  mode: s.mode,
  endpointIds: s.endpointIds,
  eventType: s.eventType,
  url: s.url,
  scheme: s.scheme,
  hmac: s.hmac,
  body: s.body,
  contentType: s.contentType,
  headers: s.headers,
  otherEventType: s.otherEventType,
})

// Written a moment after typing stops (a body can be large), and at once when the page goes away.
let pending: ReturnType<typeof setTimeout> | null = null
const flush = () => {
  if (pending === null) return
  clearTimeout(pending)
  pending = null
  saveSendDraft(kept(useCompose.getState()))
}
useCompose.subscribe((s, prev) => {
  const now = kept(s)
  const before = kept(prev)
  if ((Object.keys(now) as Array<keyof SendDraft>).every((k) => now[k] === before[k])) return
  if (pending !== null) clearTimeout(pending)
  pending = setTimeout(flush, 300)
})
if (typeof window !== 'undefined') window.addEventListener('pagehide', flush)
