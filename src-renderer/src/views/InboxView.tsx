// Inbox: receiver URLs with copy, live captures (virtualized), capture detail; settings dialog,
// replay/forward, compare two captures, clear.
import { useEffect, useRef, useState } from 'react'
import type { CaptureRow } from '../../../src-preload/contract'
import { shellQuote } from '../../../src-preload/curl'
import { SplitPane } from '../components/SplitPane'
import { RefusedRequests } from './RefusedRequests'
import { VirtualList } from '../components/VirtualList'
import { Empty } from '../components/Empty'
import { CopyButton } from '../components/CopyButton'
import { HttpStatus } from '../components/Status'
import { bidiVisible, CapturedText } from '../components/CapturedText'
import { Dialog } from '../components/Dialog'
import { FileButton } from '../components/FileButton'
import { call } from '../bridge'
import { useApp } from '../stores/app'
import { LAST_INBOX, useCaptures } from '../stores/captures'
import { loadString } from '../lib/storage'
import { toast } from '../stores/toasts'
import { bytes, clockDateTime } from '../lib/format'
import { userMessage, type FieldLabels } from '../lib/user-error'
import { CaptureDetailPane } from './CaptureDetail'
import { InboxSettingsDialog } from './InboxSettingsDialog'
import { CaptureExportDialog } from './CaptureExportDialog'
import { ReplayCapturesDialog } from './ReplayCapturesDialog'
import { confirmAction } from '../stores/confirm'
import { FieldError, invalidProps } from '../components/FieldError'

/** A forward error in a word or two for the row (its full text is the title): undici's and Node's codes. */
function forwardErrorWord(error: string): string {
  const code = /^([A-Z][A-Z0-9_]+):/.exec(error)?.[1] ?? ''
  if (code === 'ECONNREFUSED') return 'refused'
  if (code.includes('TIMEOUT') || code === 'ETIMEDOUT') return 'timeout'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'no such host'
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'reset'
  if (/^Hooklab stopped/.test(error)) return 'stopped'
  return code ? code.toLowerCase() : 'failed'
}

/**
 * How the forward target (your dev server) answered: the row's own status is the receiver's answer to the
 * sender, which says nothing about whether your handler worked. A failure stands out; a 2xx/3xx stays quiet.
 */
function ForwardOutcome({ r }: { r: CaptureRow }) {
  if (!r.forwarded) return null
  if (r.forwardError !== null)
    return (
      <span className="mini bad" title={`The forward to your server failed: ${r.forwardError}`} data-testid="capture-row-forward">
        → {forwardErrorWord(r.forwardError)}
      </span>
    )
  if (r.forwardStatus === null)
    return (
      <span className="small muted" title="Forwarding to your server…" data-testid="capture-row-forward">
        → …
      </span>
    )
  const failed = r.forwardStatus >= 400
  return (
    <span
      className={failed ? 'mini bad num' : 'small muted num'}
      title={`Your server (the forward target) answered ${r.forwardStatus}`}
      data-testid="capture-row-forward"
    >
      → {r.forwardStatus}
    </span>
  )
}

function CaptureItem({ r }: { r: CaptureRow }) {
  return (
    <div className="crow">
      <span className={`method m-${r.method.toLowerCase()} mono`}>{r.method}</span>
      <span className="mono ellip grow" title={bidiVisible(r.query ? `${r.path}?${r.query}` : r.path)}>
        <CapturedText text={r.path} />
        {r.query && (
          <span className="muted">
            ?<CapturedText text={r.query} />
          </span>
        )}
      </span>
      {r.event && (
        <span className="mini mono ellip event-tag" title={`event ${bidiVisible(r.event)}`} data-testid="capture-row-event">
          <CapturedText text={r.event} />
        </span>
      )}
      {r.verification && (
        <span className={`mini ${r.verification.valid ? 'ok' : 'bad'}`} title={r.verification.reason}>
          <span aria-hidden="true">{r.verification.valid ? '✓' : '✕'}</span> {r.verification.valid ? 'sig ok' : 'sig bad'}
        </span>
      )}
      {r.duplicateOf && (
        <span className="mini warn" title={`duplicate of ${r.duplicateOf}`}>
          dup
        </span>
      )}
      {r.relayed && r.responseStatus === null ? (
        <span className="muted" title="Waiting for your server’s answer, which the sender gets" data-testid="relaying">
          …
        </span>
      ) : (
        <HttpStatus status={r.responseStatus} />
      )}
      <ForwardOutcome r={r} />
      <span className="small muted num">{bytes(r.size)}</span>
      <span className="small muted num">{clockDateTime(r.receivedAt)}</span>
    </div>
  )
}

