import type { Command } from 'commander'
import { createEngine } from '../../engine/engine'
import type { Engine } from '../../engine/engine'
import type { SchemeId } from '../../engine/signing/types'
import { disabledNote, followDelivery, queuedToDisabled } from '../follow'
import { inboxBySlug, printJsonLine, resolveHome, signingFlags, trustLocalTls, UsageError } from '../io'

// `hooklab replay ID`: a delivery (dlv_…) goes back through the engine with the same message id
// (or a new one with --as-new); a capture (cap_…) is replayed to --to, as it was or re-signed
// (--scheme/--secret). `hooklab replay --inbox SLUG [--search TEXT] --to URL` replays every capture the
// inbox (and search) holds, oldest first, as the Inbox's "Replay all…" does.

interface ReplayFlags {
  to?: string
  asNew?: boolean
  inbox?: string
  search?: string
  scheme?: string
  secret?: string
  wait?: boolean
  json?: boolean
  home?: string
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('Replay a delivery (dlv_…), a captured request (cap_…, needs --to), or every capture of an inbox (--inbox, needs --to).')
    .argument('[id]', 'delivery id or capture id')
    .option('--to <url>', 'send to this URL instead (required for captures)')
    .option('--as-new', 'mint a new message id (a plain replay keeps it, so receivers can dedupe)')
    .option('--inbox <slug>', 'replay every capture of this inbox, oldest first (at most 1000)')
    .option('--search <text>', 'with --inbox: only the captures this search finds (as the Inbox search box)')
    .option('--scheme <scheme>', 'captures: re-sign with this scheme (with --secret) instead of sending the old signature')
    .option('--secret <secret>', 'the secret to re-sign with')
    .option('--wait', 'deliver now and wait for the final result (exit 0 delivered, 1 otherwise)')
    .option('--json', 'JSON lines: the attempts and the result with --wait, else {"deliveryId","queued":true}')
    .option('--home <dir>', 'data dir (default: the desktop app’s, or HOOKLAB_HOME)')
    .action(async (id: string | undefined, flags: ReplayFlags) => {
      if (flags.inbox !== undefined) {
        if (id !== undefined) throw new UsageError('give an id or --inbox, not both')
        process.exitCode = await runInboxReplay(flags.inbox, flags)
      } else {
        if (id === undefined) throw new UsageError('give a delivery or capture id, or --inbox SLUG')
        process.exitCode = await runReplay(id, flags)
      }
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

/** How a capture replay is signed: as captured, or re-signed with --scheme/--secret. */
function captureMode(flags: ReplayFlags): { mode: 'as-is' } | { mode: 're-sign'; signing: { scheme: SchemeId; secret: string } } {
  const signing = signingFlags(flags.scheme, flags.secret)
  return signing ? { mode: 're-sign', signing } : { mode: 'as-is' }
}

async function runInboxReplay(slug: string, flags: ReplayFlags): Promise<number> {
  if (flags.to === undefined) throw new UsageError('--inbox needs --to URL')
  checkUrl(flags.to)
  if (flags.wait) throw new UsageError('--wait follows one replay; --inbox queues them (watch them in the app, or `hooklab export`)')
  if (flags.asNew) throw new UsageError('--as-new is for deliveries; a replayed capture always gets a new delivery')
  const mode = captureMode(flags)
  const engine = createEngine({ home: resolveHome(flags.home) })
  try {
    const inbox = inboxBySlug(engine.receiver.inboxes, slug)
    const result = engine.receiver.replayCaptures({ inboxId: inbox.id, ...(flags.search ? { text: flags.search } : {}) }, { to: flags.to, ...mode })
    engine.delivery.flush()
    if (flags.json) printJsonLine(result)
    else {
      const skipped = result.skippedOversize > 0 ? ` (${result.skippedOversize} over the size limit skipped)` : ''
      process.stdout.write(`queued ${result.enqueued} replay${result.enqueued === 1 ? '' : 's'} to ${flags.to}${skipped}\n`)
    }
    process.stderr.write(queuedNote(engine, false))
    return 0
  } finally {
    await engine.stop({ graceMs: 2000 })
  }
}

/** Whether a running Hooklab will send what was queued, or what to do when none is running. */
function queuedNote(engine: Engine, orWait: boolean): string {
  return engine.liveEngines().length > 0
    ? 'queued; the running Hooklab on this data dir will send it.\n'
    : `queued; no Hooklab is running on this data dir: start the app or \`hooklab serve\`${orWait ? ', or use --wait' : ''}.\n`
}

async function runReplay(id: string, flags: ReplayFlags): Promise<number> {
  const isDelivery = id.startsWith('dlv_')
  const isCapture = id.startsWith('cap_')
  if (!isDelivery && !isCapture) throw new UsageError(`"${id}" is neither a delivery id (dlv_…) nor a capture id (cap_…)`)
  if (flags.to !== undefined) checkUrl(flags.to)
  if (isCapture && flags.to === undefined) throw new UsageError('replaying a capture needs --to URL')
  if (flags.search !== undefined) throw new UsageError('--search goes with --inbox')
  if (isDelivery && (flags.scheme !== undefined || flags.secret !== undefined))
    throw new UsageError('--scheme/--secret re-sign captures; a delivery is signed as its endpoint signs')
  if (isCapture && flags.asNew)
    throw new UsageError('--as-new is for deliveries: a capture goes with the headers it was caught with (its webhook-id too); re-sign it with --scheme/--secret to send it under a new id')
  const mode = isCapture ? captureMode(flags) : null
  // With --wait this process sends only its own replay, never other rows queued on the home.
  const only = new Set<string>()
  const home = resolveHome(flags.home)
  const engine = createEngine({ home, dispatchOnly: flags.wait ? only : undefined, trustLocalTls: trustLocalTls(home) })
  try {
    // A replay to its endpoint waits in the queue while the endpoint is disabled: --wait would wait for that in silence.
    const endpointId = isDelivery && flags.to === undefined ? engine.delivery.getDelivery(id).endpointId : null
    const disabled = endpointId === null ? null : disabledNote(engine, endpointId)
    if (disabled && flags.wait)
      throw new UsageError(`${disabled}: --wait would wait until it is enabled again. Enable it in the app, replay without --wait to queue it for then, or replay --to its URL`)
    let result: { deliveryId: string; messageId: string }
    if (isDelivery) {
      result = engine.delivery.replay(id, { asNew: flags.asNew ?? false, ...(flags.to !== undefined ? { to: flags.to } : {}) })
    } else {
      result = engine.receiver.replayCapture(id, { to: flags.to!, ...mode! })
    }
    only.add(result.deliveryId)
    engine.delivery.flush()
    if (!flags.wait) {
      // As `send --json` prints a queued delivery.
      if (flags.json) printJsonLine({ deliveryId: result.deliveryId, queued: true })
      else process.stdout.write(`${result.deliveryId}\n`)
      process.stderr.write(
        disabled
          ? queuedToDisabled(disabled, result.deliveryId, flags.home)
          : queuedNote(engine, true),
      )
      return 0
    }
    return await followDelivery(engine, { ...result, endpointId, json: flags.json ?? false, homeFlag: flags.home, home })
  } finally {
    await engine.stop({ graceMs: 2000 })
  }
}
