import { useState } from 'react'
import { toast } from '../stores/toasts'

export function CopyButton(props: { text: string; label: string; children?: string }) {
  const [done, setDone] = useState(false)
  return (
    <button
      type="button"
      className="btn btn-small"
      aria-label={props.label}
      onClick={() => {
        navigator.clipboard.writeText(props.text).then(
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
