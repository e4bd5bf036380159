// Settings: theme, local TLS trust, receiver port and bind address, retention; where the data lives.
// Numbers are checked at their field before anything is saved (an emptied field is not a 0). The
// port field shows where the receiver listens now, which `serve --receiver-port` (or a saved 0) can
// make differ from the saved setting: saving sends the saved port unless the user typed another.
import { useState } from 'react'
import type { Settings } from '../../../src-preload/contract'
import { call, asCallError } from '../bridge'
import { useApp } from '../stores/app'
import { toast } from '../stores/toasts'
import { ShortcutsTable } from './ShortcutsDialog'
import { CopyButton } from '../components/CopyButton'
import { errorIssues, userMessage, type FieldLabels } from '../lib/user-error'
import { checkNumber } from '../lib/check-number'
import { FieldError, invalidProps } from '../components/FieldError'

type NumKey = 'receiverPort' | 'receiverHttpsPort' | 'maxCapturesPerInbox' | 'maxCaptureAgeDays' | 'maxAttemptAgeDays'

/** Each number field's label and range (the contract's Settings schema). */
const NUMS: Readonly<Record<NumKey, { label: string; min: number; max: number }>> = {
  receiverPort: { label: 'Port (0 = any free port)', min: 0, max: 65535 },
  receiverHttpsPort: { label: 'HTTPS port (0 = any free port)', min: 0, max: 65535 },
  maxCapturesPerInbox: { label: 'Captures kept per inbox', min: 10, max: 10_000_000 },
  maxCaptureAgeDays: { label: 'Capture age (days)', min: 1, max: 3650 },
  maxAttemptAgeDays: { label: 'Attempt age (days)', min: 1, max: 3650 },
}

/** settings.update's paths as this view labels them. */
const LABELS: FieldLabels = {
  receiverPort: 'Port',
  receiverHttpsPort: 'HTTPS port',
  receiverHost: 'Bind address',
  'retention.maxCapturesPerInbox': 'Captures kept per inbox',
  'retention.maxCaptureAgeDays': 'Capture age (days)',
  'retention.maxAttemptAgeDays': 'Attempt age (days)',
}

function NumberField(props: { k: NumKey; value: string; error?: string; onChange: (v: string) => void; testid?: string; children?: React.ReactNode }) {
  const { label, min, max } = NUMS[props.k]
  return (
    <div className="field">
      <label htmlFor={`set-${props.k}`}>{label}</label>
      <input
        id={`set-${props.k}`}
        type="number"
        min={min}
        max={max}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        {...invalidProps(`set-${props.k}`, props.error)}
        data-testid={props.testid}
      />
      {props.children}
      <FieldError id={`set-${props.k}`} error={props.error} testid={`err-${props.k}`} />
    </div>
  )
}

const textsOf = (s: Settings | null): Record<NumKey, string> => ({
  receiverPort: String(s?.receiverPort ?? ''),
  receiverHttpsPort: String(s?.receiverHttpsPort ?? 8788),
  maxCapturesPerInbox: String(s?.retention.maxCapturesPerInbox ?? ''),
  maxCaptureAgeDays: String(s?.retention.maxCaptureAgeDays ?? ''),
  maxAttemptAgeDays: String(s?.retention.maxAttemptAgeDays ?? ''),
})

/** The port in an http(s)://host:port URL, or null. */
function portOf(url: string | null): number | null {
  if (!url) return null
  try {
    const p = new URL(url).port
    return p === '' ? null : Number(p)
  } catch {
    return null
  }
}

