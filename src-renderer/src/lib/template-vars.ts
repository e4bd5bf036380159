// Template variables substituted at send time: {{uuid}}, {{now}} (ISO), {{timestamp}} (unix s), {{counter}}.

const COUNTER_KEY = 'hooklab.template.counter'

function nextCounter(): number {
  const n = Number(localStorage.getItem(COUNTER_KEY) ?? '0') + 1
  localStorage.setItem(COUNTER_KEY, String(n))
  return n
}

export function hasVariables(text: string): boolean {
  return /\{\{\s*(uuid|now|timestamp|counter)\s*\}\}/.test(text)
}

export function substitute(text: string, counter: () => number = nextCounter): string {
  let c: number | null = null
  return text.replace(/\{\{\s*(uuid|now|timestamp|counter)\s*\}\}/g, (_m, name: string) => {
    switch (name) {
      case 'uuid':
        return crypto.randomUUID()
      case 'now':
        return new Date().toISOString()
      case 'timestamp':
        return String(Math.floor(Date.now() / 1000))
      default:
        // One counter value per substitution pass, so a body can mention it twice consistently.
        if (c == null) c = counter()
        return String(c)
    }
  })
}

/** For JSON validation before sending: variables replaced with harmless stand-ins. */
export function substituteForLint(text: string): string {
  return text.replace(/\{\{\s*(uuid|now|timestamp|counter)\s*\}\}/g, (_m, name: string) => (name === 'counter' || name === 'timestamp' ? '1' : 'x'))
}
