// Compose and send: targets (endpoints, event fan-out, ad-hoc URL), JSON editor with lint, samples,
// templates with variables, a live preview of the exact signed headers, copy as cURL, send N times.
import { useEffect, useMemo, useState, type ClipboardEvent } from 'react'
import type { MethodInput, MethodOutput, Sample, Template } from '../../../src-preload/contract'
import { jsonProblem } from '../lib/json-problem'
import { JsonEditor } from '../components/JsonEditor'
import { SplitPane } from '../components/SplitPane'
import { HeadersTable } from '../components/Headers'
import { BodyView } from '../components/BodyView'
import { formatHeaderLines, headerLinesProblem, parseHeaderLines } from '../lib/header-lines'
import { checkNumber } from '../lib/check-number'
import { HmacFields } from '../components/HmacFields'
import { CopyButton } from '../components/CopyButton'
import { Empty } from '../components/Empty'
import { call, asCallError } from '../bridge'
import { useApp } from '../stores/app'
import { useCompose, type AdhocScheme } from '../stores/compose'
import { useDeliveries } from '../stores/deliveries'
import { toast } from '../stores/toasts'
import { fillVariables, peekCounter, takeCounters } from '../lib/template-vars'
import { isMac } from '../lib/platform'
import { userMessage, type FieldLabels } from '../lib/user-error'
import { CurlImportDialog } from './CurlImportDialog'
import { confirmAction } from '../stores/confirm'
import { FieldError, invalidProps } from '../components/FieldError'
import { disabledLabel, waitingNote } from '../lib/disabled-endpoints'
import { isLargeBody, useSettledBody, utf8Length } from '../lib/large-body'

type ComposeInput = MethodInput<'compose.send'>

// The samples (every GitHub example event: ~2 MB) are read once a page, not on every visit to Send.
let samplesOnce: Promise<Sample[]> | null = null
function loadSamples(): Promise<Sample[]> {
  samplesOnce ??= call('compose.samples', {}, { quiet: true }).catch((err: unknown) => {
    samplesOnce = null // tried again next visit
    throw err
  })
  return samplesOnce
}
type Preview = MethodOutput<'compose.preview'>

/** compose.preview/send's input paths as this view labels them. */
const LABELS: FieldLabels = {
  url: 'URL',
  body: 'Body',
  headers: 'Extra headers',
  contentType: 'Content-Type',
  eventType: 'Event type',
  endpointIds: 'Endpoints',
  'signing.secret': 'Secret',
  'signing.hmac.header': 'Header',
  'signing.hmac.prefix': 'Prefix',
  signing: 'Signing',
  timestampOffsetSec: 'Signed timestamp',
  count: 'Times',
}


/** compose.send's bounds for count. */
const TIMES = { min: 1, max: 10_000 }

/** Schemes whose signature carries a timestamp a receiver checks against a tolerance. */
const TIMESTAMPED: ReadonlySet<string> = new Set(['standard', 'stripe', 'slack'])
const TIMESTAMP_OFFSETS: ReadonlyArray<[number, string]> = [
  [0, 'now'],
  [600, '10 minutes ago (past the usual 5-minute tolerance)'],
  [3600, '1 hour ago'],
  [86_400, '1 day ago'],
  [-600, '10 minutes ahead'],
]

