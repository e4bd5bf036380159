// A line diff of two texts, with an optional legend naming the − and + sides. Myers' diff first
// (its cost grows with the differences, not the lengths), so two pretty-printed megabyte JSON
// documents that differ in one value diff in an instant; with `context`, long runs of unchanged
// lines fold to a row that opens on click.
import { useMemo, useState } from 'react'
import { lineDiff, type DiffLine } from '../lib/diff'
import { CapturedText } from './CapturedText'

/** Differing lines per side the LCS compares (its table is this squared). */
const MAX_LINES = 4000

type Line = DiffLine | { kind: 'note'; text: string }
type Row = Line | { kind: 'fold'; at: number; lines: string[] }

/**
 * Myers' O((N+M)·D) diff: fast where two long texts differ in a few lines (two pretty-printed
 * megabyte JSON documents), where the LCS table would be their lengths multiplied. null once the
 * edit distance passes `maxD` or the work passes `budget` line comparisons.
 */
function myers(a: string[], b: string[], maxD = 2000, budget = 30_000_000): DiffLine[] | null {
  const n = a.length
  const m = b.length
  const off = n + m + 1
  const v = new Int32Array(2 * off + 1)
  // trace[d]: v over diagonals -d..d as it was before step d (index k + d).
  const trace: Int32Array[] = []
  let work = 0
  for (let d = 0; d <= Math.min(n + m, maxD); d++) {
    trace.push(v.slice(off - d, off + d + 1))
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v[off + k - 1] ?? 0) < (v[off + k + 1] ?? 0)) ? (v[off + k + 1] ?? 0) : (v[off + k - 1] ?? 0) + 1
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
        work++
      }
      if (++work > budget) return null
      v[off + k] = x
      if (x >= n && y >= m) return backtrack(a, b, trace)
    }
  }
  return null
}

function backtrack(a: string[], b: string[], trace: Int32Array[]): DiffLine[] {
  const out: DiffLine[] = []
  let x = a.length
  let y = b.length
  for (let d = trace.length - 1; d > 0; d--) {
    const vd = trace[d] as Int32Array
    const at = (k: number) => vd[k + d] ?? 0
    const k = x - y
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1
    const prevX = at(prevK)
    const prevY = prevX - prevK
    while (x > prevX && y > prevY) {
      out.push({ kind: 'same', text: a[--x] ?? '' })
      y--
    }
    if (x === prevX) out.push({ kind: 'add', text: b[prevY] ?? '' })
    else out.push({ kind: 'del', text: a[prevX] ?? '' })
    x = prevX
    y = prevY
  }
  while (x > 0 && y > 0) {
    out.push({ kind: 'same', text: a[--x] ?? '' })
    y--
  }
  return out.reverse()
}

export function diffLines(before: string, after: string): Line[] {
  const x = before.split('\n')
  const y = after.split('\n')
  const fast = myers(x, y)
  if (fast) return fast
  // Too different for Myers within its budget: lines both share at the start and the end, and an
  // LCS of the first MAX_LINES lines between.
  let start = 0
  while (start < x.length && start < y.length && x[start] === y[start]) start++
  let end = 0
  while (end < x.length - start && end < y.length - start && x[x.length - 1 - end] === y[y.length - 1 - end]) end++
  const xm = x.slice(start, x.length - end)
  const ym = y.slice(start, y.length - end)
  // (lineDiff of an empty side would see one empty line there.)
  const middle: Line[] =
    xm.length === 0
      ? ym.slice(0, MAX_LINES).map((text) => ({ kind: 'add', text }))
      : ym.length === 0
        ? xm.slice(0, MAX_LINES).map((text) => ({ kind: 'del', text }))
        : lineDiff(xm.join('\n'), ym.join('\n'), MAX_LINES)
  const skipped = Math.max(0, xm.length - MAX_LINES) + Math.max(0, ym.length - MAX_LINES)
  if (skipped > 0) middle.push({ kind: 'note', text: `… ${skipped.toLocaleString()} more lines that differ, not compared` })
  const same = (t: string): DiffLine => ({ kind: 'same', text: t })
  return [...x.slice(0, start).map(same), ...middle, ...x.slice(x.length - end).map(same)]
}

