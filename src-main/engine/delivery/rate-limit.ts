// Token bucket per endpoint: `perSecond` tokens a second, burst of max(1, perSecond).
// The clock is passed in, so tests count admitted requests per window instead of timing them.

export class TokenBucket {
  private tokens: number
  private last: number
  private readonly capacity: number

  constructor(
    private readonly perSecond: number,
    now: number,
  ) {
    this.capacity = Math.max(1, perSecond)
    this.tokens = this.capacity
    this.last = now
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond)
      this.last = now
    }
  }

  tryTake(now: number): boolean {
    this.refill(now)
    if (this.tokens >= 1) {
      this.tokens -= 1
      return true
    }
    return false
  }

  /** Tokens available without taking any. */
  available(now: number): number {
    this.refill(now)
    return Math.floor(this.tokens)
  }

  /** Ms until one token is available (0 when one is). */
  waitMs(now: number): number {
    this.refill(now)
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.perSecond) * 1000)
  }
}
