import type { Command } from 'commander'
import { systemClock } from '../../engine/clock'
import { parseDuration } from '../../engine/duration'
import { openDb } from '../../engine/db/open'
import { EventBus } from '../../engine/events'
import { silentLogger } from '../../engine/logger'
import { dbFile } from '../../engine/paths'
import { createReceiver } from '../../engine/receiver'
import type { CaptureRow, Receiver } from '../../engine/receiver'
import { captureJsonLine, humanLine } from '../capture-lines'
import { printJsonLine, resolveHome, UsageError } from '../io'

interface Flags {
  inbox?: string
  event?: string
  search?: string
  verified?: boolean
  count?: string
  timeout?: string
  since?: string
  json?: boolean
  home?: string
}

/** How often the captures table is looked at; a receiver in another process (the app, serve, listen) writes it. */
const POLL_MS = 100
/** How far back --since looks, at most. */
const LOOK_BACK = 1000
/**
 * A new row counts when it was received since the wait began (or --since back), less this much: a request
 * that arrived just before the start may be committed just after. Rows that are new but were received long
 * before (an import of old captures) are not what a CI job waits for.
 */
const ARRIVAL_SLACK_MS = 5000

// hooklab wait: the assertion a CI job makes about a webhook sender. Exits 0 as soon as the inbox has
// caught the webhooks asked for (printing them), 1 when the timeout passes first, saying what did arrive.
export function registerWait(program: Command): void {
  program
    .command('wait')
    .description('Wait until an inbox catches a matching webhook (caught by the app, serve or listen on this home); exit 0 and print it, or 1 on timeout. For CI.')
    .option('--inbox <slug>', 'only captures of this inbox (default: any)')
    .option('--event <type>', 'only this event type (X-GitHub-Event, a JSON body’s type …); without an action (pull_request) it also takes the Inbox’s pull_request.assigned …')
    .option('--search <text>', 'only captures whose method, path, headers or body contain this (as the Inbox search)')
    .option('--verified', 'only captures whose signature the inbox verified')
    .option('--count <n>', 'wait for this many (default 1)')
    .option('--timeout <duration>', 'give up after this long: 30s, 2m, 500ms (bare number = ms; default 30s)')
    .option('--since <duration>', 'count captures from this long ago too: 1m, 30s (bare number = ms; default: only new ones)')
    .option('--json', 'one JSON line per capture (as listen --json)')
    .option('--home <dir>', 'data dir (default: the app’s, or HOOKLAB_HOME)')
    .action(async (flags: Flags) => {
      process.exit(await runWait(flags))
    })
}

/**
 * Whether a capture's event is the one asked for. The Inbox names GitHub's events `<X-GitHub-Event>.<action>`
 * (pull_request.assigned), while a CI author knows the header's value: a name with no dot takes its actions too.
 */
export function eventMatches(event: string | null, wanted: string): boolean {
  if (event === null) return false
  return event === wanted || (!wanted.includes('.') && event.startsWith(`${wanted}.`))
}

// A bare number is milliseconds, as in `send --timeout` (DESIGN.md "CLI").
function duration(flag: string, text: string): number {
  try {
    return parseDuration(text, 'ms')
  } catch (err) {
    throw new UsageError(`${flag}: ${(err as Error).message}`)
  }
}

/** The duration as the user wrote it ("20s", "2m"), a bare number with its unit: "300" -> "300 ms". */
function spoken(text: string): string {
  const t = text.trim()
  return /^\d+(\.\d+)?$/.test(t) ? `${t} ms` : t
}

