// A number typed in a form field, checked before it is sent: an emptied field is not a 0.

/** A whole number in the field's range, or what is wrong with the text. */
export function checkNumber(text: string, range: { min: number; max: number }): { value: number } | { error: string } {
  if (text.trim() === '') return { error: 'enter a number' }
  const n = Number(text)
  if (!Number.isFinite(n)) return { error: 'enter a number' }
  if (!Number.isInteger(n)) return { error: 'must be a whole number' }
  if (n < range.min) return { error: `must be at least ${range.min.toLocaleString('en-US')}` }
  if (n > range.max) return { error: `must be at most ${range.max.toLocaleString('en-US')}` }
  return { value: n }
}
