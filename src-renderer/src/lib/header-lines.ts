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
