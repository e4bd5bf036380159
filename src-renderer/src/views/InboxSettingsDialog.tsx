// Response script (e.g. "500, 500, 429 retry-after=2, hang, 200"), fail rate, verification, forward-to (and relaying its answers).
import { useEffect, useRef, useState } from 'react'
import type { InboxView } from '../../../src-preload/contract'
import { Dialog } from '../components/Dialog'
import { DEFAULT_HMAC, HmacFields } from '../components/HmacFields'
import { call, asCallError } from '../bridge'
import { formatHeaderLines, headerLinesProblem, parseHeaderLines } from '../lib/header-lines'
import { checkNumber } from '../lib/check-number'
import { useApp } from '../stores/app'
import { errorIssues, userMessage, type FieldLabels } from '../lib/user-error'
import { toast } from '../stores/toasts'
import { confirmAction } from '../stores/confirm'
import { FieldError, invalidProps } from '../components/FieldError'

type Scheme = 'none' | 'standard' | 'stripe' | 'github' | 'shopify' | 'slack' | 'hmac'
const SCHEMES: ReadonlyArray<[Exclude<Scheme, 'none'>, string]> = [
  ['standard', 'Standard Webhooks (Svix)'],
  ['stripe', 'Stripe'],
  ['github', 'GitHub'],
  ['shopify', 'Shopify'],
  ['slack', 'Slack'],
  ['hmac', 'Custom HMAC'],
]
/** The schemes that sign a timestamp, for which a tolerance means something. */
const TIMESTAMPED = new Set<Scheme>(['standard', 'stripe', 'slack'])
/** The contract's bounds for verification.toleranceSec (0 s to a year). */
const TOLERANCE = { min: 0, max: 31_536_000 }

/** inboxes.update's paths as this dialog labels them. */
const LABELS: FieldLabels = {
  responseScript: 'Response sequence',
  'response.failRate': 'Random failure rate',
  'response.headers': 'Response headers',
  'response.body': 'Response body',
  'response.relay': 'Answer with that server’s response',
  'verification.secret': 'Secret',
  'verification.secrets': 'Secrets',
  'verification.toleranceSec': 'Tolerance (s)',
  'verification.hmac.header': 'Header',
  'verification.hmac.prefix': 'Prefix',
  verification: 'Verify signatures',
  forwardTo: 'Forward to',
}

/** The receiver's catch-all inbox (DEFAULT_INBOX_SLUG in the engine). */
const DEFAULT_SLUG = 'default'

/** A secret typed in, never shown back (the stored one stays sealed in the engine). */
function SecretField(props: { id: string; label: string; value: string; onChange: (v: string) => void; placeholder: string; testid: string }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        className="mono"
        type="password"
        autoComplete="off"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        placeholder={props.placeholder}
        data-testid={props.testid}
      />
    </div>
  )
}

/** What providers want echoed when a webhook URL is registered (their "URL verification" handshakes). */
const HANDSHAKES: ReadonlyArray<{ id: string; label: string; body: string; headers: Array<[string, string]> }> = [
  { id: 'slack', label: 'Slack (url_verification: the challenge)', body: '{{body.challenge}}', headers: [['Content-Type', 'text/plain']] },
  { id: 'graph', label: 'Microsoft Graph (validationToken)', body: '{{query.validationToken}}', headers: [['Content-Type', 'text/plain']] },
  { id: 'dropbox', label: 'Dropbox (challenge)', body: '{{query.challenge}}', headers: [['Content-Type', 'text/plain'], ['X-Content-Type-Options', 'nosniff']] },
  { id: 'echo', label: 'Echo the request body', body: '{{body}}', headers: [['Content-Type', '{{header.Content-Type}}']] },
]

