import { staleSignatureAge } from '../../../src-preload/signed-age'
import type { Command } from 'commander'
import { createEngine } from '../../engine/engine'
import { resigningSecret } from '../../engine/receiver/verification'
import type { Engine } from '../../engine/engine'
import type { SchemeId } from '../../engine/signing/types'
import { cancelCommand, disabledNote, followDelivery, queuedToDisabled } from '../follow'
import { inboxBySlug, printJsonLine, resolveHome, signingFlags, trustLocalTls, UsageError } from '../io'

// `hooklab replay ID`: a delivery (dlv_…) goes back through the engine with the same message id
// (or a new one with --as-new); a capture (cap_…) is replayed to --to, as it was or re-signed
// (--scheme/--secret). `hooklab replay --inbox SLUG [--search TEXT] --to URL` replays every capture the
// inbox (and search) holds, oldest first, as the Inbox's "Replay all…" does. Without --to a capture goes
// to its inbox's forward target; re-signing without --secret uses the secret the inbox verifies with.

interface ReplayFlags {
  to?: string
  asNew?: boolean
  inbox?: string
  search?: string
  scheme?: string
  secret?: string
  resign?: boolean
  wait?: boolean
  json?: boolean
  home?: string
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('Replay a delivery (dlv_…), a captured request (cap_…), or every capture of an inbox (--inbox).')
    .argument('[id]', 'delivery id or capture id')
    .option('--to <url>', 'send to this URL instead (captures: default the inbox’s forward target)')
    .option('--as-new', 'mint a new message id (a plain replay keeps it, so receivers can dedupe)')
    .option('--inbox <slug>', 'replay every capture of this inbox, oldest first (at most 1000)')
    .option('--search <text>', 'with --inbox: only the captures this search finds (as the Inbox search box)')
    .option('--scheme <scheme>', 'captures: re-sign with this scheme instead of sending the old signature')
    .option('--secret <secret>', 'the secret to re-sign with (default: the inbox’s, when it verifies that scheme)')
    .option('--resign', 'captures: re-sign as the inbox verifies (its scheme and secret), with a fresh timestamp')
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

type CaptureMode = { mode: 'as-is' } | { mode: 're-sign'; signing: { scheme: SchemeId; secret: string } }

/** What inbox `slug` verifies with, its secrets unsealed. */
function inboxVerification(engine: Engine, slug: string) {
  try {
    return engine.receiver.inboxes.runtimeBySlug(slug)?.verification ?? null
  } catch {
    // Sealed by a box this process does not hold (the app's keychain).
    throw new UsageError(`the secret of inbox "${slug}" cannot be unsealed here: give --secret to re-sign with`)
  }
}

/**
 * How a capture replay is signed: as captured, or re-signed with --scheme/--secret. Re-signing (--resign, or
 * --scheme alone) without --secret takes the inbox's verification: its scheme, and its newest secret.
 */
function captureMode(engine: Engine, inboxId: string, flags: ReplayFlags): CaptureMode {
  if (flags.secret !== undefined && flags.scheme === undefined && !flags.resign) throw new UsageError('--secret goes with --scheme (or --resign)')
  if (!flags.resign && flags.scheme === undefined) return { mode: 'as-is' }
  if (flags.secret !== undefined && flags.scheme !== undefined) return { mode: 're-sign', signing: signingFlags(flags.scheme, flags.secret)! }
  const slug = engine.receiver.inboxes.get(inboxId).slug
  const stored = inboxVerification(engine, slug)
  const scheme = flags.scheme ?? stored?.scheme
  if (scheme === undefined) throw new UsageError(`--resign takes the inbox's verification, and inbox "${slug}" verifies no signatures: give --scheme and --secret`)
  if (flags.secret !== undefined) return { mode: 're-sign', signing: signingFlags(scheme, flags.secret)! }
  const secret = resigningSecret(stored, scheme)
  if (secret === undefined)
    throw new UsageError(`re-signing with ${scheme} needs --secret: inbox "${slug}" ${stored ? `verifies ${stored.scheme}` : 'verifies no signatures'}, so it has no ${scheme} secret to use`)
  return { mode: 're-sign', signing: signingFlags(scheme, secret)! }
}

/** Where a capture replay goes: --to, or the inbox's forward target (said on stderr), or a usage error. */
function captureTarget(engine: Engine, inboxId: string, flags: ReplayFlags): string {
  if (flags.to !== undefined) return flags.to
  const inbox = engine.receiver.inboxes.get(inboxId)
  if (inbox.forwardTo === null) throw new UsageError(`replaying a capture needs --to URL (inbox "${inbox.slug}" forwards nowhere to default to)`)
  process.stderr.write(`to ${inbox.forwardTo}, inbox "${inbox.slug}"'s forward target (--to sends elsewhere)\n`)
  return inbox.forwardTo
}

/** A warning when a capture replayed as captured carries a signature a freshness check would refuse. */
function staleSignatureNote(headers: ReadonlyArray<readonly [string, string]>, now: number): string {
  const age = staleSignatureAge(headers, now)
  if (age === null) return ''
  return `its signature is ${age} old: a receiver checking freshness will refuse it — re-sign instead (--resign)\n`
}

async function runInboxReplay(slug: string, flags: ReplayFlags): Promise<number> {
  if (flags.to !== undefined) checkUrl(flags.to)
  if (flags.wait) throw new UsageError('--wait follows one replay; --inbox queues them (watch them in the app, or `hooklab export`)')
  if (flags.asNew) throw new UsageError('--as-new is for deliveries; a replayed capture always gets a new delivery')
  const engine = createEngine({ home: resolveHome(flags.home) })
  try {
    const inbox = inboxBySlug(engine.receiver.inboxes, slug)
    const mode = captureMode(engine, inbox.id, flags)
    const to = captureTarget(engine, inbox.id, flags)
    const result = engine.receiver.replayCaptures({ inboxId: inbox.id, ...(flags.search ? { text: flags.search } : {}) }, { to, ...mode })
    engine.delivery.flush()
    if (flags.json) printJsonLine(result)
    else {
      const skipped = result.skippedOversize > 0 ? ` (${result.skippedOversize} over the size limit skipped)` : ''
      process.stdout.write(`queued ${result.enqueued} replay${result.enqueued === 1 ? '' : 's'} to ${to}${skipped}\n`)
    }
    process.stderr.write(queuedNote(engine, false))
    return 0
  } finally {
    await engine.stop({ graceMs: 2000 })
  }
}

/** A replay is a second delivery: the original, still waiting out its backoff, goes again too (same message id unless --as-new). */
function stillQueuedNote(id: string, nextAttemptAt: number | null, homeFlag: string | undefined): string {
  const when = nextAttemptAt === null ? '' : ` at ${new Date(nextAttemptAt).toLocaleTimeString()}`
  return `the original ${id} is still queued and will be attempted again${when}: cancel it (\`${cancelCommand(id, homeFlag)}\`), or use Retry now in the app\n`
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
  if (flags.search !== undefined) throw new UsageError('--search goes with --inbox')
  if (isDelivery && (flags.scheme !== undefined || flags.secret !== undefined || flags.resign))
    throw new UsageError('--scheme/--secret/--resign re-sign captures; a delivery is signed as its endpoint signs')
  if (isCapture && flags.asNew)
    throw new UsageError('--as-new is for deliveries: a capture goes with the headers it was caught with (its webhook-id too); re-sign it with --resign or --scheme/--secret to send it under a new id')
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
      const original = engine.delivery.getDelivery(id)
      result = engine.delivery.replay(id, { asNew: flags.asNew ?? false, ...(flags.to !== undefined ? { to: flags.to } : {}) })
      if (original.status === 'pending') process.stderr.write(stillQueuedNote(original.id, original.nextAttemptAt, flags.home))
    } else {
      const capture = engine.receiver.getCapture(id)
      const mode = captureMode(engine, capture.inboxId, flags)
      const to = captureTarget(engine, capture.inboxId, flags)
      if (mode.mode === 'as-is') process.stderr.write(staleSignatureNote(capture.headers, Date.now()))
      result = engine.receiver.replayCapture(id, { to, ...mode })
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
