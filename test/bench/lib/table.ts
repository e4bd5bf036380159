// Prints the results as an aligned text table (also pasted into BENCHMARKS.md).
import type { Row } from './types'

function fmtNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n)
  if (Number.isInteger(n)) return n.toLocaleString('en-US')
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US')
  if (Math.abs(n) >= 10) return n.toFixed(1)
  return n.toFixed(2)
}

export function formatTable(rows: Row[]): string {
  const header = ['id', 'what', 'figure', 'reference (same run)', 'ratio', 'goal', 'met']
  const lines = rows.map((r) => [
    r.id,
    r.what,
    r.figure === null ? (r.note ?? 'not run') : `${fmtNumber(r.figure)} ${r.unit}`,
    r.reference ?? '—',
    r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`,
    r.goal || '—',
    r.met === null ? '—' : r.met ? 'yes' : 'NO',
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)))
  const fmt = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`
  return [fmt(header), sep, ...lines.map(fmt)].join('\n')
}

export function fmt(n: number, unit: string): string {
  return `${fmtNumber(n)} ${unit}`
}
