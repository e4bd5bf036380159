// The composer's draft survives view switches (and "Send to this endpoint" from Endpoints sets targets).
import { create } from 'zustand'
import type { HmacOptions } from '../../../src-preload/contract'
import { DEFAULT_HMAC } from '../components/HmacFields'

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
  count: number
  set: (p: Partial<Omit<ComposeState, 'set' | 'setTargets'>>) => void
  setTargets: (ids: string[]) => void
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
  count: 1,
  set: (p) => set(p),
  setTargets: (ids) => set({ mode: 'endpoints', endpointIds: ids }),
}))
