// Headers as the text areas show them: one "Name: value" per line (the Send view's extra headers,
// the edit-and-replay dialog's).

export function parseHeaderLines(text: string): [string, string][] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.includes(':'))
    .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()] as [string, string])
    .filter(([k]) => k.length > 0)
}

export function formatHeaderLines(headers: ReadonlyArray<readonly [string, string]>): string {
  return headers.map(([k, v]) => `${k}: ${v}`).join('\n')
}
