// List left, detail right; the divider is draggable (and keyboard-movable) and its size is remembered.
import { useCallback, useRef, useState, type ReactNode } from 'react'
import { loadNumber, saveNumber } from '../lib/storage'

export function SplitPane(props: { id: string; left: ReactNode; right: ReactNode; initial?: number; min?: number }) {
  const key = `hooklab.split.${props.id}`
  const min = props.min ?? 240
  const [width, setWidth] = useState(() => loadNumber(key, props.initial ?? 520))
  const root = useRef<HTMLDivElement>(null)

  const commit = useCallback(
    (w: number) => {
      const max = (root.current?.clientWidth ?? 1200) - 280
      const v = Math.max(min, Math.min(max, w))
      setWidth(v)
      saveNumber(key, v)
    },
    [key, min],
  )

  const onPointerDown = (e: React.PointerEvent) => {
    const startX = e.clientX
    const startW = width
    const move = (ev: PointerEvent) => commit(startW + ev.clientX - startX)
    const up = () => {
      window.removeEventListener('pointermove', move)
      window.removeEventListener('pointerup', up)
    }
    window.addEventListener('pointermove', move)
    window.addEventListener('pointerup', up)
  }

  return (
    <div className="split" ref={root}>
      <div className="split-left" style={{ width }}>
        {props.left}
      </div>
      <div
        className="split-handle"
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize list"
        aria-valuenow={Math.round(width)}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onKeyDown={(e) => {
          if (e.key === 'ArrowLeft') commit(width - 24)
          if (e.key === 'ArrowRight') commit(width + 24)
        }}
      />
      <div className="split-right">{props.right}</div>
    </div>
  )
}
