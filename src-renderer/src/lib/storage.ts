// localStorage helpers that never throw (private windows, quota).
export function loadNumber(key: string, fallback: number): number {
  try {
    const v = Number(localStorage.getItem(key))
    return Number.isFinite(v) && v > 0 ? v : fallback
  } catch {
    return fallback
  }
}
export function saveNumber(key: string, v: number): void {
  try {
    localStorage.setItem(key, String(Math.round(v)))
  } catch {
    /* storage unavailable: sizes just are not remembered */
  }
}