export function SettingsView() {
  const info = useApp((s) => s.info)
  const settings = useApp((s) => s.settings)
  const setSettings = useApp((s) => s.setSettings)
  // Only what the user changed and has not applied is kept here; every other field shows the saved
  // settings. So saving one section (or a change from another window) leaves another section's
  // unsaved edits as typed, and a section's own edits are let go when it is applied.
  const [typed, setTyped] = useState<Partial<Record<NumKey, string>>>({})
  // The port field untouched shows where the receiver listens; null = untouched.
  const [portText, setPortText] = useState<string | null>(null)
  const [hostPicked, setHostPicked] = useState<Settings['receiverHost'] | null>(null)
  const [httpsPicked, setHttpsPicked] = useState<boolean | null>(null)
  // The TLS trust toggle shows the new value while it is being saved.
  const [trustSaving, setTrustSaving] = useState<boolean | null>(null)
  const [errors, setErrors] = useState<Partial<Record<NumKey, string>>>({})
  if (!settings || !info) return null
  const texts = { ...textsOf(settings), ...typed }
  const draft: Settings = {
    ...settings,
    trustLocalTls: trustSaving ?? settings.trustLocalTls,
    receiverHost: hostPicked ?? settings.receiverHost,
    receiverHttpsPort: (httpsPicked ?? settings.receiverHttpsPort !== null) ? (settings.receiverHttpsPort ?? 8788) : null,
  }

  const listening = portOf(info.receiverUrl)
  const shownPort = String(listening ?? draft.receiverPort)
  const savedPort = settings.receiverPort

  const setText = (k: NumKey, v: string) => {
    setTyped((t) => ({ ...t, [k]: v }))
    setErrors((e) => ({ ...e, [k]: undefined }))
  }
  /** The fields' numbers, or null with each bad one's message set at its field. */
  const check = <K extends NumKey>(values: Record<K, string>): Record<K, number> | null => {
    const out = {} as Record<K, number>
    const bad: Partial<Record<NumKey, string>> = {}
    for (const k of Object.keys(values) as K[]) {
      const r = checkNumber(values[k], NUMS[k])
      if ('error' in r) bad[k] = r.error
      else out[k] = r.value
    }
    setErrors((e) => ({ ...e, ...Object.fromEntries((Object.keys(values) as K[]).map((k) => [k, bad[k]])) }))
    return Object.keys(bad).length > 0 ? null : out
  }

  const save = async (patch: Partial<Settings>) => {
    const next = await call('settings.update', { patch }, { quiet: true }).catch((err: unknown) => {
      const e = asCallError(err)
      // A refusal that names a number field is shown there; anything else in a toast.
      const atFields: Partial<Record<NumKey, string>> = {}
      for (const issue of errorIssues(e.message)) {
        const key = issue.path?.[issue.path.length - 1]
        if (key && key in NUMS) atFields[key as NumKey] = issue.message
      }
      if (Object.keys(atFields).length > 0) setErrors((x) => ({ ...x, ...atFields }))
      else toast.error(e.code, userMessage(e, LABELS))
      return null
    })
    if (next) {
      setSettings(next)
      toast.info('Settings saved')
      // Where the receiver now listens (a port, https), and the inboxes' addresses with it.
      if (patch.receiverPort !== undefined || patch.receiverHost !== undefined || patch.receiverHttpsPort !== undefined) {
        const fresh = await call('app.info', {}, { quiet: true }).catch(() => null)
        if (fresh) useApp.setState({ info: fresh })
        await useApp.getState().refreshInboxes().catch(() => undefined)
      }
    }
    return next
  }
  /** Lets go of what was typed in fields whose values were just saved: they show the saved settings. */
  const applied = (keys: readonly NumKey[]) => setTyped((t) => Object.fromEntries(Object.entries(t).filter(([k]) => !keys.includes(k as NumKey))))
  // Shown at once; back to what is stored if saving fails.
  const toggleTrust = async (on: boolean) => {
    setTrustSaving(on)
    await save({ trustLocalTls: on })
    setTrustSaving(null)
  }
  const applyReceiver = () => {
    const https = draft.receiverHttpsPort !== null
    // Untouched (or typed back to where it listens), the port field sends the saved port: the receiver stays put.
    const portTyped = portText !== null && portText.trim() !== shownPort
    const port = check({ receiverPort: portTyped ? (portText ?? '') : String(savedPort) })
    const httpsPort = https ? check({ receiverHttpsPort: texts.receiverHttpsPort }) : null
    if (!port || (https && !httpsPort)) return
    void save({ receiverPort: port.receiverPort, receiverHost: draft.receiverHost, receiverHttpsPort: httpsPort?.receiverHttpsPort ?? null }).then((next) => {
      if (!next) return
      setPortText(null)
      setHostPicked(null)
      setHttpsPicked(null)
      applied(['receiverHttpsPort'])
    })
  }
  const applyRetention = () => {
    const nums = check({ maxCapturesPerInbox: texts.maxCapturesPerInbox, maxCaptureAgeDays: texts.maxCaptureAgeDays, maxAttemptAgeDays: texts.maxAttemptAgeDays })
    if (nums) void save({ retention: nums }).then((next) => next && applied(['maxCapturesPerInbox', 'maxCaptureAgeDays', 'maxAttemptAgeDays']))
  }
  const portNote =
    listening === null || listening === savedPort
      ? null
      : savedPort === 0
        ? `Listening on ${listening}, a free port picked at start (saved: 0)`
        : `Listening on ${listening} for this run${info.mode === 'browser' ? ' (--receiver-port)' : ''}; saved: ${savedPort}`

  return (
    <div className="pane settings" data-testid="settings">
      <section className="section">
        <h2 className="h2">Appearance</h2>
        <div role="radiogroup" aria-label="Theme" className="seg">
          {(['light', 'dark', 'system'] as const).map((t) => (
            <button key={t} role="radio" aria-checked={draft.theme === t} className={draft.theme === t ? 'on' : ''} onClick={() => void save({ theme: t })} data-testid={`theme-${t}`}>
              {t}
            </button>
          ))}
        </div>
      </section>
      <section className="section">
        <h2 className="h2">Sending</h2>
        <label className="check">
          <input type="checkbox" checked={draft.trustLocalTls} onChange={(e) => void toggleTrust(e.target.checked)} data-testid="trust-local-tls" /> Accept a dev
          server&apos;s own certificate on this machine (https://localhost, 127.0.0.1, ::1)
        </label>
        <div className="hint">
          Local https servers often use a certificate your browser trusts and Node does not (self-signed, mkcert, dotnet dev-certs). Applies to deliveries and
          forwarding; every other host is always verified.
        </div>
      </section>
      <section className="section">
        <h2 className="h2">Receiver</h2>
        <div className="grid3">
          <NumberField
            k="receiverPort"
            value={portText ?? shownPort}
            error={errors.receiverPort}
            onChange={(v) => {
              setPortText(v)
              setErrors((e) => ({ ...e, receiverPort: undefined }))
            }}
          >
            {portNote && !errors.receiverPort && (
              <div className="hint" data-testid="receiver-port-note">
                {portNote}
              </div>
            )}
          </NumberField>
          <label className="field">
            <span>Bind address</span>
            <select value={draft.receiverHost} onChange={(e) => setHostPicked(e.target.value as Settings['receiverHost'])}>
              <option value="127.0.0.1">127.0.0.1 (this machine only)</option>
              <option value="0.0.0.0">0.0.0.0 (all interfaces — reachable from the network)</option>
            </select>
          </label>
          <div className="field">
            <span className="label">Current receiver</span>
            <code className="mono">{info.receiverUrl ?? 'not running'}</code>
            {info.receiverHttpsUrl && <code className="mono">{info.receiverHttpsUrl}</code>}
          </div>
        </div>
        <div className="grid3">
          <div className="field">
            <span className="label">HTTPS</span>
            <label className="check">
              <input
                type="checkbox"
                checked={draft.receiverHttpsPort !== null}
                onChange={(e) => setHttpsPicked(e.target.checked)}
                data-testid="receiver-https"
              />
              Also over https
            </label>
            {draft.receiverHttpsPort === null && info.receiverHttpsUrl && (
              <div className="hint" data-testid="receiver-https-note">
                Running over https for this run (--receiver-https-port), not saved: turn it on here to keep it.
              </div>
            )}
          </div>
          {draft.receiverHttpsPort !== null && (
            <NumberField k="receiverHttpsPort" value={texts.receiverHttpsPort} error={errors.receiverHttpsPort} onChange={(v) => setText('receiverHttpsPort', v)} testid="receiver-https-port" />
          )}
        </div>
        {(draft.receiverHttpsPort !== null || info.receiverHttpsUrl) && (
          <div className="hint">
            For a sender that only posts to https URLs. The receiver uses its own certificate for localhost, 127.0.0.1 and ::1, made on first use:{' '}
            <code className="mono" data-testid="receiver-cert-file">
              {info.receiverCertFile}
            </code>{' '}
            <CopyButton text={info.receiverCertFile} label="Copy the certificate's path" />. Trust it in the sender (Node: <code>NODE_EXTRA_CA_CERTS=…</code>, curl:{' '}
            <code>--cacert …</code>); Hooklab's own deliveries accept it while local dev certificates are trusted (above).
          </div>
        )}
        {draft.receiverHost === '0.0.0.0' && <div className="hint warn-text">Anyone on your network can send to the inbox; use the allow-list for known senders.</div>}
        <button className="btn" onClick={applyReceiver}>
          Apply receiver settings
        </button>
      </section>
      <section className="section">
        <h2 className="h2">Retention</h2>
        <div className="grid3">
          {(['maxCapturesPerInbox', 'maxCaptureAgeDays', 'maxAttemptAgeDays'] as const).map((k) => (
            <NumberField key={k} k={k} value={texts[k]} error={errors[k]} onChange={(v) => setText(k, v)} />
          ))}
        </div>
        <p className="small muted">
          Age counts back from the newest capture or delivery (from now once something new arrives), so a clock set ahead cannot empty them, and what
          was caught before a quiet spell stays until new traffic comes.
        </p>
        <button className="btn" onClick={applyRetention}>
          Apply retention
        </button>
      </section>
      <section className="section">
        <h2 className="h2">Data</h2>
        <dl className="meta">
          <dt>Data directory</dt>
          <dd>
            <span className="mono" data-testid="home-dir">
              {info.home}
            </span>{' '}
            <CopyButton text={info.home} label="Copy data directory" />
          </dd>
          <dt>Database</dt>
          <dd className="mono">{info.dbFile}</dd>
          <dt>Version</dt>
          <dd className="mono">
            {info.version} · {info.mode} · {info.platform}
          </dd>
        </dl>
        <p className="small muted">
          The CLI uses the same data: <code>hooklab send … --home {info.home}</code>
        </p>
      </section>
      <section className="section">
        <h2 className="h2">Keyboard</h2>
        <ShortcutsTable />
      </section>
    </div>
  )
}
