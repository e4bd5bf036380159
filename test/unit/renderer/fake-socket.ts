// A WebSocket stand-in for the browser-mode transport: opens only when told to, records what the
// page sent, and answers a call the way the host would.
export class FakeSocket {
  static OPEN = 1
  static last: FakeSocket | null = null
  readyState = 0
  sent: string[] = []
  onopen: (() => void) | null = null
  onmessage: ((ev: { data: unknown }) => void) | null = null
  onclose: (() => void) | null = null
  constructor(readonly url: string) {
    FakeSocket.last = this
  }
  open(): void {
    this.readyState = FakeSocket.OPEN
    this.onopen?.()
  }
  send(frame: string): void {
    this.sent.push(frame)
  }
  close(): void {
    this.readyState = 3
    this.onclose?.()
  }
  /** Answers the first call to `method` the page sent. */
  answer(method: string, result: unknown): void {
    const frame = this.sent.map((f) => JSON.parse(f) as { id: number; method: string }).find((f) => f.method === method)
    if (!frame) throw new Error(`${method} was not sent`)
    this.onmessage?.({ data: JSON.stringify({ id: frame.id, ok: true, result }) })
  }
}
