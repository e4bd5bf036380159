// Line diff (LCS) for "edit and replay" and capture comparison; sized for webhook payloads, capped for safety.

export interface DiffLine {
  kind: 'same' | 'add' | 'del'
  text: string
}

export function lineDiff(a: string, b: string, maxLines = 4000): DiffLine[] {
  const x = a.split('\n').slice(0, maxLines)
  const y = b.split('\n').slice(0, maxLines)
  const n = x.length
  const m = y.length
  // lcs[i][j] = LCS length of x[i..] and y[j..], stored flat to keep it one allocation.
  const lcs = new Uint32Array((n + 1) * (m + 1))
  const at = (i: number, j: number) => lcs[i * (m + 1) + j] ?? 0
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = x[i] === y[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1))
    }
  }
  const out: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      out.push({ kind: 'same', text: x[i] ?? '' })
      i++
      j++
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      out.push({ kind: 'del', text: x[i] ?? '' })
      i++
    } else {
      out.push({ kind: 'add', text: y[j] ?? '' })
      j++
    }
  }
  while (i < n) out.push({ kind: 'del', text: x[i++] ?? '' })
  while (j < m) out.push({ kind: 'add', text: y[j++] ?? '' })
  return out
}
