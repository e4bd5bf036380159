// Above an inbox's captures: requests the receiver answered without capturing them (a slug with no
// inbox, malformed HTTP, a TLS handshake the sender gave up on …), the usual reason a sender's webhook
// "never arrives". Rendered as text only.
import { useEffect, useState } from 'react'
import { dateTime } from '../lib/format'
import { bidiVisible } from '../components/CapturedText'
import { KEPT, refusedSince, useRefusals } from '../stores/refusals'

export function RefusedRequests() {
  const { list, dismissedAt, refresh, dismiss } = useRefusals()
  const [open, setOpen] = useState(false)
  useEffect(() => {
    void refresh()
  }, [refresh])
  const shown = list.filter((r) => r.at > dismissedAt)
  if (shown.length === 0) return null
  const last = shown[0]!
  // The receiver keeps the last 50: the count comes from their numbers, the list shows those kept.
  const count = refusedSince(list, dismissedAt)
  const head = count === null ? `More than ${KEPT} requests were` : count === 1 ? '1 request was' : `${count} requests were`
  const line = (r: (typeof shown)[number]) => bidiVisible([r.status ?? 'no answer', r.method, r.path].filter((x) => x !== null && x !== '').join(' '))
  return (
    <div className="refused small pad-x" role="status" data-testid="refused-requests">
      <div className="refused-head">
        <span>
          {head} answered without a capture · last {dateTime(last.at)}:{' '}
          <span className="mono">{line(last)}</span> — {last.reason}
        </span>
        <span className="grow" />
        {shown.length > 1 && (
          <button className="btn btn-small" onClick={() => setOpen((v) => !v)} aria-expanded={open}>
            {open ? 'Hide' : count !== null && count <= shown.length ? 'Show all' : `Show the last ${shown.length}`}
          </button>
        )}
        <button className="btn btn-small" onClick={dismiss} title="Hide these until another request is refused">
          Dismiss
        </button>
      </div>
      {open && (
        <ul className="refused-list mono" data-testid="refused-list">
          {shown.map((r, i) => (
            <li key={`${r.at}-${i}`}>
              {dateTime(r.at)} {line(r)}
              {r.remote ? ` from ${r.remote}` : ''} — {r.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
