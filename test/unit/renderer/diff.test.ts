// Line diff behind "edit and replay" and capture comparison: what the user sees marked as removed/added.
import { describe, expect, it } from 'vitest'
import { lineDiff } from '../../../src-renderer/src/lib/diff'

const render = (a: string, b: string, max?: number) => lineDiff(a, b, max).map((l) => `${l.kind === 'same' ? ' ' : l.kind === 'add' ? '+' : '-'}${l.text}`)

describe('lineDiff', () => {
  it('marks an edited line as removed then added, the rest unchanged', () => {
    const before = '{\n  "note": "original",\n  "n": 1\n}'
    const after = '{\n  "note": "edited",\n  "n": 1\n}'
    expect(render(before, after)).toEqual([' {', '-  "note": "original",', '+  "note": "edited",', '   "n": 1', ' }'])
  })

  it('identical texts are all unchanged; an empty side is all added or all removed', () => {
    expect(lineDiff('a\nb', 'a\nb').every((l) => l.kind === 'same')).toBe(true)
    expect(render('', 'x\ny')).toEqual(['-', '+x', '+y'])
    expect(render('x\ny', 'x')).toEqual([' x', '-y'])
  })

  it('keeps the common lines in order (a longest common subsequence)', () => {
    const out = lineDiff('a\nb\nc\nd', 'b\nx\nd\ne')
    expect(out.filter((l) => l.kind === 'same').map((l) => l.text)).toEqual(['b', 'd'])
    expect(out.filter((l) => l.kind === 'del').map((l) => l.text)).toEqual(['a', 'c'])
    expect(out.filter((l) => l.kind === 'add').map((l) => l.text)).toEqual(['x', 'e'])
  })

  it('compares only the first maxLines lines of each side', () => {
    const a = Array.from({ length: 10 }, (_, i) => `l${i}`).join('\n')
    const b = a.replace('l9', 'changed')
    expect(lineDiff(a, b, 5).every((l) => l.kind === 'same')).toBe(true)
    expect(lineDiff(a, b, 5)).toHaveLength(5)
  })
})
