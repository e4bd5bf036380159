// JSON syntax check with line/column, shared by the editor's marks and the message under it.
import { substituteForLint } from './template-vars'

export interface JsonProblem {
  message: string
  line: number
  col: number
}

/** Returns the first JSON syntax problem (with line/column), or null when the text parses. */
export function jsonProblem(text: string, allowVariables = true): JsonProblem | null {
  const src = allowVariables ? substituteForLint(text) : text
  if (src.trim() === '') return null
  try {
    JSON.parse(src)
    return null
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e)
    const m = /position (\d+)/.exec(msg)
    const pos = m ? Number(m[1]) : src.length
    // Map back to the original text: positions before the first variable are identical.
    const before = text.slice(0, Math.min(pos, text.length))
    const line = before.split('\n').length
    const col = pos - before.lastIndexOf('\n')
    return { message: msg.replace(/\s*\(line \d+ column \d+\)/, ''), line, col }
  }
}
