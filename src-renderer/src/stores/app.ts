// App-wide state: current view, engine info, settings (theme), endpoints and inboxes.
import { create } from 'zustand'
import type { EndpointView, InboxView, MethodOutput, Settings } from '../../../src-preload/contract'
import { call } from '../bridge'
import { connectionState } from '../transport'

import { initialView, VIEWS, type ViewId } from '../lib/initial-view'

export { VIEWS, type ViewId }

type AppInfo = MethodOutput<'app.info'>

/**
 * What the rail's dot says. Browser mode follows the socket (live.ts): 'connecting' before it first
 * opens, 'reconnecting' after it dropped, 'unauthorized' when the host refuses our token.
 */
export type Connection = 'connecting' | 'connected' | 'reconnecting' | 'unauthorized'

interface AppState {
  view: ViewId
  info: AppInfo | null
  settings: Settings | null
  endpoints: EndpointView[]
  inboxes: InboxView[]
  connection: Connection
  setConnection: (c: Connection) => void
  setView: (v: ViewId) => void
  load: () => Promise<void>
  refreshEndpoints: () => Promise<void>
  refreshInboxes: () => Promise<void>
  upsertEndpoint: (e: EndpointView) => void
  upsertInbox: (i: InboxView) => void
  setSettings: (s: Settings) => void
}

export const useApp = create<AppState>((set, get) => ({
  view: initialView(),
  info: null,
  settings: null,
  endpoints: [],
  inboxes: [],
  connection: 'connecting',
  setConnection: (c) => set({ connection: c }),
  setView: (v) => {
    history.replaceState(null, '', `${location.pathname}${location.search}#${v}`)
    set({ view: v })
  },
  load: async () => {
    const [info, settings, endpoints, inboxes] = await Promise.all([
      call('app.info', {}),
      call('settings.get', {}),
      call('endpoints.list', {}),
      call('inboxes.list', {}),
    ])
    set({ info, settings, endpoints, inboxes })
    // Electron's bridge cannot drop: answering is being connected.
    if (!connectionState()) set({ connection: 'connected' })
  },
  refreshEndpoints: async () => set({ endpoints: await call('endpoints.list', {}, { quiet: true }) }),
  refreshInboxes: async () => set({ inboxes: await call('inboxes.list', {}, { quiet: true }) }),
  upsertEndpoint: (e) => {
    const list = get().endpoints
    const i = list.findIndex((x) => x.id === e.id)
    set({ endpoints: i >= 0 ? list.map((x) => (x.id === e.id ? e : x)) : [...list, e] })
  },
  upsertInbox: (ib) => {
    const list = get().inboxes
    const i = list.findIndex((x) => x.id === ib.id)
    set({ inboxes: i >= 0 ? list.map((x) => (x.id === ib.id ? ib : x)) : [...list, ib] })
  },
  setSettings: (s) => set({ settings: s }),
}))
