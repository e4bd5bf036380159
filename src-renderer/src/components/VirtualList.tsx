// A virtualized, keyboard-navigable listbox used by every list. Reports "at top" so live rows can
// be held behind an "N new" marker instead of shifting what the user is looking at, and asks for
// the next page as the end comes into view.
import { useEffect, useRef, type ReactNode } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'

export function VirtualList<T extends { id: string }>(props: {
  items: T[]
  rowHeight: number
  selectedId: string | null
  onSelect: (id: string) => void
  renderRow: (item: T) => ReactNode
  label: string
  rowTestId: string
  onAtTop?: (atTop: boolean) => void
  onEndReached?: () => void
  header?: ReactNode
  testid?: string
  /** Each new value scrolls the list to the top (e.g. after "N new" is clicked). */
  topSignal?: number
  /** What the list shows (its search and filters): a new one is a new result set, which starts at its top. */
  query?: string
}) {
  const scroller = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (props.topSignal) scroller.current?.scrollTo({ top: 0 })
  }, [props.topSignal])
  const shownQuery = useRef(props.query)
  useEffect(() => {
    if (shownQuery.current === props.query) return
    shownQuery.current = props.query
    scroller.current?.scrollTo({ top: 0 })
  }, [props.query])
  const v = useVirtualizer({
    count: props.items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => props.rowHeight,
    overscan: 12,
    getItemKey: (i) => props.items[i]?.id ?? i,
  })
  const virtual = v.getVirtualItems()
  const last = virtual[virtual.length - 1]
  const { onEndReached, items } = props
  useEffect(() => {
    if (last && last.index >= items.length - 20) onEndReached?.()
  }, [last, items.length, onEndReached])

  const move = (delta: number) => {
    const i = props.items.findIndex((x) => x.id === props.selectedId)
    const next = props.items[Math.max(0, Math.min(props.items.length - 1, (i < 0 ? -1 : i) + delta))]
    if (next) {
      props.onSelect(next.id)
      v.scrollToIndex(props.items.indexOf(next), { align: 'auto' })
    }
  }

  const activeIndex = props.items.findIndex((x) => x.id === props.selectedId)
  return (
    <div className="vlist" data-testid={props.testid}>
      {props.header}
      <div
        ref={scroller}
        className="vlist-scroll"
        role="listbox"
        aria-label={props.label}
        tabIndex={0}
        aria-activedescendant={activeIndex >= 0 ? `opt-${props.rowTestId}-${props.selectedId}` : undefined}
        onScroll={(e) => props.onAtTop?.(e.currentTarget.scrollTop < 8)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'j') {
            e.preventDefault()
            move(1)
          } else if (e.key === 'ArrowUp' || e.key === 'k') {
            e.preventDefault()
            move(-1)
          } else if (e.key === 'Home') {
            e.preventDefault()
            move(-props.items.length)
          } else if (e.key === 'End') {
            e.preventDefault()
            move(props.items.length)
          }
        }}
      >
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {virtual.map((vi) => {
            const item = props.items[vi.index]
            if (!item) return null
            const sel = item.id === props.selectedId
            return (
              <div
                key={vi.key}
                id={`opt-${props.rowTestId}-${item.id}`}
                role="option"
                aria-selected={sel}
                data-testid={props.rowTestId}
                data-id={item.id}
                className={`vrow ${sel ? 'sel' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: props.rowHeight, transform: `translateY(${vi.start}px)` }}
                onClick={() => props.onSelect(item.id)}
              >
                {props.renderRow(item)}
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}
