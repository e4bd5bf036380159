// Create/edit an endpoint. The form is checked with the contract's EndpointInput schema on the
// client (errors shown at the field, in plain words); the server's refusals are shown at the field too.
import { useEffect, useState } from 'react'
import { EndpointInput, type EndpointView } from '../../../src-preload/contract'
import { HmacFields } from '../components/HmacFields'
import { RetryPlan } from '../components/RetryPlan'
import { formatHeaderLines, headerLinesProblem, parseHeaderLines } from '../lib/header-lines'
import { withDefaultScheme } from '../lib/url-scheme'
import { Dialog } from '../components/Dialog'
import { call, asCallError } from '../bridge'
import { useApp } from '../stores/app'
import { toast } from '../stores/toasts'
import { formatDuration, parseDelayList, parseDurationMs } from '../lib/duration'
import { errorIssues, plainIssue, userMessage, type FieldLabels } from '../lib/user-error'
import { FieldError, invalidProps } from '../components/FieldError'

type Scheme = 'none' | 'standard' | 'stripe' | 'github' | 'shopify' | 'slack' | 'hmac'
type SchedKind = 'default' | 'exponential' | 'list' | 'preset'

interface Form {
  name: string
  url: string
  method: string
  headers: string
  eventTypes: string
  scheme: Scheme
  secret: string
  hmacHeader: string
  hmacAlgo: 'sha1' | 'sha256' | 'sha512'
  hmacEnc: 'hex' | 'base64'
  hmacPrefix: string
  schedKind: SchedKind
  base: string
  cap: string
  list: string
  preset: 'svix' | 'stripe' | 'github'
  maxAttempts: string
  jitter: boolean
  timeScale: string
  timeout: string
  rateLimit: string
  maxConcurrency: string
  breakerThreshold: string
  breakerCooldown: string
  autoDisableAfter: string
  enabled: boolean
}

function fromView(e: EndpointView | null): Form {
  const sched = e?.retry.schedule
  return {
    name: e?.name ?? '',
    url: e?.url ?? '',
    method: e?.method ?? 'POST',
    headers: formatHeaderLines(e?.headers ?? []),
    eventTypes: (e?.eventTypes ?? []).join(', '),
    scheme: (e?.signing.scheme ?? 'standard') as Scheme,
    secret: '',
    hmacHeader: e?.signing.hmac?.header ?? 'X-Signature',
    hmacAlgo: e?.signing.hmac?.algorithm ?? 'sha256',
    hmacEnc: e?.signing.hmac?.encoding ?? 'hex',
    hmacPrefix: e?.signing.hmac?.prefix ?? '',
    schedKind: e ? (sched?.kind ?? 'exponential') : 'default',
    base: sched?.kind === 'exponential' ? formatDuration(sched.baseMs) : '1s',
    cap: sched?.kind === 'exponential' ? formatDuration(sched.capMs) : '1h',
    list: sched?.kind === 'list' ? sched.delaysMs.map(formatDuration).join(', ') : '1s, 5s, 30s',
    preset: sched?.kind === 'preset' ? sched.preset : 'svix',
    maxAttempts: String(e?.retry.maxAttempts ?? 8),
    jitter: e?.retry.jitter ?? true,
    timeScale: String(e?.retry.timeScale ?? 1),
    timeout: e ? formatDuration(e.timeoutMs) : '15s',
    rateLimit: e?.rateLimitPerSec != null ? String(e.rateLimitPerSec) : '',
    maxConcurrency: String(e?.maxConcurrency ?? 16),
    breakerThreshold: String(e?.breaker.threshold ?? 5),
    breakerCooldown: formatDuration(e?.breaker.cooldownMs ?? 30_000),
    autoDisableAfter: e?.autoDisableAfter != null ? String(e.autoDisableAfter) : '',
    enabled: e?.enabled ?? true,
  }
}

type Errors = Record<string, string>

