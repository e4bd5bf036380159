// How a span of time is said, the same in the app and the CLI (plain code: this runs everywhere).

/** A span as people say it: "1d 3h", "1m 3s", "2.5s", "450ms" (the two largest units, smaller ones dropped). */
export function humanSpan(msv: number): string {
  if (msv < 1000) return `${Math.round(msv)}ms`
  if (msv < 60_000) return `${Number((msv / 1000).toFixed(1))}s`
  const units: Array<[string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ]
  const parts: string[] = []
  let rest = Math.round(msv / 1000) * 1000
  for (const [name, size] of units) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)}${name}`)
      rest %= size
    } else if (parts.length > 0) break
  }
  return parts.join(' ')
}
