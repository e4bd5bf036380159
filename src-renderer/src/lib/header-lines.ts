// Headers as the text areas show them: one "Name: value" per line (the Send view's extra headers,
// the endpoint dialog's, the edit-and-replay dialog's).

/** The headers of the text, and the lines that are not "Name: value" (blank lines are neither). */
export function parseHeaderLines(text: string): { headers: [string, string][]; invalid: string[] } {
  const headers: [string, string][] = []
  const invalid: string[] = []
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (!line) continue
    const i = line.indexOf(':')
    if (i <= 0) invalid.push(line)
    else headers.push([line.slice(0, i).trim(), line.slice(i + 1).trim()])
  }
  return { headers, invalid }
}

export function formatHeaderLines(headers: ReadonlyArray<readonly [string, string]>): string {
  return headers.map(([k, v]) => `${k}: ${v}`).join('\n')
}

/** What is wrong with the lines that are not "Name: value", as the forms say it at the field; null when none. */
export function headerLinesProblem(invalid: readonly string[]): string | null {
  if (invalid.length === 0) return null
  const quoted = invalid.map((l) => `"${l}"`)
  const last = quoted.pop()
  return quoted.length === 0 ? `${last} is not "Name: value"` : `${quoted.join(', ')} and ${last} are not "Name: value"`
}