export function InboxSettingsDialog(props: { open: boolean; onOpenChange: (v: boolean) => void; inbox: InboxView }) {
  const ib = props.inbox
  const upsert = useApp((s) => s.upsertInbox)
  const refreshInboxes = useApp((s) => s.refreshInboxes)
  const [script, setScript] = useState('')
  const [failRate, setFailRate] = useState('0')
  const [scheme, setScheme] = useState<Scheme>('none')
  const [secret, setSecret] = useState('')
  const [previous, setPrevious] = useState('')
  const [tolerance, setTolerance] = useState('300')
  const [hmac, setHmac] = useState(DEFAULT_HMAC)
  const [forward, setForward] = useState('')
  const [relay, setRelay] = useState(false)
  const [headersText, setHeadersText] = useState('')
  const [body, setBody] = useState('')
  const [err, setErr] = useState<string | null>(null)
  /** The error at the Tolerance field (shown only while the field is). */
  const [toleranceErr, setToleranceErr] = useState<string | null>(null)
  /** Whether `err` is about verification only, so it goes when verification is turned off. */
  const [errAboutVerification, setErrAboutVerification] = useState(false)

  // Filled when the dialog opens (or shows another inbox), not on each live update of the inbox: its
  // capture count changes with every request, and refilling then wiped what the user was typing.
  const latest = useRef(ib)
  latest.current = ib
  useEffect(() => {
    if (!props.open) return
    const ib = latest.current
    setScript(ib.responseScript)
    setFailRate(String(ib.response.failRate))
    setScheme(ib.verification?.scheme ?? 'none')
    setSecret('')
    setPrevious('')
    setTolerance(String(ib.verification?.toleranceSec ?? 300))
    setHmac(ib.verification?.hmac ?? DEFAULT_HMAC)
    setForward(ib.forwardTo ?? '')
    setRelay(ib.response.relay)
    setHeadersText(formatHeaderLines(ib.response.headers))
    setBody(ib.response.body)
    setErr(null)
    setToleranceErr(null)
    setErrAboutVerification(false)
  }, [props.open, ib.id])

  // A field that is no longer shown takes its error with it.
  const pickScheme = (next: Scheme) => {
    setScheme(next)
    if (!TIMESTAMPED.has(next)) setToleranceErr(null)
    if (next === 'none' && errAboutVerification) {
      setErr(null)
      setErrAboutVerification(false)
    }
  }

  // The engine keeps the default inbox (every path outside /in/<slug>/ lands there): it can only be cleared.
  const remove = async () => {
    // The count shown elsewhere follows live updates a second behind: ask for it now.
    const fresh = await call('inboxes.list', {}, { quiet: true }).catch(() => null)
    const n = fresh?.find((i) => i.id === ib.id)?.captureCount ?? ib.captureCount
    const question = `Delete inbox "${ib.slug}" and its ${n} capture${n === 1 ? '' : 's'}? Requests to ${ib.url} will then be answered 404 and not captured.`
    if (!(await confirmAction({ title: 'Delete inbox', message: question, action: 'Delete inbox' }))) return
    const ok = await call('inboxes.delete', { id: ib.id }).catch(() => null)
    if (!ok) return
    toast.info('Inbox deleted', ib.slug)
    props.onOpenChange(false)
    await refreshInboxes().catch(() => undefined)
  }

  const save = async () => {
    setErr(null)
    setErrAboutVerification(false)
    setToleranceErr(null)
    // The tolerance counts only where the scheme signs a timestamp; "abc" is not taken as 0.
    const tol = scheme !== 'none' && TIMESTAMPED.has(scheme) ? checkNumber(tolerance, TOLERANCE) : null
    if (tol && 'error' in tol) return setToleranceErr(tol.error)
    const rate = Number(failRate)
    if (!(rate >= 0 && rate <= 1)) return setErr('Fail rate is a number from 0 to 1.')
    if (previous && !secret) return setErr('Enter the current secret too: the previous one is accepted beside it.')
    const { headers, invalid } = parseHeaderLines(headersText)
    const badHeaders = headerLinesProblem(invalid)
    if (badHeaders !== null) return setErr(`Response header${invalid.length > 1 ? 's' : ''} ${badHeaders}.`)
    try {
      const next = await call(
        'inboxes.update',
        {
          id: ib.id,
          patch: {
            responseScript: script.trim() || '200',
            // The script gives the steps; fail rate, shared headers and body go with them in one change.
            response: { failRate: rate, headers, body, relay: relay && forward.trim() !== '' },
            verification:
              scheme === 'none'
                ? null
                : {
                    scheme,
                    // Both while a sender rotates (the new one first); none keeps what is stored.
                    ...(secret && previous ? { secrets: [secret, previous] } : { secret: secret || undefined }),
                    ...(tol ? { toleranceSec: tol.value } : {}),
                    ...(scheme === 'hmac' ? { hmac } : {}),
                  },
            forwardTo: forward.trim() || null,
          },
        },
        { quiet: true },
      )
      upsert(next)
      toast.info('Inbox saved', next.slug)
      props.onOpenChange(false)
    } catch (e) {
      const error = asCallError(e)
      const issues = errorIssues(error.message)
      setErr(userMessage(error, LABELS))
      setErrAboutVerification(issues.every((i) => i.path?.[0] === 'verification'))
    }
  }

  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange} title={`Inbox ${ib.slug}`} description="How the receiver answers, how it checks signatures, and where it forwards." testid="inbox-settings-dialog">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <div className="field">
          <label htmlFor="ib-script">Response sequence</label>
          <input id="ib-script" className="mono" value={script} onChange={(e) => setScript(e.target.value)} placeholder="500, 500, 429 retry-after=2, hang, 200" data-testid="response-script" />
          <div className="hint">One step per request, the last one repeats. A status, optionally with retry-after=N or delay=MS; or hang.</div>
        </div>
        <div className="grid2">
          <div className="field">
            <label htmlFor="ib-fail">Random failure rate (0–1)</label>
            <input id="ib-fail" className="mono" value={failRate} onChange={(e) => setFailRate(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="ib-forward">Forward to (optional)</label>
            <input id="ib-forward" className="mono" value={forward} onChange={(e) => setForward(e.target.value)} placeholder="http://127.0.0.1:3000/webhooks" />
          </div>
        </div>
        <div className="field">
          <label className="check" title={forward.trim() ? undefined : 'Needs a forward-to URL.'}>
            <input type="checkbox" checked={relay && forward.trim() !== ''} disabled={!forward.trim()} onChange={(e) => setRelay(e.target.checked)} data-testid="relay" />
            Answer with that server’s response
          </label>
          <div className="hint">
            The sender gets its status, headers and body, like a proxy: a failing handler makes the sender retry. The response sequence, headers and body
            set here are then not used.
          </div>
        </div>
        <details open={ib.response.headers.length > 0 || ib.response.body !== ''} data-testid="response-custom">
          <summary>Response headers and body</summary>
          <div className="grid2">
            <div className="field">
              <label htmlFor="ib-headers">Headers, one per line</label>
              <textarea id="ib-headers" className="mono" rows={3} value={headersText} onChange={(e) => setHeadersText(e.target.value)} placeholder={'Access-Control-Allow-Origin: *\nAccess-Control-Allow-Headers: *'} />
            </div>
            <div className="field">
              <label htmlFor="ib-body">Body</label>
              <textarea id="ib-body" className="mono" rows={3} value={body} onChange={(e) => setBody(e.target.value)} placeholder='{"ok":true,"captureId":"cap_…"}' />
            </div>
          </div>
          <div className="row gap wrap">
            <label className="field-inline">
              <span>Answer a URL check</span>
              <select
                value=""
                onChange={(e) => {
                  const hs = HANDSHAKES.find((x) => x.id === e.target.value)
                  if (!hs) return
                  setBody(hs.body)
                  setHeadersText(formatHeaderLines(hs.headers))
                }}
                data-testid="handshake-preset"
              >
                <option value="">pick a provider…</option>
                {HANDSHAKES.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="hint">
            The headers go with every answer, the body with every answer but a random failure. Empty body: the default JSON with the capture id. Without a
            Content-Type header, a JSON body goes as application/json, other text as text/plain. Request values fill in where you write{' '}
            <code>{'{{body.challenge}}'}</code>, <code>{'{{body.a.b[0]}}'}</code>, <code>{'{{query.name}}'}</code>, <code>{'{{header.Origin}}'}</code>,{' '}
            <code>{'{{body}}'}</code>, <code>{'{{method}}'}</code>, <code>{'{{path}}'}</code> or <code>{'{{captureId}}'}</code> (a form body is read by
            field). A browser's CORS preflight (OPTIONS) is answered 204 with these headers and does not use up a step.
          </div>
        </details>
        <fieldset>
          <legend>Verify signatures</legend>
          <div className="grid3">
            <div className="field">
              <label htmlFor="ib-scheme">Scheme</label>
              <select id="ib-scheme" value={scheme} onChange={(e) => pickScheme(e.target.value as Scheme)} data-testid="verify-scheme">
                <option value="none">off</option>
                {SCHEMES.map(([id, label]) => (
                  <option key={id} value={id}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            {scheme !== 'none' && (
              <>
                <SecretField id="ib-secret" label="Secret" value={secret} onChange={setSecret} placeholder={ib.verification?.hasSecret ? '(unchanged)' : ''} testid="verify-secret" />
                {TIMESTAMPED.has(scheme) && (
                  <div className="field">
                    <label htmlFor="ib-tol">Tolerance (s)</label>
                    <input
                      id="ib-tol"
                      className="mono"
                      value={tolerance}
                      onChange={(e) => setTolerance(e.target.value)}
                      {...invalidProps('ib-tol', toleranceErr)}
                    />
                    <FieldError id="ib-tol" error={toleranceErr} testid="tolerance-error" />
                  </div>
                )}
              </>
            )}
          </div>
          {scheme !== 'none' && (
            <SecretField
              id="ib-previous"
              label="Previous secret, also accepted while senders rotate (optional)"
              value={previous}
              onChange={setPrevious}
              placeholder={(ib.verification?.secretCount ?? 0) > 1 ? `(${ib.verification?.secretCount} secrets stored; enter both to change them)` : ''}
              testid="verify-previous-secret"
            />
          )}
          {scheme === 'hmac' && <HmacFields idPrefix="ib" value={hmac} onChange={setHmac} />}
        </fieldset>
        {err && (
          <div className="errbox" role="alert" data-testid="inbox-error">
            {err}
          </div>
        )}
        <div className="dlg-actions">
          {ib.slug !== DEFAULT_SLUG && (
            <>
              <button type="button" className="btn btn-danger" onClick={() => void remove()} data-testid="inbox-delete">
                Delete inbox…
              </button>
              <span className="grow" />
            </>
          )}
          <button type="button" className="btn" onClick={() => props.onOpenChange(false)}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" data-testid="inbox-save">
            Save
          </button>
        </div>
      </form>
    </Dialog>
  )
}