/** The contract's paths as this dialog labels them, for messages that are not shown at a field. */
const LABELS: FieldLabels = {
  name: 'Name',
  url: 'URL',
  method: 'Method',
  headers: 'Custom headers',
  eventTypes: 'Event types',
  signing: 'Signing',
  'signing.secret': 'Secret',
  'retry.schedule.delaysMs': 'Delays',
  'retry.schedule.baseMs': 'Base',
  'retry.schedule.capMs': 'Cap',
  'retry.schedule': 'Schedule',
  'retry.maxAttempts': 'Max attempts',
  'retry.timeScale': 'Time scale',
  timeoutMs: 'Timeout',
  rateLimitPerSec: 'Rate limit',
  maxConcurrency: 'Max concurrency',
  breakerThreshold: 'Open after (failures)',
  breakerCooldownMs: 'Cool-down',
  autoDisableAfter: 'Turn off after (failures)',
}

/** Which form field shows an issue at the contract's path (the fields' ids are ep-<key>). */
function fieldKey(path: readonly string[]): string {
  const [top, second, third] = path
  if (top === 'retry') {
    if (second !== 'schedule') return second ?? 'retry'
    return third === 'delaysMs' ? 'list' : third === 'baseMs' ? 'base' : third === 'capMs' ? 'cap' : 'schedule'
  }
  if (top === 'signing') return 'signing'
  return top ?? 'form'
}

function toInput(f: Form, editing: boolean): { input: { retry: unknown } & Record<string, unknown>; errors: Errors } {
  const errors: Errors = {}
  const { headers, invalid } = parseHeaderLines(f.headers)
  const badHeaders = headerLinesProblem(invalid)
  if (badHeaders !== null) errors.headers = badHeaders
  const timeoutMs = parseDurationMs(f.timeout)
  if (timeoutMs == null) errors.timeoutMs = 'use a duration like 15s or 500ms'
  const breakerCooldownMs = parseDurationMs(f.breakerCooldown)
  if (breakerCooldownMs == null) errors.breakerCooldownMs = 'use a duration like 30s or 5m'
  // Whole-number fields get a plain message here; the schema below would also refuse them, in its own words.
  const count = (key: string, v: string, max: number, optional = false): number | null => {
    if (optional && v.trim() === '') return null
    const n = Number(v)
    if (v.trim() === '' || !Number.isInteger(n) || n < 1 || n > max) errors[key] = `a whole number from 1 to ${max.toLocaleString('en-US')}${optional ? ', or empty' : ''}`
    return v.trim() === '' ? 0 : n
  }
  let schedule: unknown
  if (f.schedKind === 'exponential') {
    const b = parseDurationMs(f.base)
    const c = parseDurationMs(f.cap)
    if (b == null) errors.base = 'use a duration like 1s'
    if (c == null) errors.cap = 'use a duration like 1h'
    schedule = { kind: 'exponential', baseMs: b ?? 0, capMs: c ?? 0 }
  } else if (f.schedKind === 'list') {
    // Each part that is not a delay is named, rather than the schema's "too small" for the list left over.
    const { delays, problems } = parseDelayList(f.list)
    if (problems.length > 0) errors.list = `Delays: ${problems.join('; ')}`
    // The plan below is not drawn from a list with a part left out.
    schedule = { kind: 'list', delaysMs: problems.length > 0 ? [] : delays }
  } else if (f.schedKind === 'preset') schedule = { kind: 'preset', preset: f.preset }
  const retry =
    f.schedKind === 'default'
      ? undefined
      : { schedule, maxAttempts: Number(f.maxAttempts), jitter: f.jitter, timeScale: Number(f.timeScale) }
  const signing =
    f.scheme === 'none'
      ? { scheme: 'none' }
      : {
          scheme: f.scheme,
          secret: f.secret || undefined,
          hmac: f.scheme === 'hmac' ? { header: f.hmacHeader, algorithm: f.hmacAlgo, encoding: f.hmacEnc, prefix: f.hmacPrefix } : undefined,
        }
  if (!editing && f.scheme !== 'none' && !f.secret) errors['signing'] = 'a secret is needed to sign; press Generate'
  const input = {
    name: f.name.trim(),
    // "localhost:3000/hook" is taken as http://, as replays take it (the field says so).
    url: withDefaultScheme(f.url).url,
    method: f.method,
    headers,
    eventTypes: f.eventTypes
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    signing,
    retry,
    timeoutMs: timeoutMs ?? -1,
    rateLimitPerSec: f.rateLimit.trim() ? Number(f.rateLimit) : null,
    maxConcurrency: count('maxConcurrency', f.maxConcurrency, 1024),
    breakerThreshold: count('breakerThreshold', f.breakerThreshold, 1000),
    breakerCooldownMs: breakerCooldownMs ?? -1,
    autoDisableAfter: count('autoDisableAfter', f.autoDisableAfter, 100_000, true),
    enabled: f.enabled,
  }
  const parsed = EndpointInput.safeParse(input)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[fieldKey(issue.path.map(String))] ??= plainIssue(issue.message)
  }
  return { input, errors }
}