/** " with your headers and body" (or one of them) when the inbox answers with its own. */
function customAnswer(r: { headers: unknown[]; body: string }): string {
  const parts = [r.headers.length > 0 ? 'headers' : '', r.body !== '' ? 'body' : ''].filter(Boolean)
  return parts.length > 0 ? ` with your ${parts.join(' and ')}` : ''
}

/** inboxes.create's paths as the New inbox dialog labels them. */
const NEW_INBOX_LABELS: FieldLabels = { slug: 'Slug', name: 'Name' }

function NewInboxDialog(props: { open: boolean; onOpenChange: (v: boolean) => void; onCreated: (id: string) => void }) {
  const [slug, setSlug] = useState('')
  const [err, setErr] = useState<string | null>(null)
  const upsert = useApp((s) => s.upsertInbox)
  const submit = async () => {
    setErr(null)
    try {
      const ib = await call('inboxes.create', { slug: slug.trim() }, { quiet: true })
      upsert(ib)
      props.onCreated(ib.id)
      props.onOpenChange(false)
      setSlug('')
    } catch (e) {
      setErr(userMessage(e, NEW_INBOX_LABELS))
    }
  }
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange} title="New inbox" description="Requests to /in/<slug>/… on the receiver are captured here." testid="new-inbox-dialog">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <div className="field">
          <label htmlFor="inbox-slug">Slug</label>
          <input
            id="inbox-slug"
            className="mono"
            value={slug}
            onChange={(e) => setSlug(e.target.value)}
            placeholder="stripe-test"
            autoFocus
            {...invalidProps('inbox-slug', err)}
          />
          <FieldError id="inbox-slug" error={err} testid="new-inbox-error" />
        </div>
        <div className="dlg-actions">
          <button type="submit" className="btn btn-primary" data-testid="create-inbox">
            Create inbox
          </button>
        </div>
      </form>
    </Dialog>
  )
}

