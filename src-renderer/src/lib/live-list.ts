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
