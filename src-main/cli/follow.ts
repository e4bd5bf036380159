// `send --wait` and `replay --wait`: deliver one delivery in this process and report it, attempt by
// attempt, then its final status. The attempts are read back from the home's database, so one that
// another Hooklab on the same home made (the app, `serve`) is printed too, with its error's words and
// when the next one is due. Says when the delivery is held (its endpoint disabled, its breaker open),
// since the wait may then be long, and on Ctrl-C that it stays queued and how to drop it.
import type { Engine } from '../engine/engine'
import type { AttemptRecord, DeliverySummary } from '../engine/delivery/types'
import { humanSpan } from '../../src-preload/human-span'
import { printable } from './capture-lines'
import { printJsonLine } from './io'

export interface Followed {
  deliveryId: string
  messageId: string
  /** The endpoint it goes through (its enabled state and breaker are watched), or null for a URL. */
  endpointId: string | null
  json: boolean
  /** --home as given, for the cancel command printed on Ctrl-C; the resolved home for the messages. */
  homeFlag: string | undefined
  home: string
}

/** Starts the engine, waits for the delivery's final status, and returns the exit code (0 delivered, 1 otherwise, 130/143 on a signal). */
export async function followDelivery(engine: Engine, f: Followed): Promise<number> {
  const { deliveryId, messageId, json } = f
  const offs: Array<() => void> = []
  let watch: NodeJS.Timeout | undefined
  const printed = new Set<number>()
  // Every recorded attempt not printed yet, oldest first: ours on its event, another engine's on the next look.
  let stopped = false
  const printNew = (): void => {
    if (stopped) return // the database is closed; what ended in the grace period was printed on its event
    const d = engine.delivery.getDelivery(deliveryId)
    for (const a of d.attemptsList) {
      if (printed.has(a.number)) continue
      printed.add(a.number)
      const durationMs = Math.round(a.timings.totalMs)
      if (json)
        printJsonLine({
          deliveryId,
          messageId,
          attempt: a.number,
          status: a.response?.status ?? null,
          error: a.error?.code ?? null,
          durationMs,
          outcome: a.outcome,
        })
      else
        process.stdout.write(
          `${attemptLine(a, a.number === d.attempts ? d.nextAttemptAt : null)}\n`,
        )
    }
  }
  try {
    let told: string | null = null
    // Held (disabled, or an open breaker): said once per reason, since the wait may now be long.
    const checkHeld = (): void => {
      printNew()
      if (
        f.endpointId === null ||
        !['pending', 'sending'].includes(engine.delivery.getDelivery(deliveryId).status)
      )
        return
      const note = heldNote(engine, f.endpointId)
      if (!note || note.kind === told) return
      told = note.kind
      process.stderr.write(
        `${note.text}: ${deliveryId} waits in the queue until ${note.until}; Ctrl-C stops waiting and leaves it queued\n`,
      )
    }
    if (f.endpointId !== null)
      offs.push(
        engine.bus.on('endpoint.updated', (e) => e.endpointId === f.endpointId && checkHeld()),
      )
    offs.push(engine.bus.on('attempt.finished', (e) => e.deliveryId === deliveryId && printNew()))
    watch = setInterval(checkHeld, 1000)
    engine.start()
    // Ctrl-C (or a kill) while waiting: the delivery stays in the home's queue, and the app or `serve` sends it
    // when it next runs there. Say so, and how to drop it, rather than leave it to surprise.
    let ended: DeliverySummary | undefined
    const finished = engine.delivery.waitFor(deliveryId).then((d) => (ended = d))
    const signalled = new Promise<NodeJS.Signals>((resolve) => {
      for (const sig of ['SIGINT', 'SIGTERM'] as const) {
        const on = (): void => resolve(sig)
        process.once(sig, on)
        offs.push(() => process.off(sig, on))
      }
    })
    const first = await Promise.race([finished, signalled])
    if (typeof first === 'string') {
      // An attempt on the wire gets a moment to finish (its result is then known); past that it is cut and due again.
      clearInterval(watch)
      const othersRunning = engine.liveEngines().length > 0 // asked before this engine stops (and closes the database)
      await engine.stop({ graceMs: 1000 })
      stopped = true
      if (!ended) {
        const who = othersRunning
          ? `the Hooklab running on ${f.home} sends it`
          : `the app or \`hooklab serve\` on ${f.home} sends it when it next runs`
        process.stderr.write(
          `interrupted: ${deliveryId} is still queued; ${who}. To drop it: ${cancelCommand(deliveryId, f.homeFlag)}\n`,
        )
        return first === 'SIGINT' ? 130 : 143
      }
    }
    const final = ended ?? (await finished)
    printNew()
    // delivered, failed, dead, or cancelled (by `hooklab cancel` or the app while it waited between attempts).
    if (json)
      printJsonLine({ deliveryId, messageId, final: final.status, attempts: final.attempts })
    else {
      const why =
        final.status === 'delivered'
          ? ''
          : final.status === 'cancelled'
            ? cancelledWhen(engine, deliveryId, stopped)
            : ` (${final.lastErrorCode ?? final.lastError ?? 'no success'})`
      process.stdout.write(
        `${final.status} ${deliveryId} after ${final.attempts} attempt${final.attempts === 1 ? '' : 's'}${why}\n`,
      )
    }
    return final.status === 'delivered' ? 0 : 1
  } finally {
    clearInterval(watch)
    for (const off of offs) off()
  }
}