async function runWait(flags: Flags): Promise<number> {
  const count = flags.count === undefined ? 1 : Number(flags.count)
  if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new UsageError('--count must be a whole number from 1 to 10000')
  const timeoutMs = duration('--timeout', flags.timeout ?? '30s')
  const sinceMs = flags.since === undefined ? null : duration('--since', flags.since)
  const home = resolveHome(flags.home)
  const db = openDb({ file: dbFile(home) })
  const receiver = createReceiver({ db, bus: new EventBus(), clock: systemClock, logger: silentLogger })
  try {
    const startedAt = Date.now()
    const deadline = startedAt + timeoutMs
    // Where new captures start: after the newest one now (before an inbox is waited for), or --since back (a bounded look).
    const newest = receiver.listCaptures({}, { limit: 1 }).items[0]?.seq ?? 0
    // An inbox that a `listen --inbox SLUG` started just before is about to make is waited for, not refused.
    const inboxId = flags.inbox === undefined ? undefined : await inboxAppearing(receiver, flags.inbox, deadline)
    if (inboxId === null) {
      process.stderr.write(`no inbox "${flags.inbox}" appeared within ${spoken(flags.timeout ?? '30s')} (inboxes: ${receiver.inboxes.list().map((i) => i.slug).join(', ')})\n`)
      return 1
    }
    const filter = { ...(inboxId ? { inboxId } : {}), ...(flags.search ? { text: flags.search } : {}) }
    const windowStart = sinceMs === null ? startedAt - ARRIVAL_SLACK_MS : startedAt - sinceMs
    // What was asked for (event, verified), and within the window (received since the start, or --since back).
    const wanted = (r: CaptureRow): boolean => (!flags.event || eventMatches(r.event, flags.event)) && (!flags.verified || r.verification?.valid === true)
    const matches = (r: CaptureRow): boolean => r.receivedAt >= windowStart && wanted(r)

    let from = newest + 1
    const found: CaptureRow[] = []
    // What arrived while waiting (not the --since look back): the "N others arrived" of a timeout.
    let arrived = 0
    if (sinceMs !== null) {
      const recent = receiver.listCaptures(filter, { limit: LOOK_BACK }).items.filter((r) => r.seq <= newest && r.receivedAt >= windowStart).reverse()
      found.push(...recent.filter(matches))
    }
    const what = [flags.inbox && `inbox ${flags.inbox}`, flags.event && `event ${flags.event}`, flags.search && `"${flags.search}"`, flags.verified && 'verified'].filter(Boolean).join(', ')
    // Said once the starting point is taken: a script may send its webhooks from here on.
    process.stderr.write(`waiting for ${count} matching capture${count === 1 ? '' : 's'}${what ? ` (${what})` : ''}, up to ${spoken(flags.timeout ?? '30s')}\n`)
    while (found.length < count && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, POLL_MS))
      // Newest first, in pages: every capture since the last look, then taken oldest first.
      const fresh: CaptureRow[] = []
      let cursor: string | null = null
      do {
        const page: { items: CaptureRow[]; nextCursor: string | null } = receiver.listCaptures({ ...filter, fromSeq: from }, { cursor, limit: 500 })
        fresh.push(...page.items)
        cursor = page.nextCursor
      } while (cursor)
      fresh.reverse()
      if (fresh.length > 0) from = fresh[fresh.length - 1]!.seq + 1
      arrived += fresh.length
      found.push(...fresh.filter(matches))
    }
    if (found.length < count) {
      // What else arrived: a search narrows the listing itself, so then the new captures are counted apart.
      const foundWaiting = found.filter((r) => r.seq > newest).length
      const others = (flags.search ? arrivedSince(receiver, inboxId, newest + 1) : arrived) - foundWaiting
      const matching = found.length > 0 ? `only ${found.length} of ${count} matching captures` : `no matching capture${count === 1 ? '' : 's'}`
      process.stderr.write(`${matching}${what ? ` (${what})` : ''} within ${spoken(flags.timeout ?? '30s')}; ${others} other${others === 1 ? '' : 's'} arrived\n`)
      // The usual cause in a script: the webhook came before `wait` started.
      if (sinceMs === null) {
        const earlier = receiver
          .listCaptures(filter, { limit: LOOK_BACK })
          .items.filter((r) => r.seq <= newest && r.receivedAt >= startedAt - 10 * 60_000 && wanted(r))
        if (earlier.length > 0) {
          const ago = Math.ceil((Date.now() - earlier[earlier.length - 1]!.receivedAt) / 60_000)
          process.stderr.write(
            `${earlier.length} matching capture${earlier.length === 1 ? '' : 's'} arrived before waiting began; \`--since ${ago}m\` counts ${earlier.length === 1 ? 'it' : 'them'} (or start wait before the sender)\n`,
          )
        }
      }
      return 1
    }
    for (const r of found.slice(0, count)) {
      const c = receiver.getCapture(r.id)
      if (flags.json) printJsonLine(captureJsonLine(c))
      else process.stdout.write(`${humanLine(c)}\n`)
    }
    return 0
  } finally {
    db.close()
  }
}

/** How many captures (of the inbox, if one is given) there are from this position on (up to 10,000). */
function arrivedSince(receiver: Receiver, inboxId: string | undefined, fromSeq: number): number {
  let n = 0
  let cursor: string | null = null
  do {
    const page: { items: CaptureRow[]; nextCursor: string | null } = receiver.listCaptures({ ...(inboxId ? { inboxId } : {}), fromSeq }, { cursor, limit: 500 })
    n += page.items.length
    cursor = page.nextCursor
  } while (cursor && n < 10_000)
  return n
}

/** The inbox's id once it exists (a `listen --inbox` may be creating it), or null when the deadline passes first. */
async function inboxAppearing(receiver: Receiver, slug: string, deadline: number): Promise<string | null> {
  let told = false
  for (;;) {
    const inbox = receiver.inboxes.getBySlug(slug)
    if (inbox) return inbox.id
    if (Date.now() >= deadline) return null
    if (!told) {
      told = true
      process.stderr.write(`no inbox "${slug}" yet (inboxes: ${receiver.inboxes.list().map((i) => i.slug).join(', ')}); waiting for it too\n`)
    }
    await new Promise((r) => setTimeout(r, POLL_MS))
  }
}
