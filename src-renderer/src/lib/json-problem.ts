// JSON syntax check with line/column, shared by the editor's marks and the message under it.
import { substituteForLint } from './template-vars'

export interface JsonProblem {
  message: string
  line: number
  col: number
}

// The last answer: the Send view and its editor check the same body, and a large one costs a full parse.
let last: { text: string; allowVariables: boolean; problem: JsonProblem | null } | null = null

/** Returns the first JSON syntax problem (with line/column), or null when the text parses. */
export function jsonProblem(text: string, allowVariables = true): JsonProblem | null {
  if (last && last.text === text && last.allowVariables === allowVariables) return last.problem
  const problem = findProblem(text, allowVariables)
  last = { text, allowVariables, problem }
  return problem
}

function findProblem(text: string, allowVariables: boolean): JsonProblem | null {
  const src = allowVariables ? substituteForLint(text) : text
  if (src.trim() === '') return null
  try {
    JSON.parse(src)
    return null
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e)
    const m = /position (\d+)/.exec(msg)
    const pos = m ? Number(m[1]) : firstBadChar(src)
    // Map back to the original text: positions before the first variable are identical.
    const before = text.slice(0, Math.min(pos, text.length))
    const line = before.split('\n').length
    const col = pos - before.lastIndexOf('\n')
    return { message: tidy(msg), line, col }
  }
}

/** The engine's message without what line/column already say: its position and its quote of the text. */
function tidy(msg: string): string {
  return msg
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/ in JSON at position \d+/, '')
    .replace(/, ".*" is not valid JSON$/s, '')
}

function failsBeforeEnd(src: string, len: number): boolean {
  try {
    JSON.parse(src.slice(0, len))
    return false
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e)
    if (/end of JSON input/i.test(msg)) return false
    const m = /position (\d+)/.exec(msg)
    return m ? Number(m[1]) < len : true
  }
}

/**
 * V8's "Unexpected token 'x', ... is not valid JSON" gives no position: find it as the shortest
 * prefix that fails for a reason other than running out of input (its last character is the bad one).
 */
function firstBadChar(src: string): number {
  if (!failsBeforeEnd(src, src.length)) return src.length
  let lo = 1
  let hi = src.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (failsBeforeEnd(src, mid)) hi = mid
    else lo = mid + 1
  }
  return lo - 1
}
