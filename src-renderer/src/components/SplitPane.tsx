// List left, detail right; the divider is draggable (and keyboard-movable) and its size is remembered.
// The remembered width is what the user chose; what is shown is that width clamped to the window as it
// is now, so the detail never shrinks below minRight on a smaller window and gets the chosen width
// back when the window grows again.
import { useCallback, useLayoutEffect, useRef, useState, type ReactNode } from 'react'
import { loadNumber, saveNumber } from '../lib/storage'

// What the divider takes from the row: .split-handle is 5 px wide with a -3 px margin.
const HANDLE_PX = 2

/** Width of the list pane for a chosen width in a container of the given width. */
export function shownWidth(chosen: number, container: number | null, min: number, minRight: number): number {
  if (container === null) return chosen
  return Math.max(min, Math.min(chosen, container - HANDLE_PX - minRight))
}

export function SplitPane(props: { id: string; left: ReactNode; right: ReactNode; initial?: number; min?: number; minRight?: number }) {
  const key = `hooklab.split.${props.id}`
  const min = props.min ?? 240
  const minRight = props.minRight ?? 360
  const [chosen, setChosen] = useState(() => loadNumber(key, props.initial ?? 520))
  const [container, setContainer] = useState<number | null>(null)
  const root = useRef<HTMLDivElement>(null)

  useLayoutEffect(() => {
    const el = root.current
    if (!el) return
    setContainer(el.clientWidth)
    const ro = new ResizeObserver(() => setContainer(el.clientWidth))
    ro.observe(el)
    return () => ro.disconnect()
  }, [])

  const width = shownWidth(chosen, container, min, minRight)
  const commit = useCallback(
    (w: number) => {
      const v = shownWidth(Math.max(min, w), root.current?.clientWidth ?? null, min, minRight)
      setChosen(v)
      saveNumber(key, v)
    },
    [key, min, minRight],
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
