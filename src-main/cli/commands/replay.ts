import type { Command } from 'commander'
import { createEngine } from '../../engine/engine'
import type { Engine } from '../../engine/engine'
import { printJsonLine, resolveHome, UsageError } from '../io'

// `hooklab replay ID`: a delivery (dlv_…) goes back through the engine with the same message id
// (or a new one with --as-new); a capture (cap_…) is replayed as it was to --to.

interface ReplayFlags {
  to?: string
  asNew?: boolean
  wait?: boolean
  json?: boolean
  home?: string
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('Replay a delivery (dlv_…) or a captured request (cap_…, needs --to).')
    .argument('<id>', 'delivery id or capture id')
    .option('--to <url>', 'send to this URL instead (required for captures)')
    .option('--as-new', 'mint a new message id (a plain replay keeps it, so receivers can dedupe)')
    .option('--wait', 'deliver now and wait for the final result (exit 0 delivered, 1 otherwise)')
    .option('--json', 'attempt lines as JSON')
    .option('--home <dir>', 'data dir (default: the desktop app’s, or HOOKLAB_HOME)')
    .action(async (id: string, flags: ReplayFlags) => {
      process.exitCode = await runReplay(id, flags)
    })
}

function checkUrl(text: string): void {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new UsageError(`--to "${text}" is not a URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--to must be an http:// or https:// URL')
}

async function runReplay(id: string, flags: ReplayFlags): Promise<number> {
  const isDelivery = id.startsWith('dlv_')
  const isCapture = id.startsWith('cap_')
  if (!isDelivery && !isCapture) throw new UsageError(`"${id}" is neither a delivery id (dlv_…) nor a capture id (cap_…)`)
  if (flags.to !== undefined) checkUrl(flags.to)
  if (isCapture && flags.to === undefined) throw new UsageError('replaying a capture needs --to URL')
  // With --wait this process sends only its own replay, never other rows queued on the home.
  const only = new Set<string>()
  const engine = createEngine({ home: resolveHome(flags.home), dispatchOnly: flags.wait ? only : undefined })
  try {
    let result: { deliveryId: string; messageId: string }
    if (isDelivery) {
      result = engine.delivery.replay(id, { asNew: flags.asNew ?? false, ...(flags.to !== undefined ? { to: flags.to } : {}) })
    } else {
      result = engine.receiver.replayCapture(id, { to: flags.to!, mode: 'as-is' })
    }
    only.add(result.deliveryId)
    engine.delivery.flush()
    if (!flags.wait) {
      process.stdout.write(`${result.deliveryId}\n`)
      const live = engine.liveEngines().length > 0
      process.stderr.write(
        live
          ? 'queued; the running Hooklab on this data dir will send it.\n'
          : 'queued; no Hooklab is running on this data dir: start the app or `hooklab serve`, or use --wait.\n',
      )
      return 0
    }
    return await waitAndReport(engine, result, flags.json ?? false)
  } finally {
    await engine.stop({ graceMs: 2000 })
  }
}

async function waitAndReport(engine: Engine, ids: { deliveryId: string; messageId: string }, json: boolean): Promise<number> {
  const off = engine.bus.on('attempt.finished', (a) => {
    if (a.deliveryId !== ids.deliveryId) return
    if (json)
      printJsonLine({
        deliveryId: a.deliveryId,
        messageId: ids.messageId,
        attempt: a.attempt,
        status: a.status,
        error: a.error,
        durationMs: Math.round(a.durationMs),
        outcome: a.outcome,
      })
    else
      process.stdout.write(
        `attempt ${a.attempt}: ${a.status ?? a.error ?? 'no answer'} in ${Math.round(a.durationMs)} ms -> ${a.outcome}\n`,
      )
  })
  engine.start()
  const final = await engine.delivery.waitFor(ids.deliveryId)
  off()
  if (json) printJsonLine({ deliveryId: ids.deliveryId, messageId: ids.messageId, final: final.status, attempts: final.attempts })
  else process.stdout.write(`${final.status} after ${final.attempts} attempt${final.attempts === 1 ? '' : 's'} (${ids.deliveryId})\n`)
  return final.status === 'delivered' ? 0 : 1
}
