// The shell: left rail, one view at a time, global shortcuts, theme, toasts.
import { lazy, Suspense, useEffect, useRef, useState } from 'react'
import { useApp, VIEWS, type Connection, type ViewId } from './stores/app'
import { ConfirmHost } from './components/ConfirmHost'
import { Toasts } from './components/Toasts'
import { ViewBoundary } from './components/ViewBoundary'
import { startLive } from './live'
import { useTheme } from './theme'
import { DeliveriesView } from './views/DeliveriesView'
import { preloadDeliveryDetail } from './views/lazy'
import { ShortcutsDialog } from './views/ShortcutsDialog'

// The Deliveries view is the first screen: only its code is in the first script. The others load
// on demand, and are fetched once the first screen is up so a view switch rarely waits.
const loadSend = () => import('./views/SendView')
const loadInbox = () => import('./views/InboxView')
const loadEndpoints = () => import('./views/EndpointsView')
const loadStats = () => import('./views/StatsView')
const loadSettings = () => import('./views/SettingsView')
const SendView = lazy(() => loadSend().then((m) => ({ default: m.SendView })))
const InboxView = lazy(() => loadInbox().then((m) => ({ default: m.InboxView })))
const EndpointsView = lazy(() => loadEndpoints().then((m) => ({ default: m.EndpointsView })))
const StatsView = lazy(() => loadStats().then((m) => ({ default: m.StatsView })))
const SettingsView = lazy(() => loadSettings().then((m) => ({ default: m.SettingsView })))
const PRELOAD_AFTER_MS = 1500

function preloadViews(): void {
  for (const load of [loadSend, loadInbox, loadEndpoints, loadStats, loadSettings, preloadDeliveryDetail]) void load().catch(() => undefined)
}

const LABELS: Record<ViewId, { label: string; icon: string }> = {
  send: { label: 'Send', icon: '➤' },
  deliveries: { label: 'Deliveries', icon: '≡' },
  inbox: { label: 'Inbox', icon: '⇩' },
  endpoints: { label: 'Endpoints', icon: '◎' },
  stats: { label: 'Stats', icon: '▤' },
  settings: { label: 'Settings', icon: '⚙' },
}

/** The rail's dot: its colour, its tooltip and what a screen reader hears. */
const CONNECTION: Record<Connection, { dot: string; title: string; spoken: string }> = {
  connecting: { dot: 'dot-wait', title: 'Connecting', spoken: 'Connecting to engine' },
  connected: { dot: 'dot-ok', title: 'Engine connected', spoken: 'Engine connected' },
  reconnecting: { dot: 'dot-wait', title: 'Reconnecting…', spoken: 'Connection to the engine lost: reconnecting' },
  unauthorized: { dot: 'dot-bad', title: 'Disconnected', spoken: 'Disconnected: the engine refuses this page’s token' },
}

/** A refused token never heals by waiting: say what to do, on top of whatever view is open. */
function TokenRefused() {
  return (
    <div
      role="alert"
      data-testid="token-refused"
      style={{ padding: '8px 16px', background: 'var(--warn-bg)', color: 'var(--warn)', fontSize: 13, borderBottom: '1px solid var(--warn)' }}
    >
      Hooklab restarted with a new token: open the URL printed by <code>hooklab serve</code>.
    </div>
  )
}

function isTyping(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)
}

export function App() {
  const { view, setView, load, connection } = useApp()
  const conn = CONNECTION[connection]
  const [failed, setFailed] = useState<string | null>(null)
  const [help, setHelp] = useState(false)
  useTheme()

  useEffect(() => {
    // Subscribe first so nothing that happens while the first pages load is missed.
    const stop = startLive()
    load().catch((e: { message?: string }) => setFailed(e.message ?? 'could not reach the engine'))
    const preload = setTimeout(preloadViews, PRELOAD_AFTER_MS)
    return () => {
      stop()
      clearTimeout(preload)
    }
  }, [load])

  // A first load lost to a dropped socket is tried again once the socket is back (once per
  // reconnect: a load that fails while connected is not retried in a loop).
  const lastConnection = useRef(connection)
  useEffect(() => {
    const was = lastConnection.current
    lastConnection.current = connection
    if (connection !== 'connected' || was === 'connected' || failed === null) return
    setFailed(null)
    load().catch((e: { message?: string }) => setFailed(e.message ?? 'could not reach the engine'))
  }, [connection, failed, load])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && /^Digit[1-6]$/.test(e.code)) {
        const v = VIEWS[Number(e.code.slice(5)) - 1]
        if (v) {
          e.preventDefault()
          setView(v)
        }
        return
      }
      if (e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target)) {
        e.preventDefault()
        setHelp(true)
        return
      }
      const searchKey = ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') || (e.key === '/' && !isTyping(e.target))
      if (searchKey) {
        const el = document.querySelector<HTMLInputElement>('[data-search]')
        if (el) {
          e.preventDefault()
          el.focus()
          el.select()
        }
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [setView])

  return (
    <div className="app">
      <nav className="rail" aria-label="Views">
        <div className="brand" aria-hidden="true">
          ⚓
        </div>
        {VIEWS.map((v, i) => (
          <button
            key={v}
            className={`rail-btn ${view === v ? 'on' : ''}`}
            aria-current={view === v ? 'page' : undefined}
            data-testid={`nav-${v}`}
            title={`${LABELS[v].label} (Alt+${i + 1})`}
            onClick={() => setView(v)}
          >
            <span className="rail-icon" aria-hidden="true">
              {LABELS[v].icon}
            </span>
            <span className="rail-label">{LABELS[v].label}</span>
          </button>
        ))}
        <button className="rail-help" onClick={() => setHelp(true)} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts" data-testid="open-shortcuts">
          ?
        </button>
        <div className="rail-foot" data-testid="engine-status" data-state={connection} title={conn.title}>
          <span className={`dot ${conn.dot}`} aria-hidden="true" />
          <span className="sr-only">{conn.spoken}</span>
        </div>
      </nav>
      <main className="main" aria-label={LABELS[view].label}>
        {connection === 'unauthorized' && <TokenRefused />}
        <ViewBoundary view={LABELS[view].label}>
        <Suspense fallback={<div aria-busy="true" />}>
          {failed ? (
            <div className="empty">
              <div className="empty-title">Cannot reach the Hooklab engine</div>
              <div className="empty-body">{failed}. Restart `hooklab serve` and reload this page.</div>
            </div>
          ) : view === 'send' ? (
            <SendView />
          ) : view === 'deliveries' ? (
            <DeliveriesView />
          ) : view === 'inbox' ? (
            <InboxView />
          ) : view === 'endpoints' ? (
            <EndpointsView />
          ) : view === 'stats' ? (
            <StatsView />
          ) : (
            <SettingsView />
          )}
        </Suspense>
        </ViewBoundary>
      </main>
      <ShortcutsDialog open={help} onOpenChange={setHelp} />
      <ConfirmHost />
      <Toasts />
    </div>
  )
}
