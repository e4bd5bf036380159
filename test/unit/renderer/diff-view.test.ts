// The comparison's diff (components/DiffView.tsx): Myers' diff for long texts that differ in a few
// lines, falling back to the capped LCS; what it marks must read the same as lineDiff's.
import { describe, expect, it } from 'vitest'
import { diffLines } from '../../../src-renderer/src/components/DiffView'
import { lineDiff } from '../../../src-renderer/src/lib/diff'

const render = (a: string, b: string) => diffLines(a, b).map((l) => (l.kind === 'note' ? `!${l.text}` : `${l.kind === 'same' ? ' ' : l.kind === 'add' ? '+' : '-'}${l.text}`))

/** Applying the diff to `a` gives `b`, and its unchanged lines are as many as an LCS has. */
function check(a: string, b: string): void {
  const out = diffLines(a, b)
  expect(out.filter((l) => l.kind !== 'add').map((l) => (l.kind === 'note' ? '' : l.text))).toEqual(a.split('\n'))
  expect(out.filter((l) => l.kind !== 'del').map((l) => (l.kind === 'note' ? '' : l.text))).toEqual(b.split('\n'))
  expect(out.filter((l) => l.kind === 'same').length).toBe(lineDiff(a, b).filter((l) => l.kind === 'same').length)
}

describe('diffLines', () => {
  it('marks an edited line as removed then added, the rest unchanged', () => {
    expect(render('{\n  "note": "original",\n  "n": 1\n}', '{\n  "note": "edited",\n  "n": 1\n}')).toEqual([' {', '-  "note": "original",', '+  "note": "edited",', '   "n": 1', ' }'])
  })

  it('is a minimal diff that turns one side into the other', () => {
    check('a\nb\nc\nd', 'b\nx\nd\ne')
    check('', 'x\ny')
    check('x\ny', 'x')
    check('x', 'x')
    check('a\nb\na\nb\na', 'b\na\nb\na\nb')
    let seed = 7
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 4
    for (let t = 0; t < 50; t++) {
      const a = Array.from({ length: 12 }, () => 'abcd'[rnd()]).join('\n')
      const b = Array.from({ length: 10 }, () => 'abcd'[rnd()]).join('\n')
      check(a, b)
    }
  })

  it('finds the one changed line of two 200,000-line texts that also differ on the first line', () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `    "i": ${i},`)
    const a = ['POST /first', ...lines].join('\n')
    const b = ['POST /second', ...lines.map((l, i) => (i === 150_000 ? '    "i": -1,' : l))].join('\n')
    const t = Date.now()
    const changed = diffLines(a, b).filter((l) => l.kind !== 'same')
    expect(Date.now() - t).toBeLessThan(2000)
    expect(changed.map((l) => l.kind)).toEqual(['del', 'add', 'del', 'add'])
  })

  it('texts too different for Myers compare their first lines and say how many more were not compared', () => {
    const a = Array.from({ length: 9000 }, (_, i) => `a${i}`).join('\n')
    const b = Array.from({ length: 9000 }, (_, i) => `b${i}`).join('\n')
    const out = diffLines(a, b)
    expect(out.at(-1)).toEqual({ kind: 'note', text: '… 10,000 more lines that differ, not compared' })
  })
})
