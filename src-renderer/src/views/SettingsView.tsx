// Settings: theme, local TLS trust, receiver port and bind address, retention; where the data lives.
import { useEffect, useState } from 'react'
import type { Settings } from '../../../src-preload/contract'
import { call } from '../bridge'
import { useApp } from '../stores/app'
import { toast } from '../stores/toasts'
import { ShortcutsTable } from './ShortcutsDialog'
import { CopyButton } from '../components/CopyButton'

export function SettingsView() {
  const info = useApp((s) => s.info)
  const settings = useApp((s) => s.settings)
  const setSettings = useApp((s) => s.setSettings)
  const [draft, setDraft] = useState<Settings | null>(settings)
  useEffect(() => setDraft(settings), [settings])
  if (!draft || !info) return null

  const save = async (patch: Partial<Settings>) => {
    const next = await call('settings.update', { patch }).catch(() => null)
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
  // Shown at once; back to what is stored if saving fails.
  const toggleTrust = async (on: boolean) => {
    setDraft({ ...draft, trustLocalTls: on })
    if (!(await save({ trustLocalTls: on }))) setDraft(settings)
  }
  const ret = draft.retention
  const setRet = (k: keyof Settings['retention'], v: string) => setDraft({ ...draft, retention: { ...ret, [k]: Number(v) || 0 } })

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
          <label className="field">
            <span>Port (0 = any free port)</span>
            <input type="number" min={0} max={65535} value={draft.receiverPort} onChange={(e) => setDraft({ ...draft, receiverPort: Number(e.target.value) })} />
          </label>
          <label className="field">
            <span>Bind address</span>
            <select value={draft.receiverHost} onChange={(e) => setDraft({ ...draft, receiverHost: e.target.value as Settings['receiverHost'] })}>
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
                onChange={(e) => setDraft({ ...draft, receiverHttpsPort: e.target.checked ? 8788 : null })}
                data-testid="receiver-https"
              />
              Also over https
            </label>
          </div>
          {draft.receiverHttpsPort !== null && (
            <label className="field">
              <span>HTTPS port (0 = any free port)</span>
              <input type="number" min={0} max={65535} value={draft.receiverHttpsPort} onChange={(e) => setDraft({ ...draft, receiverHttpsPort: Number(e.target.value) })} data-testid="receiver-https-port" />
            </label>
          )}
        </div>
        {draft.receiverHttpsPort !== null && (
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
        <button className="btn" onClick={() => void save({ receiverPort: draft.receiverPort, receiverHost: draft.receiverHost, receiverHttpsPort: draft.receiverHttpsPort })}>
          Apply receiver settings
        </button>
      </section>
      <section className="section">
        <h2 className="h2">Retention</h2>
        <div className="grid3">
          <label className="field">
            <span>Captures kept per inbox</span>
            <input type="number" value={ret.maxCapturesPerInbox} onChange={(e) => setRet('maxCapturesPerInbox', e.target.value)} />
          </label>
          <label className="field">
            <span>Capture age (days)</span>
            <input type="number" value={ret.maxCaptureAgeDays} onChange={(e) => setRet('maxCaptureAgeDays', e.target.value)} />
          </label>
          <label className="field">
            <span>Attempt age (days)</span>
            <input type="number" value={ret.maxAttemptAgeDays} onChange={(e) => setRet('maxAttemptAgeDays', e.target.value)} />
          </label>
        </div>
        <button className="btn" onClick={() => void save({ retention: ret })}>
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
