// Scripted responses: how a user (and our own engine tests) exercise a sender's retry logic.
// Text form: "500, 500, 429 retry-after=2, hang, 410, 200 delay=500"; steps advance per
// request and the last one repeats. A random failure rate answers 500 before the steps.
import { parseDuration } from '../duration'
import { HooklabError } from '../errors'
import { checkHeaderPairs } from '../header-pairs'
import type { HeaderPairs } from '../signing/types'
import { checkVars } from './response-vars'

export interface ResponseStep {
  /** null = hang: hold the connection without answering. */
  status: number | null
  headers: HeaderPairs
  /** Empty = the default small JSON body with the capture id. */
  body: string
  delayMs: number
}

export interface ResponseRule {
  steps: ResponseStep[]
  failRate: number
  /** Headers sent with every answer (a step's own header of the same name wins). */
  headers?: HeaderPairs
  /** The body of every answer whose step has none; empty = the default small JSON body. */
  body?: string
  /** Answer each sender with the forward target's response instead (relay.ts); inert without a forward-to URL. */
  relay?: boolean
}

export const DEFAULT_RULE: ResponseRule = {
  steps: [{ status: 200, headers: [], body: '', delayMs: 0 }],
  failRate: 0,
  headers: [],
  body: '',
  relay: false,
}

const FINAL_STATUS = 'status must be 200-599 (a 1xx is not a final answer)'

/** Headers the receiver sets itself: an answer's length and framing are not the user's to script. */
const RESERVED: ReadonlyMap<string, string> = new Map(
  ['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade'].map((n) => [n, 'is set by the receiver']),
)

/** Throws E_INVALID_INPUT naming `where` and the header when a response could not carry it. */
export function checkHeaders(headers: HeaderPairs, where: string): void {
  checkHeaderPairs(headers, where, RESERVED)
  for (const [name, value] of headers) checkVars(value, `${where}: ${name}`)
}

/** The steps as answered: each with the rule's headers (its own of the same name win) and the rule's body when it has none. */
export function effectiveSteps(rule: ResponseRule): ResponseStep[] {
  const shared = rule.headers ?? []
  const body = rule.body ?? ''
  if (shared.length === 0 && body === '') return rule.steps
  return rule.steps.map((s) => {
    const own = new Set(s.headers.map(([n]) => n.toLowerCase()))
    return { ...s, headers: [...shared.filter(([n]) => !own.has(n.toLowerCase())), ...s.headers], body: s.body || body }
  })
}

/** Parses the script text; errors name the step that is wrong. */
export function parseResponseScript(text: string): ResponseStep[] {
  const parts = text.split(',').map((p) => p.trim())
  if (parts.length === 0 || parts.every((p) => p === ''))
    throw new HooklabError('E_INVALID_INPUT', 'the response script is empty (use e.g. "500, 429 retry-after=2, 200")')
  return parts.map((part, i) => parseStep(part, i + 1))
}

function parseStep(part: string, n: number): ResponseStep {
  const bad = (why: string): HooklabError =>
    new HooklabError('E_INVALID_INPUT', `response step ${n} "${part}": ${why}`)
  const tokens = part.split(/\s+/).filter((t) => t.length > 0)
  const head = tokens.shift()
  if (head === undefined) throw bad('empty step')
  const step: ResponseStep = { status: null, headers: [], body: '', delayMs: 0 }
  if (head.toLowerCase() !== 'hang') {
    if (!/^\d{3}$/.test(head)) throw bad('expected a status 200-599 or "hang"')
    const status = Number(head)
    if (status < 200 || status > 599) throw bad(FINAL_STATUS)
    step.status = status
  }
  for (const token of tokens) {
    const eq = token.indexOf('=')
    if (eq <= 0) throw bad(`"${token}" must look like key=value (delay=500, retry-after=2)`)
    const key = token.slice(0, eq).toLowerCase()
    const value = token.slice(eq + 1)
    if (key === 'delay') {
      try {
        step.delayMs = parseDuration(value, 'ms')
      } catch {
        throw bad(`"${value}" is not a delay (use 500, 500ms, 2s)`)
      }
    } else if (key === 'retry-after') {
      if (!/^\d+$/.test(value)) throw bad('retry-after takes whole seconds')
      step.headers.push(['Retry-After', value])
    } else {
      throw bad(`unknown option "${key}" (known: delay, retry-after)`)
    }
  }
  return step
}

/** The script text for steps (what the UI shows and edits). */
export function formatResponseScript(steps: readonly ResponseStep[]): string {
  return steps
    .map((s) => {
      const parts = [s.status === null ? 'hang' : String(s.status)]
      const retryAfter = s.headers.find(([n]) => n.toLowerCase() === 'retry-after')
      if (retryAfter) parts.push(`retry-after=${retryAfter[1]}`)
      if (s.delayMs > 0) parts.push(`delay=${s.delayMs}`)
      return parts.join(' ')
    })
    .join(', ')
}

export function validateRule(rule: ResponseRule): ResponseRule {
  if (!Array.isArray(rule.steps) || rule.steps.length === 0)
    throw new HooklabError('E_INVALID_INPUT', 'a response rule needs at least one step')
  if (!(rule.failRate >= 0 && rule.failRate <= 1))
    throw new HooklabError('E_INVALID_INPUT', 'failRate must be between 0 and 1')
  rule.steps.forEach((s, i) => {
    if (s.status !== null && !(Number.isInteger(s.status) && s.status >= 200 && s.status <= 599))
      throw new HooklabError('E_INVALID_INPUT', `response step ${i + 1}: status ${String(s.status)}: ${FINAL_STATUS}`)
    if (!(Number.isFinite(s.delayMs) && s.delayMs >= 0))
      throw new HooklabError('E_INVALID_INPUT', 'delay must be a non-negative number of ms')
    checkHeaders(s.headers ?? [], `response step ${i + 1}`)
    checkVars(s.body ?? '', `response step ${i + 1} body`)
  })
  checkHeaders(rule.headers ?? [], 'response headers')
  checkVars(rule.body ?? '', 'response body')
  return {
    failRate: rule.failRate,
    steps: rule.steps.map((s) => ({ status: s.status, headers: s.headers ?? [], body: s.body ?? '', delayMs: s.delayMs ?? 0 })),
    headers: rule.headers ?? [],
    body: rule.body ?? '',
    relay: rule.relay === true,
  }
}

/**
 * Per-inbox position in the script. In memory: a restart starts the script over, which is
 * what someone re-running a retry test expects.
 */
export class ResponseCursor {
  private readonly positions = new Map<string, number>()

  constructor(private readonly random: () => number) {}

  /** The step for the next request to this inbox, or a 500 when the random failure hits. */
  next(inboxId: string, rule: ResponseRule): ResponseStep {
    if (rule.failRate > 0 && this.random() < rule.failRate)
      return { status: 500, headers: rule.headers ?? [], body: '{"error":"random failure (inbox fail rate)"}', delayMs: 0 }
    const pos = this.positions.get(inboxId) ?? 0
    const step = rule.steps[Math.min(pos, rule.steps.length - 1)] ?? DEFAULT_RULE.steps[0]!
    this.positions.set(inboxId, pos + 1)
    return step
  }

  reset(inboxId: string): void {
    this.positions.delete(inboxId)
  }
}
