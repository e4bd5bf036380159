// How old a captured request's signature is, for the schemes that sign a timestamp (standard/Svix,
// Stripe, Slack): replayed "as captured", a signature older than the providers' tolerance is refused
// by any receiver that checks freshness. Shared by the replay dialog and `hooklab replay`.

/** Providers refuse a signature older than this (Stripe's, Svix's and Slack's default tolerance). */
export const FRESHNESS_MS = 5 * 60_000

/** When a captured request was signed (ms), or null when its scheme signs no timestamp. */
export function signedAt(headers: ReadonlyArray<readonly [string, string]>): number | null {
  const header = (name: string): string | undefined => headers.find(([k]) => k.toLowerCase() === name)?.[1]
  let seconds = header('webhook-timestamp') ?? header('svix-timestamp') ?? header('x-slack-request-timestamp')
  const stripe = header('stripe-signature')
  if (seconds === undefined && stripe !== undefined) {
    // "t=<unix s>,v1=<hex>": the last t= is the one Stripe reads.
    for (const item of stripe.split(',')) if (item.startsWith('t=')) seconds = item.slice(2)
  }
  if (seconds === undefined || !/^\d{1,12}$/.test(seconds.trim())) return null
  return Number(seconds.trim()) * 1000
}

/** "12 min", "3 h", "2 days" old, when the signature is past FRESHNESS_MS; null when fresh or unsigned. */
export function staleSignatureAge(headers: ReadonlyArray<readonly [string, string]>, now: number): string | null {
  const at = signedAt(headers)
  if (at === null || now - at <= FRESHNESS_MS) return null
  const min = Math.floor((now - at) / 60_000)
  if (min < 120) return `${min} min`
  const h = Math.floor(min / 60)
  return h < 48 ? `${h} h` : `${Math.floor(h / 24)} days`
}