/** Runs of unchanged lines longer than twice `context` keep `context` lines each side of a change. */
function fold(lines: Line[], context: number): Row[] {
  const out: Row[] = []
  let i = 0
  while (i < lines.length) {
    const l = lines[i]
    if (l && l.kind !== 'same') {
      out.push(l)
      i++
      continue
    }
    let j = i
    while (j < lines.length && lines[j]?.kind === 'same') j++
    const keepHead = i === 0 ? 0 : context
    const keepTail = j === lines.length ? 0 : context
    if (j - i > keepHead + keepTail + 1) {
      out.push(...lines.slice(i, i + keepHead))
      out.push({ kind: 'fold', at: i + keepHead, lines: lines.slice(i + keepHead, j - keepTail).map((x) => (x.kind === 'note' ? '' : x.text)) })
      out.push(...lines.slice(j - keepTail, j))
    } else out.push(...lines.slice(i, j))
    i = j
  }
  return out
}

const NONE: ReadonlySet<number> = new Set()

export function DiffView(props: {
  before: string
  after: string
  testid?: string
  /** What the − and + sides are, shown above the diff. */
  labels?: [string, string]
  /** Fold runs of unchanged lines, keeping this many around each change. */
  context?: number
  /** Characters of one line shown (the rest is counted): lines are compared whole. */
  lineCap?: number
}) {
  const { before, after, context } = props
  const cap = props.lineCap ?? Infinity
  const cut = (t: string) => (t.length > cap ? `${t.slice(0, cap)} … (${(t.length - cap).toLocaleString()} more characters on this line)` : t)
  const lines = useMemo(() => diffLines(before, after), [before, after])
  const changed = lines.some((l) => l.kind !== 'same')
  const rows = useMemo<Row[]>(() => (context === undefined ? lines : fold(lines, context)), [lines, context])
  // The folds opened, for these lines only (a new comparison starts folded).
  const [opened, setOpened] = useState<{ lines: Line[]; at: ReadonlySet<number> }>({ lines, at: NONE })
  const open = opened.lines === lines ? opened.at : NONE
  return (
    <>
      {props.labels && (
        <div className="diff-legend small" data-testid="diff-legend">
          <span className="diff-del">
            <span className="diff-sign" aria-hidden="true">
              −
            </span>
            <CapturedText text={props.labels[0]} />
          </span>
          <span className="diff-add">
            <span className="diff-sign" aria-hidden="true">
              +
            </span>
            <CapturedText text={props.labels[1]} />
          </span>
        </div>
      )}
      <div className="diff mono" data-testid={props.testid ?? 'diff'} role="region" aria-label="Line diff">
        {!changed && <div className="muted small">no changes</div>}
        {rows.map((l, i) =>
          l.kind === 'fold' ? (
            open.has(l.at) ? (
              // One text node for the whole run: an opened fold may be thousands of lines.
              <div key={i} className="diff-same diff-block">
                <CapturedText text={l.lines.map(cut).join('\n')} />
              </div>
            ) : (
              <button key={i} className="diff-fold small" onClick={() => setOpened({ lines, at: new Set([...open, l.at]) })} data-testid="diff-fold">
                ⋯ {l.lines.length.toLocaleString()} unchanged {l.lines.length === 1 ? 'line' : 'lines'} (show)
              </button>
            )
          ) : l.kind === 'note' ? (
            <div key={i} className="muted small" data-testid="diff-skipped">
              {l.text}
            </div>
          ) : (
            <div key={i} className={`diff-${l.kind}`}>
              <span className="diff-sign" aria-label={l.kind === 'add' ? 'added' : l.kind === 'del' ? 'removed' : undefined}>
                {l.kind === 'add' ? '+' : l.kind === 'del' ? '−' : ' '}
              </span>
              <CapturedText text={cut(l.text)} />
            </div>
          ),
        )}
      </div>
    </>
  )
}
