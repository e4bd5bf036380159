// The JSON syntax check shown under the compose editor: message, line and column of the first problem.
import { describe, expect, it } from 'vitest'
import { jsonProblem } from '../../../src-renderer/src/lib/json-problem'

describe('jsonProblem', () => {
  it('accepts valid JSON and empty text', () => {
    expect(jsonProblem('{"a":[1,2,{"b":null}]}')).toBeNull()
    expect(jsonProblem('   \n ')).toBeNull()
  })

  it('accepts template variables in value positions, quoted or not', () => {
    expect(jsonProblem('{"id":"{{uuid}}","n":{{counter}}}')).toBeNull()
    // With variables not allowed the bare one is a syntax error.
    expect(jsonProblem('{"n":{{counter}}}', false)).not.toBeNull()
  })

  it('points at the line and column of the problem', () => {
    const p = jsonProblem('{\n  "a": 1,\n  "b": }')
    expect(p).not.toBeNull()
    expect(p?.line).toBe(3)
    expect(p?.col).toBe(8)
    expect(p?.message).not.toMatch(/line \d+ column \d+|position \d+|is not valid JSON/)
  })

  it("finds the bad token when the engine's message gives no position", () => {
    // V8 says "Unexpected token 'x', ... is not valid JSON" with no offset for these.
    expect(jsonProblem('{"a": 1, "b": x}')).toEqual({ message: "Unexpected token 'x'", line: 1, col: 15 })
    expect(jsonProblem('[1, 2,\n  ]')).toMatchObject({ line: 2, col: 3 })
    expect(jsonProblem('{"ok": true}\n}')).toMatchObject({ line: 2, col: 1 })
  })

  it('reports a missing end at the end of the text', () => {
    const text = '{\n  "a": [1, 2'
    const p = jsonProblem(text)
    expect(p?.line).toBe(2)
    expect(p?.col).toBeGreaterThanOrEqual(12)
  })
})
