// A button that opens the file picker and hands over the chosen file (import of a config or of captures).
import { useRef } from 'react'

export function FileButton(props: { label: string; fileLabel: string; accept: string; onFile: (f: File) => void; testid?: string; className?: string }) {
  const input = useRef<HTMLInputElement>(null)
  return (
    <>
      <button className={props.className ?? 'btn btn-small'} onClick={() => input.current?.click()} data-testid={props.testid}>
        {props.label}
      </button>
      <input
        ref={input}
        type="file"
        accept={props.accept}
        hidden
        aria-label={props.fileLabel}
        onChange={(e) => {
          const f = e.target.files?.[0]
          if (f) props.onFile(f)
          e.target.value = ''
        }}
        data-testid={props.testid ? `${props.testid}-file` : undefined}
      />
    </>
  )
}
