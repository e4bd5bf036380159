// Where a capture replay goes and how it is signed: a URL, "as captured" or "re-sign" with a
// scheme and secret. Shared by the one-capture and the bulk replay dialogs.
import { staleSignatureAge } from '../../../src-preload/signed-age'
import { useEffect, useState } from 'react'
import type { CaptureDetail, InboxView, MethodInput } from '../../../src-preload/contract'
import { withDefaultScheme } from '../lib/url-scheme'
import { useApp } from '../stores/app'
import { useCaptures } from '../stores/captures'
import { DEFAULT_HMAC, HmacFields } from './HmacFields'

const SCHEMES = ['standard', 'stripe', 'github', 'shopify', 'slack', 'hmac'] as const
type Scheme = (typeof SCHEMES)[number]
type Target = Pick<MethodInput<'captures.replay'>, 'to' | 'mode' | 'signing'>

/** What a replay is of: one capture (and its inbox), or an inbox's captures (the bulk dialog: no capture). */
export interface ReplaySource {
  capture: CaptureDetail | null
  inbox: InboxView | null
}

/** The URL the last replay in this session went to: after fixing a handler, the next replay goes there too. */
let lastReplayUrl = ''

/** The one-line warning for a replay "as captured" whose signed timestamp a freshness check would refuse, or null. */
export function staleSignatureNote(capture: CaptureDetail | null, now: number): string | null {
  const age = capture ? staleSignatureAge(capture.headers, now) : null
  return age === null ? null : `Its signature is ${age} old: a receiver checking freshness will refuse it — re-sign instead.`
}

/** The selected capture of the Inbox and its inbox: what the one-capture dialog replays. */
function useSelectedCapture(): ReplaySource {
  const capture = useCaptures((s) => s.detail)
  const inbox = useApp((s) => (capture ? (s.inboxes.find((i) => i.id === capture.inboxId) ?? null) : null))
  return { capture, inbox }
}

/**
 * `signedAs`: the scheme (and custom HMAC) re-sign starts with each time the dialog opens: the inbox's own
 * verification, when it has one (a capture of a Stripe inbox re-signs as Stripe). `source`: what is replayed;
 * left out, the Inbox's selected capture. The target starts as where that capture was forwarded, else the
 * inbox's forward target, else the last replay's URL: replaying after a fix needs no retyping.
 */
export function useReplayTarget(open: boolean, signedAs?: { scheme?: Scheme | null; hmac?: typeof DEFAULT_HMAC | null }, source?: ReplaySource) {
  const selected = useSelectedCapture()
  const { capture, inbox } = source ?? selected
  const [to, setTo] = useState('')
  const [mode, setMode] = useState<'as-is' | 're-sign'>('as-is')
  const [scheme, setScheme] = useState<Scheme>('standard')
  const [secret, setSecret] = useState('')
  const [hmac, setHmac] = useState(DEFAULT_HMAC)
  const stored = inbox?.verification ?? null
  const initialScheme = signedAs?.scheme ?? stored?.scheme ?? 'standard'
  const initialHmac = signedAs?.hmac ?? stored?.hmac
  const initialTo = capture?.forward?.url ?? inbox?.forwardTo ?? lastReplayUrl
  useEffect(() => {
    if (!open) return
    setScheme(initialScheme)
    if (initialHmac) setHmac(initialHmac)
  }, [open, initialScheme, initialHmac])
  useEffect(() => {
    if (open) setTo(initialTo)
    // Only when the dialog opens (initialTo left out): a forward finishing meanwhile must not overwrite what is typed.
  }, [open])
  return {
    to, setTo, mode, setMode, scheme, setScheme, secret, setSecret, hmac, setHmac,
    /** Left empty, re-signing with the inbox's own scheme uses the secret the inbox verifies with (the server fills it in). */
    usesInboxSecret: stored !== null && stored.hasSecret && stored.scheme === scheme,
    /** Said in "as captured" mode when the captured signature is too old for a freshness check. */
    staleNote: staleSignatureNote(capture, Date.now()),
    /** The call's to/mode/signing fields. */
    /** A URL typed without its scheme goes over http://, as in a browser's address bar (said under the field). */
    input: (): Target => {
      const url = withDefaultScheme(to).url
      lastReplayUrl = url
      return {
        to: url,
        mode,
        signing: mode === 're-sign' ? { scheme, secret: secret || undefined, ...(scheme === 'hmac' ? { hmac } : {}) } : undefined,
      }
    },
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
      {t.mode === 'as-is' && t.staleNote && (
        <div className="warn-text small" role="note" data-testid="replay-stale-signature">
          {t.staleNote}
        </div>
      )}
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
            <input
              className="mono"
              type="password"
              autoComplete="off"
              value={t.secret}
              onChange={(e) => t.setSecret(e.target.value)}
              placeholder={t.usesInboxSecret ? 'uses the inbox’s secret' : undefined}
              data-testid="replay-secret"
            />
          </label>
        </div>
      )}
      {t.mode === 're-sign' && t.scheme === 'hmac' && <HmacFields idPrefix={props.idPrefix} value={t.hmac} onChange={t.setHmac} />}
    </>
  )
}
