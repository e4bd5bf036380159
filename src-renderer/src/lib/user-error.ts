// A call's error as a user reads it. The API refuses bad input with "<method>: input.<path>: <message>; …"
// (src-main/api/dispatch.ts formatIssues) and zod words its messages for programmers ("Too small: expected
// number to be >=1"): here the method and the code go, a path becomes the field's label, and zod's
// messages become plain words. Engine messages that are already sentences pass through.

/** A path ("url", "retry.maxAttempts", "retention.maxCapturesPerInbox") → the label the view shows for it. */
export type FieldLabels = Readonly<Record<string, string>>

export interface Issue {
  /** The field's path without "input" (and an update's "patch"), e.g. ["retry", "schedule", "delaysMs"]; null when the message names none. */
  path: string[] | null
  message: string
}

/** zod's default messages (v4, English) in plain words; anything else unchanged. */
export function plainIssue(message: string): string {
  const size = /^Too (small|big): expected (\w+) to (?:be|have) (>=|>|<=|<|exactly )(-?[\d.]+)/.exec(message)
  if (size) {
    const [, dir = '', origin = '', op = '', raw = ''] = size
    // An exclusive bound as the inclusive one people say ("> 0" items is "at least 1").
    const n = Number(raw) + (op === '>' && origin !== 'number' ? 1 : op === '<' && origin !== 'number' ? -1 : 0)
    const exact = op === 'exactly '
    if (origin === 'array' || origin === 'set') {
      if (exact) return `needs exactly ${values(n)}`
      return dir === 'small' ? (n === 1 ? 'needs at least one value' : `needs at least ${values(n)}`) : `takes at most ${values(n)}`
    }
    if (origin === 'string') {
      if (exact) return `must be exactly ${n} characters`
      return dir === 'small' ? (n === 1 ? 'cannot be empty' : `needs at least ${n} characters`) : `must be at most ${n} characters`
    }
    if (exact) return `must be exactly ${n}`
    if (op === '>') return `must be more than ${n}`
    if (op === '<') return `must be less than ${n}`
    return dir === 'small' ? `must be at least ${n}` : `must be at most ${n}`
  }
  const type = /^Invalid input: expected (\w+), received (\w+)$/.exec(message)
  if (type) {
    const [, expected, received] = type
    if (received === 'undefined' || received === 'null') return 'is required'
    if (expected === 'int') return 'must be a whole number'
    if (expected === 'number') return 'must be a number'
    if (expected === 'string') return 'must be text'
    if (expected === 'boolean') return 'must be on or off'
    return 'is not valid here'
  }
  const option = /^Invalid option: expected one of (.+)$/.exec(message)
  if (option) return `must be one of ${(option[1] ?? '').split('|').map(unquote).join(', ')}`
  const literal = /^Invalid input: expected (.+)$/.exec(message)
  if (literal) return `must be ${unquote(literal[1] ?? '')}`
  const format = /^Invalid (URL|email address|UUID|ISO datetime|ISO date)$/.exec(message)
  if (format) return `is not a valid ${format[1] ?? 'value'}`
  const multiple = /^Invalid number: must be a multiple of (\S+)$/.exec(message)
  if (multiple) return `must be a multiple of ${multiple[1] ?? ''}`
  if (message === 'Invalid input') return 'is not valid'
  return message
}

const unquote = (s: string): string => s.replace(/^"|"$/g, '')

function values(n: number): string {
  return n === 1 ? 'one value' : `${n} values`
}

/** "input.patch.url: m1; input.retry.maxAttempts: m2" → issues; null when the text is not a list of input issues. */
function inputIssues(text: string): Issue[] | null {
  if (!/^input(\.[^\s:]+)?: /.test(text)) return null
  const out: Issue[] = []
  // An issue's message may hold "; " itself: a part that does not start with a path belongs to the one before.
  for (const part of text.split('; ')) {
    const m = /^input((?:\.[^\s:]+)*): ([\s\S]*)$/.exec(part)
    const last = out[out.length - 1]
    if (!m) {
      if (last) last.message += `; ${part}`
      continue
    }
    const path = (m[1] ?? '').split('.').filter(Boolean)
    if (path[0] === 'patch') path.shift()
    out.push({ path, message: m[2] ?? '' })
  }
  return out
}