/**
 * 'attempt 2: HTTP 429 in 22 ms -> retrying in 1h', 'attempt 1: E_TLS (TLS error: self-signed certificate) in 81 ms -> dead',
 * 'attempt 1: HTTP 301 (redirect to https://…, not followed) in 5 ms -> dead'. `nextAttemptAt` only for the newest attempt.
 */
export function attemptLine(a: AttemptRecord, nextAttemptAt: number | null): string {
  let what: string
  if (a.response) {
    what = `HTTP ${a.response.status}`
    const location = a.response.headers.find(([n]) => n.toLowerCase() === 'location')?.[1]
    if (a.response.status >= 300 && a.response.status < 400 && location)
      what += ` (redirect to ${printable(location)}, not followed)`
    if (a.error) what += ` ${a.error.code} (${printable(a.error.message)})`
  } else what = a.error ? `${a.error.code} (${printable(a.error.message)})` : 'no answer'
  const next =
    a.outcome === 'retrying' && nextAttemptAt !== null
      ? ` in ${humanSpan(Math.max(0, nextAttemptAt - Date.now()))}`
      : ''
  return `attempt ${a.number}: ${what} in ${Math.round(a.timings.totalMs)} ms -> ${a.outcome}${next}`
}

/** When a delivery was cancelled: during an attempt (which then failed: a success would have delivered it), or between two. */
function cancelledWhen(engine: Engine, deliveryId: string, stopped: boolean): string {
  const last = stopped ? undefined : engine.delivery.getDelivery(deliveryId).attemptsList.at(-1)
  return last?.outcome === 'cancelled'
    ? ` (cancelled while attempt ${last.number} was on the wire; it did not succeed)`
    : ' (cancelled while waiting for its next attempt)'
}

/** Why this endpoint holds its deliveries now (disabled, or its breaker open), else null. */
function heldNote(
  engine: Engine,
  endpointId: string,
): { kind: string; text: string; until: string } | null {
  const ep = engine.endpoints.get(endpointId)
  const disabled = disabledNote(engine, endpointId)
  if (disabled)
    return { kind: 'disabled', text: disabled, until: 'it is enabled again (in the app)' }
  if (ep.breaker.state === 'open' && ep.breaker.openedAt !== null) {
    const left = ep.breaker.openedAt + ep.breaker.cooldownMs - Date.now()
    return {
      kind: `open ${ep.breaker.openedAt}`,
      text: `endpoint "${ep.name}"'s circuit breaker is open (${ep.breaker.consecutiveFailures} consecutive failures)`,
      until: left > 0 ? `a probe in ${humanSpan(left)} succeeds` : 'a probe succeeds',
    }
  }
  return null
}

/** 'endpoint "Orders" is disabled (why)' when it is (by a user, or auto-disabled after failures), else null. */
export function disabledNote(engine: Engine, endpointId: string): string | null {
  const ep = engine.endpoints.get(endpointId)
  if (ep.enabled) return null
  const why = ep.disabledReason?.replace(/^disabled /, '')
  return `endpoint "${ep.name}" is disabled${why ? ` (${why})` : ''}`
}

/** What the CLI says of a delivery queued to a disabled endpoint (`disabled` from disabledNote). */
export function queuedToDisabled(disabled: string, deliveryId: string, homeFlag: string | undefined): string {
  return `queued, but ${disabled}: it is sent once the endpoint is enabled again (in the app); \`${cancelCommand(deliveryId, homeFlag)}\` drops it\n`
}

/** The command that cancels this delivery, with the --home it was sent with. */
export function cancelCommand(deliveryId: string, home: string | undefined): string {
  if (home === undefined) return `hooklab cancel ${deliveryId}`
  const quoted = /^[\w@%+=:,./-]+$/.test(home) ? home : `'${home.replace(/'/g, `'\\''`)}'`
  return `hooklab cancel ${deliveryId} --home ${quoted}`
}
