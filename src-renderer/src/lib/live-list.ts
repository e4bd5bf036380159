// The two list moves every live list makes (deliveries, captures), kept in one place.

/** A further page appended below, skipping rows a live batch already put in the list. */
export function appendPage<T extends { id: string }>(rows: T[], page: T[]): T[] {
  const seen = new Set(rows.map((r) => r.id))
  return [...rows, ...page.filter((r) => !seen.has(r.id))]
}

/** Rows held behind the "N new" marker joined at the top, replacing their older copies. */
export function joinHeld<T extends { id: string }>(held: T[], rows: T[]): T[] {
  const ids = new Set(held.map((r) => r.id))
  return [...held, ...rows.filter((r) => !ids.has(r.id))]
}

/** Most rows a live list keeps: a stream of 1,000/s would otherwise grow it without bound. */
export const MAX_ROWS = 5000

/**
 * Keeps the newest `max` rows; when it trims, the page cursor moves to the last kept row so
 * scrolling fetches the trimmed tail again. `cursorOf` gives a row's cursor as the list method makes it.
 */
export function capRows<T>(next: T[], cursorOf: (row: T) => string, max = MAX_ROWS): { rows: T[]; cursor?: string; hasMore?: true } {
  if (next.length <= max) return { rows: next }
  const last = next[max - 1]
  next.length = max
  return last === undefined ? { rows: next } : { rows: next, cursor: cursorOf(last), hasMore: true }
}

/** The list without the given ids (rows retention deleted); the same array when none were in it. */
export function withoutIds<T extends { id: string }>(rows: T[], ids: ReadonlySet<string>): T[] {
  return rows.some((r) => ids.has(r.id)) ? rows.filter((r) => !ids.has(r.id)) : rows
}