/** The issues of an error's message: each with its field's path (without "input"/"patch"), the message in plain words. */
export function errorIssues(message: string): Issue[] {
  // The code ("E_INVALID_INPUT: …") and the method ("compose.preview: …") go.
  const text = message.replace(/^E_[A-Z_]+: /, '').replace(/^[a-z][A-Za-z]*(?:\.[A-Za-z]+)+: (?=input[.:])/, '')
  const issues = inputIssues(text)
  if (!issues) return [{ path: null, message: text }]
  return issues.map((i) => ({ path: i.path, message: plainIssue(i.message) }))
}

const ACRONYMS: Readonly<Record<string, string>> = { url: 'URL', id: 'ID', ids: 'IDs', http: 'HTTP', https: 'HTTPS', hmac: 'HMAC', tls: 'TLS', sec: 's', ms: 'ms' }

/** "maxCapturesPerInbox" → "Max captures per inbox"; "url" → "URL"; "endpointIds" → "Endpoint IDs". */
export function readableName(segment: string): string {
  const words = segment
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((w) => ACRONYMS[w.toLowerCase()] ?? w.toLowerCase())
  const s = words.join(' ')
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/** The label for a path: the longest prefix the view names, else the last segment that is not an index, readable. */
export function fieldLabel(path: readonly string[], labels: FieldLabels = {}): string | null {
  for (let n = path.length; n > 0; n--) {
    const label = labels[path.slice(0, n).join('.')]
    if (label !== undefined) return label
  }
  const named = [...path].reverse().find((s) => !/^\d+$/.test(s))
  return named === undefined ? null : readableName(named)
}

/** One issue as a line: "URL: must be an http:// or https:// URL". */
export function issueText(issue: Issue, labels: FieldLabels = {}): string {
  const label = issue.path && issue.path.length > 0 ? fieldLabel(issue.path, labels) : null
  return label ? `${label}: ${issue.message}` : issue.message
}

function messageOf(err: unknown): string {
  if (typeof err === 'string') return err
  if (err && typeof err === 'object' && 'message' in err) return String((err as { message: unknown }).message)
  return String(err)
}

/** What a user reads for a failed call: no code, no method name, fields by their labels, zod in plain words. */
export function userMessage(err: unknown, labels: FieldLabels = {}): string {
  return firstPerField(errorIssues(messageOf(err)))
    .map((i) => issueText(i, labels))
    .join('; ')
}

/** One issue per field: an empty slug is "cannot be empty", not that and "use lower-case letters…" beside it. */
function firstPerField(issues: Issue[]): Issue[] {
  const seen = new Set<string>()
  return issues.filter((i) => {
    if (!i.path || i.path.length === 0) return true
    const key = i.path.join('.')
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

const TITLES: Readonly<Record<string, string>> = {
  E_INVALID_INPUT: 'Check what was entered',
  E_NOT_FOUND: 'Not found',
  E_CONFLICT: 'Not possible right now',
  E_FORBIDDEN: 'Not allowed',
  E_UNAUTHORIZED: 'Not allowed',
  E_TIMEOUT: 'Timed out',
  E_CONN_REFUSED: 'Connection refused',
  E_RESET: 'Connection reset',
  E_DNS: 'Host not found',
  E_TLS: 'Certificate problem',
  E_NETWORK: 'Network problem',
  E_BODY_TOO_LARGE: 'Too large',
  E_SECRET_UNAVAILABLE: 'Secret unavailable',
  E_DB_CORRUPT: 'Database problem',
  E_DB_READONLY: 'Database is read-only',
  E_DB_FULL: 'Disk full',
  E_DB_NEWER: 'Database from a newer Hooklab',
  E_STOPPED: 'Hooklab is stopping',
  E_CLIPBOARD: 'Clipboard unavailable',
}

/** A short heading for an error: a code becomes words; a title that is already words stays. */
export function errorTitle(codeOrTitle: string): string {
  if (!/^E_[A-Z_]+$/.test(codeOrTitle)) return codeOrTitle
  return TITLES[codeOrTitle] ?? 'Something went wrong'
}
