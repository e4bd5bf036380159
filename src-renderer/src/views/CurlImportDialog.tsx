// "Paste cURL…": a curl command from docs, logs or a browser's "Copy as cURL (bash)" becomes the Send
// draft (an ad-hoc URL, its body, content type, event and headers), shown before it replaces the draft.
import { useEffect, useState } from 'react'
import type { CurlDraft } from '../../../src-preload/contract'
import { Dialog } from '../components/Dialog'
import { asCallError, call } from '../bridge'
import { formatHeaderLines } from '../lib/header-lines'
import { useCompose } from '../stores/compose'
import { toast } from '../stores/toasts'

export function CurlImportDialog(props: { open: boolean; onOpenChange: (v: boolean) => void; initial?: string }) {
  const [command, setCommand] = useState('')
  const [draft, setDraft] = useState<CurlDraft | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (!props.open) return
    setCommand(props.initial ?? '')
    setDraft(null)
    setError(null)
  }, [props.open, props.initial])

  // Read as the user pastes or types: what it would send, or why it cannot be read.
  useEffect(() => {
    if (!command.trim()) {
      setDraft(null)
      setError(null)
      return
    }
    let live = true
    const t = setTimeout(() => {
      call('compose.fromCurl', { command }, { quiet: true }).then(
        (d) => live && (setDraft(d), setError(null)),
        (e: unknown) => live && (setDraft(null), setError(asCallError(e).message)),
      )
    }, 150)
    return () => {
      live = false
      clearTimeout(t)
    }
  }, [command])

  const apply = () => {
    if (!draft) return
    useCompose.getState().set({
      mode: 'url',
      url: draft.url,
      // The command's body bytes as they are (not re-indented): the size shown above is what is sent, and a
      // request reproduced from a log hashes and signs as the original did.
      body: draft.body,
      contentType: draft.contentType,
      headers: formatHeaderLines(draft.headers),
      eventType: draft.eventType ?? '',
      ...(draft.signedWith ? { scheme: draft.signedWith.scheme, secret: '' } : {}),
    })
    toast.info('Draft from cURL', draft.signedWith ? `Enter the ${draft.signedWith.scheme} secret to sign it.` : draft.url)
    props.onOpenChange(false)
  }

  const bytes = draft ? new TextEncoder().encode(draft.body).length : 0
  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title="Paste a cURL command"
      description="From docs, logs or a browser's “Copy as cURL (bash)”. It replaces the draft: the URL becomes an ad-hoc target, and Send signs it afresh."
      wide
      testid="curl-import-dialog"
    >
      <div className="form">
        <label className="field">
          <span>Command</span>
          <textarea
            className="mono"
            rows={8}
            spellCheck={false}
            autoFocus
            value={command}
            placeholder={`curl -X POST http://127.0.0.1:3000/hooks \\\n  -H 'Content-Type: application/json' \\\n  -d '{"type":"order.created"}'`}
            onChange={(e) => setCommand(e.target.value)}
            onKeyDown={(e) => {
              // Ctrl/Cmd+Enter is this dialog's primary action (as in Send), never Send's own shortcut.
              if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
                e.preventDefault()
                e.stopPropagation()
                apply()
              }
            }}
            aria-invalid={error ? true : undefined}
            data-testid="curl-command"
          />
        </label>
        {error && (
          <div className="field-err" role="alert" data-testid="curl-error">
            ✕ {error}
          </div>
        )}
        {draft && (
          <div className="curl-summary" role="status" data-testid="curl-summary">
            <div className="mono ellip">
              <strong>{draft.method}</strong> {draft.url}
            </div>
            <div className="small muted">
              {draft.contentType} · {bytes.toLocaleString()} B body · {draft.headers.length} header{draft.headers.length === 1 ? '' : 's'} carried
              {draft.eventType ? ` · event ${draft.eventType}` : ''}
            </div>
            {draft.notes.length > 0 && (
              <ul className="small curl-notes" data-testid="curl-notes">
                {draft.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      <div className="dlg-actions">
        <button className="btn" onClick={() => props.onOpenChange(false)}>
          Cancel
        </button>
        <button className="btn btn-primary" disabled={!draft} onClick={apply} data-testid="curl-apply">
          Use as draft
        </button>
      </div>
    </Dialog>
  )
}
