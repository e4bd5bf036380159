import { useState } from 'react'
import { toast } from '../stores/toasts'

// `text` may be a function so a large capture is only turned into text when the user copies it.
// `small` (default) sits inline beside an id; `small={false}` matches a row of ordinary buttons.
export function CopyButton(props: { text: string | (() => string); label: string; children?: string; small?: boolean }) {
  const [done, setDone] = useState(false)
  return (
    <button
      type="button"
      className={props.small === false ? 'btn' : 'btn btn-small'}
      aria-label={props.label}
      onClick={() => {
        navigator.clipboard.writeText(typeof props.text === 'function' ? props.text() : props.text).then(
          () => {
            setDone(true)
            setTimeout(() => setDone(false), 1200)
          },
          () => toast.error('E_CLIPBOARD', 'The clipboard is not available here; select the text and copy it.'),
        )
      }}
    >
      {done ? 'Copied ✓' : (props.children ?? 'Copy')}
    </button>
  )
}
