// Per-endpoint rate limit: at most `perSecond` attempts start in any one-second window (a rate below 1
// means one per 1/rate seconds). A rolling window, not a token bucket: a bucket that starts full lets
// twice the rate through in the first second, which a receiver limiting strictly per second answers with
// 429s. The clock is passed in, so tests count admitted requests per window instead of timing them.

export class RateWindow {
  /** Start times of the attempts in the current window, oldest first (at most `limit`). */
  private readonly starts: number[] = []
  private readonly limit: number
  private readonly windowMs: number

  constructor(perSecond: number) {
    this.limit = Math.max(1, Math.floor(perSecond))
    this.windowMs = (this.limit * 1000) / perSecond
  }

  /**
   * Forgets starts that left the window (one started exactly windowMs ago still counts). Starts "in the
   * future" mean the wall clock stepped back (NTP, a resumed VM): they count as now, or the endpoint
   * would wait out the whole step.
   */
  private prune(now: number): void {
    for (let i = this.starts.length - 1; i >= 0 && this.starts[i]! > now; i--) this.starts[i] = now
    while (this.starts.length > 0 && this.starts[0]! < now - this.windowMs) this.starts.shift()
  }

  tryTake(now: number): boolean {
    this.prune(now)
    if (this.starts.length >= this.limit) return false
    this.starts.push(now)
    return true
  }

  /** Attempts that may start now. */
  available(now: number): number {
    this.prune(now)
    return this.limit - this.starts.length
  }

  /** Ms until one may start (0 when one may now). */
  waitMs(now: number): number {
    this.prune(now)
    return this.starts.length < this.limit ? 0 : Math.max(1, Math.ceil(this.starts[0]! + this.windowMs - now) + 1)
  }
}
