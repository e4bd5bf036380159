// Where a capture replay goes and how it is signed: a URL, "as captured" or "re-sign" with a
// scheme and secret. Shared by the one-capture and the bulk replay dialogs.
import { useEffect, useState } from 'react'
import type { MethodInput } from '../../../src-preload/contract'
import { withDefaultScheme } from '../lib/url-scheme'
import { DEFAULT_HMAC, HmacFields } from './HmacFields'

const SCHEMES = ['standard', 'stripe', 'github', 'shopify', 'slack', 'hmac'] as const
type Scheme = (typeof SCHEMES)[number]
type Target = Pick<MethodInput<'captures.replay'>, 'to' | 'mode' | 'signing'>

/**
 * `signedAs`: the scheme (and custom HMAC) re-sign starts with each time the dialog opens: the inbox's own
 * verification, when it has one (a capture of a Stripe inbox re-signs as Stripe).
 */
export function useReplayTarget(open: boolean, signedAs?: { scheme?: Scheme | null; hmac?: typeof DEFAULT_HMAC | null }) {
  const [to, setTo] = useState('')
  const [mode, setMode] = useState<'as-is' | 're-sign'>('as-is')
  const [scheme, setScheme] = useState<Scheme>('standard')
  const [secret, setSecret] = useState('')
  const [hmac, setHmac] = useState(DEFAULT_HMAC)
  const initialScheme = signedAs?.scheme ?? 'standard'
  const initialHmac = signedAs?.hmac
  useEffect(() => {
    if (!open) return
    setScheme(initialScheme)
    if (initialHmac) setHmac(initialHmac)
  }, [open, initialScheme, initialHmac])
  return {
    to, setTo, mode, setMode, scheme, setScheme, secret, setSecret, hmac, setHmac,
    /** The call's to/mode/signing fields. */
    /** A URL typed without its scheme goes over http://, as in a browser's address bar (said under the field). */
    input: (): Target => ({
      to: withDefaultScheme(to).url,
      mode,
      signing: mode === 're-sign' ? { scheme, secret: secret || undefined, ...(scheme === 'hmac' ? { hmac } : {}) } : undefined,
    }),
  }
}

export function ReplayTargetFields(props: { t: ReturnType<typeof useReplayTarget>; idPrefix: string; placeholder?: string }) {
  const { t } = props
  const assumed = withDefaultScheme(t.to)
  return (
    <>
      <label className="field">
        <span>Target URL</span>
        <input
          className="mono"
          value={t.to}
          onChange={(e) => t.setTo(e.target.value)}
          placeholder={props.placeholder ?? 'http://127.0.0.1:3000/webhooks'}
          aria-describedby={assumed.assumed ? `${props.idPrefix}-to-hint` : undefined}
          autoFocus
        />
      </label>
      {assumed.assumed && (
        <div className="hint" id={`${props.idPrefix}-to-hint`} data-testid="replay-target-hint">
          Goes to <span className="mono">{assumed.url}</span> (no scheme given: http://, as a browser would)
        </div>
      )}
      <div role="radiogroup" aria-label="Headers" className="seg">
        <button role="radio" aria-checked={t.mode === 'as-is'} className={t.mode === 'as-is' ? 'on' : ''} onClick={() => t.setMode('as-is')}>
          as captured
        </button>
        <button role="radio" aria-checked={t.mode === 're-sign'} className={t.mode === 're-sign' ? 'on' : ''} onClick={() => t.setMode('re-sign')}>
          re-sign
        </button>
      </div>
      {t.mode === 're-sign' && (
        <div className="grid2">
          <label className="field">
            <span>Scheme</span>
            <select value={t.scheme} onChange={(e) => t.setScheme(e.target.value as Scheme)}>
              {SCHEMES.map((s) => (
                <option key={s} value={s}>
                  {s === 'hmac' ? 'custom HMAC' : s}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Secret</span>
            <input className="mono" type="password" autoComplete="off" value={t.secret} onChange={(e) => t.setSecret(e.target.value)} />
          </label>
        </div>
      )}
      {t.mode === 're-sign' && t.scheme === 'hmac' && <HmacFields idPrefix={props.idPrefix} value={t.hmac} onChange={t.setHmac} />}
    </>
  )
}