export function SendView() {
  const c = useCompose()
  const endpoints = useApp((s) => s.endpoints)
  const setView = useApp((s) => s.setView)
  const [samples, setSamples] = useState<Sample[]>([])
  const [samplesErr, setSamplesErr] = useState<string | null>(null)
  const [templates, setTemplates] = useState<Template[]>([])
  const [preview, setPreview] = useState<Preview | null>(null)
  const [previewErr, setPreviewErr] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  const [tplName, setTplName] = useState('')
  const [countErr, setCountErr] = useState<string | null>(null)
  const [curlOpen, setCurlOpen] = useState(false)
  const [curlPasted, setCurlPasted] = useState<string | undefined>(undefined)
  // A curl command pasted where a URL goes opens "Paste cURL…" with it, as API tools do.
  const pasteCurl = (e: ClipboardEvent) => {
    const text = e.clipboardData.getData('text')
    if (!/^\s*curl\s/.test(text)) return
    e.preventDefault()
    setCurlPasted(text)
    setCurlOpen(true)
  }

  useEffect(() => {
    // Samples are a convenience: if main cannot load them the select says so instead of a toast.
    loadSamples().then(setSamples, (e: { message: string }) => setSamplesErr(e.message))
    call('templates.list', {}).then(setTemplates, () => undefined)
  }, [])

  const isJson = c.contentType.includes('json')
  // A large body is checked and previewed when typing pauses (lib/large-body.ts); sending checks it as it is.
  const large = isLargeBody(c.body)
  const checkedBody = useSettledBody(c.body)
  const problem = isJson ? jsonProblem(checkedBody) : null
  // A line that is not "Name: value" would be left out of what is sent: it is refused instead.
  const headerLines = parseHeaderLines(c.headers)
  const headersProblem = headerLinesProblem(headerLines.invalid)
  const times = checkNumber(c.countText, TIMES)
  const count = 'value' in times ? times.value : 1

  const buildInput = (body: string): ComposeInput | null => {
    // The event type is recorded on the message in every mode; in fan-out mode it also picks the endpoints.
    const base = { body, contentType: c.contentType, headers: headerLines.headers, eventType: c.eventType.trim() || null }
    if (c.mode === 'endpoints') {
      // A draft kept from an earlier session may name an endpoint deleted since: only those listed go.
      const ids = c.endpointIds.filter((id) => endpoints.some((e) => e.id === id))
      return ids.length ? { ...base, endpointIds: ids } : null
    }
    if (c.mode === 'event') return c.eventType.trim() ? base : null
    if (!c.url.trim()) return null
    return {
      ...base,
      url: c.url.trim(),
      signing: c.scheme === 'none' ? { scheme: 'none' } : { scheme: c.scheme, secret: c.secret || undefined, ...(c.scheme === 'hmac' ? { hmac: c.hmac } : {}) },
      ...(TIMESTAMPED.has(c.scheme) && c.timestampOffsetSec !== 0 ? { timestampOffsetSec: c.timestampOffsetSec } : {}),
    }
  }
  // Picked endpoints that are disabled: what is sent to them waits until they are enabled again.
  const waiting = c.mode === 'endpoints' ? waitingNote(endpoints.filter((e) => c.endpointIds.includes(e.id))) : null
  const targetKey = JSON.stringify([c.mode, c.endpointIds, endpoints.map((e) => e.id), c.eventType, c.url, c.scheme, c.secret, c.hmac, c.headers, c.contentType, c.timestampOffsetSec])

  // Debounced preview: the exact headers (signature included) for the current draft.
  useEffect(() => {
    const built = buildInput(checkedBody)
    const input = built && { ...built, counter: peekCounter() }
    if (!input || problem) {
      setPreview(null)
      setPreviewErr(null)
      return
    }
    if (headersProblem) {
      setPreview(null)
      setPreviewErr(`${LABELS.headers}: ${headersProblem}`)
      return
    }
    const t = setTimeout(() => {
      call('compose.preview', input, { quiet: true }).then(
        (p) => {
          setPreview(p)
          setPreviewErr(null)
        },
        (e: unknown) => {
          setPreview(null)
          setPreviewErr(userMessage(e, LABELS))
        },
      )
    }, 350)
    return () => clearTimeout(t)
    // buildInput reads exactly what targetKey and the checked body capture.
  }, [targetKey, checkedBody, problem == null])

  const send = async () => {
    const problem = isJson ? jsonProblem(c.body) : null
    if (problem) {
      toast.error('E_INVALID_INPUT', `The body is not valid JSON (line ${problem.line}): ${problem.message}`)
      return
    }
    if (headersProblem) {
      toast.error('E_INVALID_INPUT', `${LABELS.headers}: ${headersProblem}`)
      return
    }
    if ('error' in times) {
      setCountErr(times.error)
      return
    }
    if (!buildInput(c.body)) {
      toast.error('E_INVALID_INPUT', 'Choose at least one endpoint, an event type, or a URL to send to.')
      return
    }
    setSending(true)
    try {
      const input = buildInput(c.body)
      if (!input) return
      // Main fills in the variables of every message; {{counter}} goes on from the last send.
      const res = await call('compose.send', { ...input, count, counter: takeCounters(count) }, { quiet: true })
      const firstId = res.deliveries[0]?.deliveryId ?? null
      const n = res.deliveries.length
      const held = waitingNote(endpoints.filter((e) => input.endpointIds?.includes(e.id)))
      // One id says which delivery is shown next; with several, the toast says so instead of naming one.
      const shown = n === 1 ? (firstId ?? '') : 'The first is shown in Deliveries.'
      toast.info(`Queued ${n} ${n === 1 ? 'delivery' : 'deliveries'}`, held ? `${held} ${shown}` : shown)
      if (firstId) {
        useDeliveries.getState().select(firstId)
        setView('deliveries')
      }
    } catch (err) {
      const e = asCallError(err)
      toast.error(e.code, userMessage(e, LABELS))
    } finally {
      setSending(false)
    }
  }

  // Ctrl/Cmd+Enter sends from anywhere in this view, including inside the editor; not while a dialog is
  // open over it (Paste cURL, a confirmation): the key is that dialog's, and the draft may be what it replaces.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || document.querySelector('[role="dialog"]')) return
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault()
        void send()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })

  const applySample = (id: string) => {
    const s = samples.find((x) => x.id === id)
    if (!s) return
    c.set({ body: s.body, eventType: s.eventType, headers: formatHeaderLines(s.headers), contentType: 'application/json' })
  }
  const applyTemplate = (id: string) => {
    const t = templates.find((x) => x.id === id)
    if (!t) return
    // A template saved without an event type loads as one without: the current one is not kept.
    c.set({ body: t.body, contentType: t.contentType, headers: formatHeaderLines(t.headers), eventType: t.eventType ?? '' })
    setTplName(t.name) // so Save updates it and Delete is at hand
  }
  // A template is saved under its name: the same name updates it.
  const namedTemplate = templates.find((t) => t.name === tplName.trim()) ?? null
  const deleteTemplate = async () => {
    const t = namedTemplate
    if (!t || !(await confirmAction({ title: 'Delete template', message: `Delete the template "${t.name}"?`, action: 'Delete template' }))) return
    const ok = await call('templates.delete', { id: t.id }).catch(() => null)
    if (!ok) return
    setTemplates((l) => l.filter((x) => x.id !== t.id))
    setTplName('')
    toast.info('Template deleted', t.name)
  }
  const saveTemplate = async () => {
    const name = tplName.trim()
    if (!name) return
    const existing = templates.find((t) => t.name === name)
    const t = await call('templates.save', {
      id: existing?.id,
      name,
      eventType: c.eventType || null,
      contentType: c.contentType,
      body: c.body,
      headers: headerLines.headers,
    }).catch(() => null)
    if (t) {
      // The name stays, so Update and Delete are at hand for the template just saved.
      setTemplates((l) => [...l.filter((x) => x.id !== t.id), t])
      setTplName(t.name)
      toast.info('Template saved', t.name)
    }
  }

  const providers = useMemo(() => [...new Set(samples.map((s) => s.provider))], [samples])
  // The preview carries the body's first MB only: its label says of how much (the body as the preview filled it in).
  const previewFullSize = useMemo(
    () => (preview?.bodyTruncated ? utf8Length(fillVariables(checkedBody, peekCounter(), Date.now())) : null),
    [preview, checkedBody],
  )

  const left = (
    <div className="pane compose" data-testid="compose">
      <div className="toolbar">
        <div role="radiogroup" aria-label="Send to" className="seg">
          {(
            [
              ['endpoints', 'Endpoints'],
              ['event', 'Event fan-out'],
              ['url', 'Ad-hoc URL'],
            ] as const
          ).map(([m, label]) => (
            <button key={m} role="radio" aria-checked={c.mode === m} className={c.mode === m ? 'on' : ''} onClick={() => c.set({ mode: m })}>
              {label}
            </button>
          ))}
        </div>
        <span className="grow" />
        <label className="field-inline">
          <span>Times</span>
          <input
            type="number"
            min={TIMES.min}
            max={TIMES.max}
            className="narrow"
            value={c.countText}
            onChange={(e) => {
              // Kept as typed (an emptied field stays empty, so typing 5 gives 5); checked when sending.
              c.set({ countText: e.target.value })
              setCountErr(null)
            }}
            {...invalidProps('send-count', countErr)}
            data-testid="send-count"
          />
        </label>
        <FieldError id="send-count" error={countErr} testid="send-count-error" inline>
          Times: {countErr}
        </FieldError>
        <button className="btn btn-primary" disabled={sending} onClick={() => void send()} data-testid="send-button" title={isMac() ? '⌘Enter' : 'Ctrl+Enter'}>
          {sending ? 'Sending…' : count > 1 ? `Send ×${count}` : 'Send'} <kbd>{isMac() ? '⌘↵' : 'Ctrl+↵'}</kbd>
        </button>
      </div>
      <div className="pad-x">
        {c.mode === 'endpoints' &&
          (endpoints.length === 0 ? (
            <div className="hint">
              No endpoints yet.{' '}
              <button className="link" onClick={() => setView('endpoints')}>
                Create one
              </button>{' '}
              or use an ad-hoc URL.
            </div>
          ) : (
            <div className="target-list" role="group" aria-label="Endpoints to send to">
              {endpoints.map((e) => (
                <label key={e.id} className={`target ${c.endpointIds.includes(e.id) ? 'on' : ''}`}>
                  <input
                    type="checkbox"
                    checked={c.endpointIds.includes(e.id)}
                    onChange={(ev) => c.set({ endpointIds: ev.target.checked ? [...c.endpointIds, e.id] : c.endpointIds.filter((x) => x !== e.id) })}
                    data-testid="target-endpoint"
                  />
                  <span className="ellip" title={e.name}>
                    {e.name}
                  </span>
                  <span className="mono small muted nowrap">{e.signing.scheme !== 'none' ? `· ${e.signing.scheme}` : ''}</span>
                  {!e.enabled && (
                    <span className="small warn-text nowrap" data-testid="target-disabled">
                      {disabledLabel(e)}
                    </span>
                  )}
                </label>
              ))}
            </div>
          ))}
        <label className="field">
          <span>{c.mode === 'event' ? 'Event type (sent to every enabled endpoint whose filter matches)' : 'Event type'}</span>
          <input className="mono" value={c.eventType} placeholder="order.created" onChange={(e) => c.set({ eventType: e.target.value })} data-testid="event-type" />
        </label>
        {c.mode === 'url' && (
          <label className="field">
            <span>URL</span>
            <input className="mono" value={c.url} placeholder="http://127.0.0.1:3000/webhooks" onChange={(e) => c.set({ url: e.target.value })} onPaste={pasteCurl} data-testid="adhoc-url" />
          </label>
        )}
        {c.mode === 'url' && (
          <div className="grid2">
            <label className="field">
              <span>Signing</span>
              <select value={c.scheme} onChange={(e) => c.set({ scheme: e.target.value as AdhocScheme })}>
                {['none', 'standard', 'stripe', 'github', 'shopify', 'slack', 'hmac'].map((s) => (
                  <option key={s} value={s}>
                    {s === 'hmac' ? 'custom HMAC' : s}
                  </option>
                ))}
              </select>
            </label>
            {c.scheme !== 'none' && (
              <label className="field">
                <span>Secret</span>
                <input className="mono" type="password" autoComplete="off" value={c.secret} onChange={(e) => c.set({ secret: e.target.value })} />
              </label>
            )}
          </div>
        )}
        {c.mode === 'url' && TIMESTAMPED.has(c.scheme) && (
          <label className="field">
            <span>Signed timestamp (does the receiver refuse a stale or future one?)</span>
            <select value={c.timestampOffsetSec} onChange={(e) => c.set({ timestampOffsetSec: Number(e.target.value) })} data-testid="timestamp-offset">
              {TIMESTAMP_OFFSETS.map(([sec, label]) => (
                <option key={sec} value={sec}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        )}
        {c.mode === 'url' && c.scheme === 'hmac' && <HmacFields idPrefix="adhoc" value={c.hmac} onChange={(hmac) => c.set({ hmac })} />}
        <div className="row gap wrap start-row">
          <label className="field-inline">
            <span>Start from</span>
            <select value="" onChange={(e) => applySample(e.target.value)} data-testid="sample-select">
              <option value="">{samplesErr ? 'samples unavailable' : 'a sample event…'}</option>
              {providers.map((p) => (
                <optgroup key={p} label={p}>
                  {samples
                    .filter((s) => s.provider === p)
                    .map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.title}
                        {s.handWritten ? ' (hand-written sample)' : ' (real payload)'}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          </label>
          <button className="btn btn-small" onClick={() => (setCurlPasted(undefined), setCurlOpen(true))} data-testid="open-curl-import">
            Paste cURL…
          </button>
          <CurlImportDialog open={curlOpen} onOpenChange={setCurlOpen} initial={curlPasted} />
          <label className="field-inline">
            <span>Template</span>
            <select value="" onChange={(e) => applyTemplate(e.target.value)} data-testid="template-select">
              <option value="">{templates.length ? 'load a template…' : 'no templates yet'}</option>
              {templates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <input aria-label="Template name" placeholder="template name" className="narrow" value={tplName} onChange={(e) => setTplName(e.target.value)} />
          <button className="btn btn-small" disabled={!tplName.trim()} onClick={() => void saveTemplate()} data-testid="template-save">
            {namedTemplate ? 'Update template' : 'Save as template'}
          </button>
          {namedTemplate && (
            <button className="btn btn-small btn-danger" onClick={() => void deleteTemplate()} data-testid="template-delete">
              Delete
            </button>
          )}
        </div>
      </div>
      <div className="editor-wrap">
        <JsonEditor value={c.body} onChange={(v) => c.set({ body: v })} label="Request body (JSON)" testid="body-editor" />
        {problem ? (
          <div className="field-err" role="alert" data-testid="json-error">
            ✕ Line {problem.line}, column {problem.col}: {problem.message}
          </div>
        ) : large ? (
          <div className="hint" role="status" data-testid="large-body-note">
            Large body ({(c.body.length / 1e6).toFixed(1)} million characters): plain editor, no wrapping or highlighting; checked when typing pauses.
          </div>
        ) : (
          <div className="hint">
            Variables: <code>{'{{uuid}}'}</code> <code>{'{{now}}'}</code> <code>{'{{timestamp}}'}</code> <code>{'{{counter}}'}</code> — replaced when sent.
          </div>
        )}
      </div>
      <div className="grid2 pad-x">
        <div className="field">
          <label htmlFor="send-headers">Extra headers (Name: value per line)</label>
          <textarea
            id="send-headers"
            className="mono"
            rows={3}
            value={c.headers}
            onChange={(e) => c.set({ headers: e.target.value })}
            {...invalidProps('send-headers', headersProblem)}
          />
          <FieldError id="send-headers" error={headersProblem} testid="headers-error" />
        </div>
        <label className="field">
          <span>Content-Type</span>
          <input className="mono" value={c.contentType} onChange={(e) => c.set({ contentType: e.target.value })} />
        </label>
      </div>
    </div>
  )

  const right = (
    <div className="pane detail" data-testid="preview">
      <h3 className="h3">Preview — exactly what is sent</h3>
      {waiting && (
        <div className="hint warn-text pad-x" role="status" data-testid="preview-disabled">
          {waiting}
        </div>
      )}
      {previewErr && (
        <div className="errbox" data-testid="preview-error">
          {previewErr}
        </div>
      )}
      {previewErr ? null : !preview ? (
        <Empty title={problem ? 'Fix the JSON to see the preview' : 'Pick where to send'}>The signed headers and a cURL command appear here as you type.</Empty>
      ) : (
        <>
          <div className="small muted pad-x">
            message id <span className="mono">{preview.messageId}</span> (example — each send mints its own)
          </div>
          {preview.targets.length === 0 && <div className="pad muted">No enabled endpoint matches this event type.</div>}
          {preview.targets.map((t, i) => (
            <section key={i} className="preview-target" data-testid="preview-target">
              <div className="row gap">
                <span className="mono strong">{t.method}</span>
                <span className="mono ellip grow">{t.url}</span>
                <CopyButton text={t.curl} label={`Copy as cURL for ${t.url}`}>
                  Copy as cURL
                </CopyButton>
              </div>
              {t.note && (
                <div className="small muted" data-testid="preview-target-note">
                  {t.note}
                </div>
              )}
              <HeadersTable headers={t.headers} testid="preview-headers" />
            </section>
          ))}
          {preview.targets.length > 0 && (
            <section className="preview-target">
              <div className="small strong">Body{count > 1 ? ' of the first message (each fills in its own variables)' : ''}</div>
              <BodyView bodyBase64={preview.bodyBase64} contentType={c.contentType} truncated={preview.bodyTruncated} fullSize={previewFullSize} label="Body as sent" testid="preview-body" />
            </section>
          )}
        </>
      )}
    </div>
  )
  return <SplitPane id="send" initial={720} left={left} right={right} />
}
