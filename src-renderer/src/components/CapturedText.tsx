// Text a sender wrote (event types, paths, headers, bodies), shown as what it is. A direction control
// character would reorder what is drawn around it ("evt\u202e.gnp" reads "evtpng."), so each is
// shown as a muted ⟨U+202E⟩ marker that has no effect. Copy buttons, the hex view and downloads keep the bytes.
import type { ReactNode } from 'react'

/** The Unicode direction controls: embeddings and overrides, isolates, LRM, RLM and the Arabic letter mark. */
const BIDI_CONTROL = /([\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c])/

function marker(control: string): string {
  return `⟨U+${control.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`
}

/** The text with each direction control written as its marker, for places that hold plain text (a title, an option). */
export function bidiVisible(text: string): string {
  return BIDI_CONTROL.test(text) ? text.split(BIDI_CONTROL).map((part, i) => (i % 2 ? marker(part) : part)).join('') : text
}

/** The text with each direction control drawn as a muted marker (split keeps the controls at odd indexes). */
export function CapturedText({ text }: { text: string }): ReactNode {
  if (!BIDI_CONTROL.test(text)) return text
  return text.split(BIDI_CONTROL).map((part, i) =>
    i % 2 ? (
      <span key={i} className="bidi-mark" title="A direction control character, shown instead of taking effect">
        {marker(part)}
      </span>
    ) : (
      part
    ),
  )
}