/** The server's "input.patch.url: message; …" issues, keyed by the form's field names, in plain words. */
function serverFieldErrors(message: string): Errors {
  const out: Errors = {}
  for (const issue of errorIssues(message)) if (issue.path && issue.path.length > 0) out[fieldKey(issue.path)] ??= issue.message
  return out
}

function Field(props: { label: string; error?: string; children: React.ReactNode; hint?: string; id: string }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
      {props.hint && !props.error && (
        <div className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </div>
      )}
      <FieldError id={props.id} error={props.error} testid={`err-${props.id}`} />
    </div>
  )
}

export function EndpointDialog(props: {
  open: boolean
  onOpenChange: (v: boolean) => void
  endpoint: EndpointView | null
  defaults?: Partial<Form>
  /** Called with the endpoint as stored, once created or saved (before the dialog closes). */
  onSaved?: (e: EndpointView) => void
}) {
  const [f, setF] = useState<Form>(() => fromView(props.endpoint))
  const [errors, setErrors] = useState<Errors>({})
  const [serverError, setServerError] = useState<string | null>(null)
  const [showSecret, setShowSecret] = useState(false)
  const upsert = useApp((s) => s.upsertEndpoint)
  useEffect(() => {
    if (props.open) {
      setF({ ...fromView(props.endpoint), ...props.defaults })
      setErrors({})
      setServerError(null)
      setShowSecret(false)
    }
  }, [props.open, props.endpoint, props.defaults])
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setF((x) => ({ ...x, [k]: v }))
  // A provider preset is a whole schedule: picking one sets max attempts to its length (Stripe's three
  // days are 15 attempts), as the engine counts it; the user can still lower or raise it.
  const pickPreset = (preset: Form['preset']) => {
    setF((x) => ({ ...x, schedKind: 'preset', preset }))
    void call('endpoints.retryPlan', { retry: { schedule: { kind: 'preset', preset }, jitter: false, timeScale: 1 } }, { quiet: true }).then(
      (p) => setF((x) => (x.schedKind === 'preset' && x.preset === preset ? { ...x, maxAttempts: String(p.delaysMs.length + 1) } : x)),
      () => undefined,
    )
  }
  const ep = props.endpoint
  const editing = ep != null
  const urlScheme = withDefaultScheme(f.url)

  const generate = async () => {
    if (f.scheme === 'none') return
    try {
      const { secret } = await call('endpoints.generateSecret', { scheme: f.scheme })
      set('secret', secret)
      setShowSecret(true)
    } catch {
      /* toast shown */
    }
  }

  const save = async () => {
    const { input, errors: errs } = toInput(f, editing)
    setErrors(errs)
    if (Object.keys(errs).length > 0) return
    try {
      const e = ep
        ? await call('endpoints.update', { id: ep.id, patch: input as EndpointInput }, { quiet: true })
        : await call('endpoints.create', input as EndpointInput, { quiet: true })
      upsert(e)
      props.onSaved?.(e)
      toast.info(editing ? 'Endpoint saved' : 'Endpoint created', e.name)
      props.onOpenChange(false)
    } catch (err) {
      const e = asCallError(err)
      const atFields = e.code === 'E_INVALID_INPUT' ? serverFieldErrors(e.message) : {}
      if (Object.keys(atFields).length > 0) setErrors(atFields)
      setServerError(userMessage(e, LABELS))
    }
  }

  const inp = (k: keyof Form, extra: React.InputHTMLAttributes<HTMLInputElement> = {}) => ({
    id: `ep-${k}`,
    value: String(f[k]),
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(k, e.target.value as never),
    ...invalidProps(`ep-${k}`, errors[k]),
    ...extra,
  })

  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange} title={ep ? `Edit ${ep.name}` : 'New endpoint'} description="Where Hooklab delivers, how it signs, and how it retries." wide testid="endpoint-dialog">
      <form
        className="form"
        // The contract's schema checks every field and says why at the field; the browser's own
        // number-range bubbles would stop the submit before it, with a different message.
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <div className="grid2">
          <Field label="Name" id="ep-name" error={errors.name}>
            <input {...inp('name')} placeholder="Orders service" autoFocus />
          </Field>
          <Field label="Method" id="ep-method">
            <select id="ep-method" value={f.method} onChange={(e) => set('method', e.target.value)}>
              {['POST', 'PUT', 'PATCH', 'DELETE', 'GET'].map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </Field>
        </div>
        <Field label="URL" id="ep-url" error={errors.url} hint={urlScheme.assumed ? `Saved as ${urlScheme.url} (no scheme given: http://, as a browser would)` : undefined}>
          <input {...inp('url', { 'aria-describedby': errors.url ? 'ep-url-err' : urlScheme.assumed ? 'ep-url-hint' : undefined })} className="mono" placeholder="https://example.com/webhooks" />
        </Field>
        <div className="grid2">
          <Field label="Custom headers" id="ep-headers" error={errors.headers} hint="One per line: Name: value">
            <textarea id="ep-headers" className="mono" rows={3} value={f.headers} onChange={(e) => set('headers', e.target.value)} />
          </Field>
          <Field label="Event types (filter)" id="ep-eventTypes" error={errors.eventTypes} hint="Comma-separated; empty receives every event">
            <input {...inp('eventTypes')} className="mono" placeholder="order.created, order.paid" />
          </Field>
        </div>
        <fieldset>
          <legend>Signing</legend>
          <div className="grid2">
            <Field label="Scheme" id="ep-scheme" error={errors.signing}>
              <select id="ep-scheme" value={f.scheme} onChange={(e) => set('scheme', e.target.value as Scheme)}>
                <option value="none">none (unsigned)</option>
                <option value="standard">Standard Webhooks (Svix)</option>
                <option value="stripe">Stripe</option>
                <option value="github">GitHub</option>
                <option value="shopify">Shopify</option>
                <option value="slack">Slack</option>
                <option value="hmac">Custom HMAC</option>
              </select>
            </Field>
            {f.scheme !== 'none' && (
              <Field label="Secret" id="ep-secret" hint={ep?.signing.hasSecret ? 'Leave empty to keep the stored secret; a new one rotates it' : undefined}>
                <div className="row gap">
                  <input {...inp('secret')} type={showSecret ? 'text' : 'password'} className="mono grow" autoComplete="off" />
                  <button type="button" className="btn btn-small" onClick={() => void generate()} data-testid="generate-secret">
                    Generate
                  </button>
                </div>
              </Field>
            )}
          </div>
          {f.scheme === 'hmac' && (
            <HmacFields
              idPrefix="ep"
              value={{ header: f.hmacHeader, algorithm: f.hmacAlgo, encoding: f.hmacEnc, prefix: f.hmacPrefix }}
              onChange={(h) => setF((cur) => ({ ...cur, hmacHeader: h.header, hmacAlgo: h.algorithm, hmacEnc: h.encoding, hmacPrefix: h.prefix }))}
            />
          )}
        </fieldset>
        <fieldset>
          <legend>Retries</legend>
          <div className="grid4">
            <Field label="Schedule" id="ep-schedKind" error={errors.schedule}>
              <select
                id="ep-schedKind"
                value={f.schedKind}
                onChange={(e) => (e.target.value === 'preset' ? pickPreset(f.preset) : set('schedKind', e.target.value as SchedKind))}
              >
                {!editing && <option value="default">engine default</option>}
                <option value="exponential">exponential + jitter</option>
                <option value="list">fixed list</option>
                <option value="preset">provider preset</option>
              </select>
            </Field>
            {f.schedKind === 'exponential' && (
              <>
                <Field label="Base" id="ep-base" error={errors.base}>
                  <input {...inp('base')} className="mono" />
                </Field>
                <Field label="Cap" id="ep-cap" error={errors.cap}>
                  <input {...inp('cap')} className="mono" />
                </Field>
              </>
            )}
            {f.schedKind === 'list' && (
              <Field label="Delays" id="ep-list" error={errors.list}>
                <input {...inp('list')} className="mono" />
              </Field>
            )}
            {f.schedKind === 'preset' && (
              <Field label="Preset" id="ep-preset">
                <select id="ep-preset" value={f.preset} onChange={(e) => pickPreset(e.target.value as Form['preset'])}>
                  <option value="svix">Svix (5s … 10h)</option>
                  <option value="stripe">Stripe (up to 3 days)</option>
                  <option value="github">GitHub (no retries)</option>
                </select>
              </Field>
            )}
          </div>
          {f.schedKind !== 'default' && (
            <div className="grid4">
              <Field label="Max attempts" id="ep-maxAttempts" error={errors.maxAttempts}>
                <input {...inp('maxAttempts')} type="number" min={1} max={100} />
              </Field>
              <Field label="Time scale" id="ep-timeScale" error={errors.timeScale} hint="1 = real time; 0.001 plays days in minutes">
                <input {...inp('timeScale')} className="mono" />
              </Field>
              {f.schedKind === 'exponential' && (
                <div className="field">
                  <span className="label">Jitter</span>
                  <label className="check">
                    <input type="checkbox" checked={f.jitter} onChange={(e) => set('jitter', e.target.checked)} /> full jitter
                  </label>
                </div>
              )}
            </div>
          )}
          <RetryPlan retry={toInput(f, editing).input.retry} />
        </fieldset>
        <fieldset>
          <legend>Limits</legend>
          <div className="grid4">
            <Field label="Timeout" id="ep-timeout" error={errors.timeoutMs}>
              <input {...inp('timeout')} className="mono" />
            </Field>
            <Field label="Max concurrency" id="ep-maxConcurrency" error={errors.maxConcurrency} hint="Attempts in flight at once">
              <input {...inp('maxConcurrency')} type="number" min={1} max={1024} />
            </Field>
            <Field label="Rate limit (req/s)" id="ep-rateLimit" error={errors.rateLimitPerSec} hint="Empty = unlimited">
              <input {...inp('rateLimit')} className="mono" />
            </Field>
            <div className="field">
              <span className="label">State</span>
              <label className="check">
                <input type="checkbox" checked={f.enabled} onChange={(e) => set('enabled', e.target.checked)} /> enabled
              </label>
            </div>
          </div>
        </fieldset>
        <fieldset>
          <legend>Circuit breaker</legend>
          <div className="grid4">
            <Field label="Open after (failures)" id="ep-breakerThreshold" error={errors.breakerThreshold} hint="Consecutive failed attempts">
              <input {...inp('breakerThreshold')} type="number" min={1} max={1000} />
            </Field>
            <Field label="Cool-down" id="ep-breakerCooldown" error={errors.breakerCooldownMs} hint="Then one probe attempt">
              <input {...inp('breakerCooldown', invalidProps('ep-breakerCooldown', errors.breakerCooldownMs))} className="mono" />
            </Field>
            <Field label="Turn off after (failures)" id="ep-autoDisableAfter" error={errors.autoDisableAfter} hint="Empty = never">
              <input {...inp('autoDisableAfter')} type="number" min={1} max={100000} />
            </Field>
          </div>
        </fieldset>
        {serverError && (
          <div className="errbox" role="alert" data-testid="server-error">
            {serverError}
          </div>
        )}
        <div className="dlg-actions">
          <button type="button" className="btn" onClick={() => props.onOpenChange(false)}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" data-testid="endpoint-save">
            {editing ? 'Save' : 'Create endpoint'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