export function InboxView() {
  const inboxes = useApp((s) => s.inboxes)
  // The CLI hint names this data dir: without --home `hooklab send` logs its delivery in the default one.
  const info = useApp((s) => s.info)
  const cap = useCaptures()
  const [settingsOpen, setSettingsOpen] = useState(false)
  const [newOpen, setNewOpen] = useState(false)
  const [exportOpen, setExportOpen] = useState(false)
  const [replayOpen, setReplayOpen] = useState(false)
  const [topSignal, setTopSignal] = useState(0)
  const [text, setText] = useState(cap.text)
  const inbox = inboxes.find((i) => i.id === cap.inboxId) ?? null

  useEffect(() => {
    const st = useCaptures.getState()
    if (st.inboxId == null || !inboxes.some((i) => i.id === st.inboxId)) {
      const last = loadString(LAST_INBOX)
      st.setInbox(inboxes.find((i) => i.id === last)?.id ?? inboxes[0]?.id ?? null)
    } else void st.reload()
  }, [inboxes.length])

  // Debounced search; leaving the view within the debounce applies what was typed (flushSearch on unmount).
  const flushSearch = useRef<(() => void) | null>(null)
  useEffect(() => {
    flushSearch.current = null
    if (text === useCaptures.getState().text) return
    const apply = () => {
      flushSearch.current = null
      useCaptures.getState().setText(text)
    }
    const t = setTimeout(apply, 250)
    flushSearch.current = apply
    return () => clearTimeout(t)
  }, [text])
  useEffect(() => () => flushSearch.current?.(), [])

  // A captures export from another machine: each capture into its own inbox (made when missing); shows the first.
  const importFile = async (f: File) => {
    // What one call carries (the contract's limit); a bigger export goes through the CLI, read from disk.
    if (f.size > 50_000_000) {
      toast.error('Too large to import here', `${f.name} is ${(f.size / 1e6).toFixed(0)} MB; the app takes up to 50 MB. Use: hooklab import --captures ${f.name}`)
      return
    }
    const res = await call('captures.import', { text: await f.text() }).catch(() => null)
    if (!res) return
    await useApp.getState().refreshInboxes().catch(() => undefined)
    const first = res.inboxes[0]
    if (first && first !== useCaptures.getState().inboxId) useCaptures.getState().setInbox(first)
    else void useCaptures.getState().reload()
    const names = res.inboxes.map((id) => useApp.getState().inboxes.find((i) => i.id === id)?.slug ?? id)
    toast.info(`Imported ${res.imported} capture${res.imported === 1 ? '' : 's'}${names.length ? ` into ${names.join(', ')}` : ''}`, res.skipped > 0 ? `${res.skipped} were here already.` : f.name)
  }
  const clear = async () => {
    if (!inbox || !(await confirmAction({ title: 'Clear inbox', message: `Delete every capture in "${inbox.slug}"?`, action: 'Delete captures' }))) return
    const res = await call('inboxes.clear', { id: inbox.id }).catch(() => null)
    if (res) {
      toast.info(`Deleted ${res.deleted} captures`)
      void cap.reload()
    }
  }

  const left = (
    <div className="pane">
      <div className="toolbar">
        <select aria-label="Inbox" value={cap.inboxId ?? ''} onChange={(e) => cap.setInbox(e.target.value || null)} data-testid="inbox-select">
          {inboxes.map((i) => (
            <option key={i.id} value={i.id}>
              {i.slug} ({i.captureCount})
            </option>
          ))}
        </select>
        <button className="btn btn-small" onClick={() => setNewOpen(true)} data-testid="new-inbox">
          + Inbox
        </button>
        {inbox && (
          <button className="btn btn-small" onClick={() => setSettingsOpen(true)} data-testid="inbox-settings">
            Inbox settings…
          </button>
        )}
        <span className="grow" />
        <FileButton label="Import…" fileLabel="Import captures (a hooklab.captures/v1 file)" accept="application/json,.json" onFile={(f) => void importFile(f)} testid="import-captures" />
        {inboxes.length > 0 && (
          <button className="btn btn-small" onClick={() => setExportOpen(true)} data-testid="open-capture-export">
            Export…
          </button>
        )}
        {inbox && (
          <button className="btn btn-small btn-danger" onClick={() => void clear()}>
            Clear
          </button>
        )}
      </div>
      {inbox && (
        <div className="receiver-url">
          <span className="small muted">Receiver URL</span>
          <code className="mono ellip grow" data-testid="receiver-url">
            {inbox.url}
          </code>
          <CopyButton text={inbox.url} label="Copy receiver URL" />
        </div>
      )}
      {inbox?.httpsUrl && (
        <div className="receiver-url">
          <span className="small muted">HTTPS</span>
          <code className="mono ellip grow" data-testid="receiver-https-url" title="The receiver's own certificate: its path is in Settings → Receiver">
            {inbox.httpsUrl}
          </code>
          <CopyButton text={inbox.httpsUrl} label="Copy the https receiver URL" />
        </div>
      )}
      {inbox && (
        <div className="small muted pad-x inbox-summary">
          {inbox.forwardTo && inbox.response.relay ? (
            <>answers with the response of its forward target</>
          ) : (
            <>
              responds <span className="mono">{inbox.responseScript || '200'}</span>
              {customAnswer(inbox.response)}
            </>
          )}
          {inbox.verification
            ? ` · verifies ${inbox.verification.scheme}${inbox.verification.secretCount > 1 ? ` with ${inbox.verification.secretCount} secrets (rotation)` : ''}`
            : ' · no verification'}
          {inbox.forwardTo ? ` · forwards to ${inbox.forwardTo}` : ''}
        </div>
      )}
      <RefusedRequests />
      <div className="toolbar">
        <input className="search" type="search" data-search placeholder="Search method, path, id, headers, body  (/)" aria-label="Search captures" value={text} onChange={(e) => setText(e.target.value)} />
        {inbox && (
          <button
            className="btn btn-small"
            disabled={cap.rows.length === 0}
            onClick={() => setReplayOpen(true)}
            title="Replay every capture the list shows (this inbox, this search) to a URL"
            data-testid="open-replay-captures"
          >
            Replay all…
          </button>
        )}
      </div>
      {cap.pendingNew.length > 0 && (
        <button className="new-marker" data-testid="new-marker" onClick={() => { cap.showNew(); setTopSignal((n) => n + 1) }}>
          ↑ {cap.pendingNew.length} new
        </button>
      )}
      {inboxes.length === 0 ? (
        <Empty title="No inbox yet">Create an inbox to get a URL that captures every request sent to it.</Empty>
      ) : cap.rows.length === 0 && !cap.loading && cap.text ? (
        // The inbox may hold thousands of captures: saying "waiting" here reads as an empty inbox or a broken receiver.
        <Empty title={`No capture matches “${cap.text}”`} testid="capture-search-empty">
          The search looks in the method, path, query, id, headers and body.{' '}
          <button
            className="btn btn-small"
            onClick={() => {
              setText('')
              cap.setText('')
            }}
            data-testid="clear-capture-search"
          >
            Clear search
          </button>
        </Empty>
      ) : cap.rows.length === 0 && !cap.loading ? (
        <Empty title="Waiting for requests…">
          Send a webhook to <code>{inbox?.url ?? 'the receiver URL'}</code> — for example{' '}
          <code>
            curl -X POST {inbox?.url ?? 'URL'} -d {"'{}'"}
          </code>{' '}
          or, for a real GitHub push event,{' '}
          <code data-testid="inbox-empty-cli">
            hooklab send {inbox?.url ?? 'URL'} --sample github.push --wait{info ? ` --home ${shellQuote(info.home)}` : ''}
          </code>
          . Captures show up here live.
        </Empty>
      ) : (
        <VirtualList
          topSignal={topSignal}
          query={`${cap.inboxId ?? ''}\n${cap.text}`}
          items={cap.rows}
          rowHeight={32}
          selectedId={cap.selectedId}
          onSelect={(id) => cap.select(id)}
          label="Captures"
          rowTestId="capture-row"
          testid="capture-list"
          onAtTop={cap.setAtTop}
          onEndReached={cap.loadMore}
          renderRow={(r) => <CaptureItem r={r} />}
        />
      )}
      {inbox && <InboxSettingsDialog open={settingsOpen} onOpenChange={setSettingsOpen} inbox={inbox} />}
      <NewInboxDialog open={newOpen} onOpenChange={setNewOpen} onCreated={(id) => cap.setInbox(id)} />
      <CaptureExportDialog open={exportOpen} onOpenChange={setExportOpen} inboxId={cap.inboxId} />
      {inbox && <ReplayCapturesDialog open={replayOpen} onOpenChange={setReplayOpen} inbox={inbox} text={cap.text} count={cap.text ? { n: cap.rows.length, exact: !cap.hasMore } : { n: inbox.captureCount, exact: true }} />}
    </div>
  )
  return (
    <SplitPane
      id="inbox"
      initial={560}
      left={left}
      right={cap.selectedId ? <CaptureDetailPane /> : <Empty title="Select a capture">Method, headers, body and the signature verdict show here.</Empty>}
    />
  )
}
