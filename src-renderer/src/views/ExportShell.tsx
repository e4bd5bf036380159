// What both export dialogs share: run the export, follow its progress, and either report the saved
// file (desktop) or start the one-time download (browser mode). The dialogs bring their filters.
import { useEffect, useState } from 'react'
import type { ReactNode } from 'react'
import type { EventPayload, MethodOutput } from '../../../src-preload/contract'
import { Dialog } from '../components/Dialog'
import { subscribe } from '../bridge'
import { toast } from '../stores/toasts'
import { bytes } from '../lib/format'

type Kind = EventPayload<'export.progress'>['kind']
const NOUN: Record<Kind, string> = { attempts: 'deliveries', captures: 'captures' }

/** A datetime-local value as ms since epoch (undefined when empty or invalid). */
export function toTs(v: string): number | undefined {
  if (!v) return undefined
  const t = new Date(v).getTime()
  return Number.isFinite(t) ? t : undefined
}

/** ms since epoch as a datetime-local value, to the second (local time). */
export function toLocalInput(ts: number): string {
  const d = new Date(ts)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

export function ExportShell(props: {
  open: boolean
  onOpenChange: (v: boolean) => void
  kind: Kind
  title: string
  description: string
  testid: string
  start: () => Promise<MethodOutput<'export.attempts'>>
  children: ReactNode
}) {
  const [progress, setProgress] = useState<EventPayload<'export.progress'> | null>(null)
  const [busy, setBusy] = useState(false)
  const noun = NOUN[props.kind]

  useEffect(
    () => (props.open ? subscribe('export.progress', (p) => p.kind === props.kind && setProgress(p)) : undefined),
    [props.open, props.kind],
  )

  const run = async () => {
    setBusy(true)
    setProgress(null)
    try {
      const res = await props.start()
      if (res.kind === 'saved') {
        toast.info(`Exported ${res.count} ${noun} (${bytes(res.bytes)})`, res.path)
        props.onOpenChange(false)
      } else if (res.kind === 'download') {
        // The server names the file (Content-Disposition); an empty download attribute keeps its name.
        const a = document.createElement('a')
        a.href = res.url
        a.download = ''
        document.body.appendChild(a)
        a.click()
        a.remove()
        toast.info('Export download started')
        props.onOpenChange(false)
      }
    } catch {
      /* toast shown */
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange} title={props.title} description={props.description} testid={props.testid}>
      <div className="form">{props.children}</div>
      {(busy || progress) && (
        <div className="row gap small" data-testid="export-progress">
          <progress aria-label="Export progress" {...(progress?.done ? { value: 1, max: 1 } : {})} />
          {progress ? `${progress.done ? `${progress.count} ${noun} · ` : ''}${bytes(progress.bytes)}${progress.done ? ' · done' : ''}` : 'starting…'}
        </div>
      )}
      <div className="dlg-actions">
        <button className="btn" onClick={() => props.onOpenChange(false)}>
          Close
        </button>
        <button className="btn btn-primary" disabled={busy} onClick={() => void run()} data-testid="export-submit">
          Export JSON
        </button>
      </div>
    </Dialog>
  )
}

/** From / Until fields (local time) for an export's range. */
export function RangeFields(props: { since: string; until: string; onSince: (v: string) => void; onUntil: (v: string) => void }) {
  return (
    <>
      <label className="field">
        <span>From</span>
        <input type="datetime-local" step={1} value={props.since} onChange={(e) => props.onSince(e.target.value)} />
      </label>
      <label className="field">
        <span>Until</span>
        <input type="datetime-local" step={1} value={props.until} onChange={(e) => props.onUntil(e.target.value)} />
      </label>
    </>
  )
}
