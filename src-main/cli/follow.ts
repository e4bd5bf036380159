// `send --wait` and `replay --wait`: deliver one delivery in this process and report it, attempt by
// attempt, then its final status. Says when its endpoint is (or becomes) disabled, since the wait may
// then be long, and on Ctrl-C that the delivery stays queued and how to drop it.
import type { Engine } from '../engine/engine'
import type { DeliverySummary } from '../engine/delivery/types'
import { printJsonLine } from './io'

export interface Followed {
  deliveryId: string
  messageId: string
  /** The endpoint it goes through (its enabled state is watched), or null for a URL. */
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
  let disabledWatch: NodeJS.Timeout | undefined
  try {
    if (f.endpointId !== null) {
      const endpointId = f.endpointId
      // Disabled while we wait (auto-disabled by a failure streak, or in the app): said once.
      let told = false
      const checkDisabled = (): void => {
        const note = told ? null : disabledNote(engine, endpointId)
        if (
          !note ||
          !['pending', 'sending'].includes(engine.delivery.getDelivery(deliveryId).status)
        )
          return
        told = true
        process.stderr.write(
          `${note}: ${deliveryId} waits in the queue until it is enabled again (in the app); Ctrl-C stops waiting and leaves it queued\n`,
        )
      }
      offs.push(
        engine.bus.on('endpoint.updated', (e) => e.endpointId === endpointId && checkDisabled()),
      )
      disabledWatch = setInterval(checkDisabled, 1000)
    }
    offs.push(
      engine.bus.on('attempt.finished', (e) => {
        if (e.deliveryId !== deliveryId) return
        const durationMs = Math.round(e.durationMs)
        if (json)
          printJsonLine({
            deliveryId,
            messageId,
            attempt: e.attempt,
            status: e.status,
            error: e.error,
            durationMs,
            outcome: e.outcome,
          })
        else
          process.stdout.write(
            `attempt ${e.attempt}: ${e.status !== null ? `HTTP ${e.status}` : (e.error ?? 'error')} in ${durationMs} ms -> ${e.outcome}\n`,
          )
      }),
    )
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
      clearInterval(disabledWatch)
      await engine.stop({ graceMs: 1000 })
      if (!ended) {
        process.stderr.write(
          `interrupted: ${deliveryId} is still queued; the app or \`hooklab serve\` on ${f.home} sends it when it next runs. To drop it: ${cancelCommand(deliveryId, f.homeFlag)}\n`,
        )
        return first === 'SIGINT' ? 130 : 143
      }
    }
    const final = ended ?? (await finished)
    // delivered, failed, dead, or cancelled (by `hooklab cancel` or the app while it waited between attempts).
    if (json)
      printJsonLine({ deliveryId, messageId, final: final.status, attempts: final.attempts })
    else {
      const why =
        final.status === 'delivered'
          ? ''
          : final.status === 'cancelled'
            ? ' (cancelled while waiting for its next attempt)'
            : ` (${final.lastErrorCode ?? final.lastError ?? 'no success'})`
      process.stdout.write(
        `${final.status} ${deliveryId} after ${final.attempts} attempt${final.attempts === 1 ? '' : 's'}${why}\n`,
      )
    }
    return final.status === 'delivered' ? 0 : 1
  } finally {
    clearInterval(disabledWatch)
    for (const off of offs) off()
  }
}

/** 'endpoint "Orders" is disabled (why)' when it is (by a user, or auto-disabled after failures), else null. */
export function disabledNote(engine: Engine, endpointId: string): string | null {
  const ep = engine.endpoints.get(endpointId)
  if (ep.enabled) return null
  const why = ep.disabledReason?.replace(/^disabled /, '')
  return `endpoint "${ep.name}" is disabled${why ? ` (${why})` : ''}`
}

/** The command that cancels this delivery, with the --home it was sent with. */
export function cancelCommand(deliveryId: string, home: string | undefined): string {
  if (home === undefined) return `hooklab cancel ${deliveryId}`
  const quoted = /^[\w@%+=:,./-]+$/.test(home) ? home : `'${home.replace(/'/g, `'\\''`)}'`
  return `hooklab cancel ${deliveryId} --home ${quoted}`
}
