import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import type { Command } from 'commander'
import { createEngine } from '../../engine/engine'
import type { DeliveryStatus } from '../../engine/delivery/types'
import { runExport } from '../../api/export-stream'
import type { ExportJob } from '../../api/export-stream'
import { UsageError, inboxBySlug, resolveHome } from '../io'

const STATUSES: DeliveryStatus[] = ['pending', 'sending', 'delivered', 'failed', 'dead', 'cancelled']

interface Flags {
  out?: string
  captures?: boolean
  inbox?: string
  endpoint?: string
  status?: string
  since?: string
  until?: string
  home?: string
}

function time(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const t = Date.parse(text)
  if (Number.isNaN(t)) throw new UsageError(`${flag} "${text}" is not an ISO date/time (e.g. 2026-01-31T12:00:00Z)`)
  return t
}

// hooklab export: the attempt log (hooklab.attempts/v1) or, with --captures, the inboxes' captures
// (hooklab.captures/v1), as one streamed JSON document.
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('Export deliveries and every attempt (hooklab.attempts/v1), or with --captures the captured requests (hooklab.captures/v1), as JSON, streamed.')
    .option('--out <file>', 'write to this file (default: stdout)')
    .option('--captures', 'export the inboxes’ captures instead of the attempt log')
    .option('--inbox <slug>', 'with --captures: only this inbox')
    .option('--endpoint <id>', 'only this endpoint’s deliveries')
    .option('--status <status>', `only this status (${STATUSES.join(', ')})`)
    .option('--since <iso>', 'only what was created (received) at or after this time (ISO 8601)')
    .option('--until <iso>', 'only what was created (received) before this time (ISO 8601)')
    .option('--home <dir>', 'data dir (default: the app’s, or HOOKLAB_HOME)')
    .action(async (flags: Flags) => {
      const since = time('--since', flags.since)
      const until = time('--until', flags.until)
      if (flags.captures && (flags.endpoint !== undefined || flags.status !== undefined))
        throw new UsageError('--endpoint and --status filter deliveries; with --captures use --inbox, --since, --until')
      if (!flags.captures && flags.inbox !== undefined) throw new UsageError('--inbox needs --captures')
      if (flags.status !== undefined && !STATUSES.includes(flags.status as DeliveryStatus))
        throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`)
      const engine = createEngine({ home: resolveHome(flags.home) })
      try {
        let job: ExportJob
        if (flags.captures) {
          const inboxId = flags.inbox === undefined ? undefined : inboxBySlug(engine.receiver.inboxes, flags.inbox).id
          job = { kind: 'captures', filter: { inboxId, since, until } }
        } else {
          job = { kind: 'attempts', filter: { endpointId: flags.endpoint, status: flags.status as DeliveryStatus | undefined, since, until } }
        }
        const out = flags.out ? createWriteStream(flags.out) : process.stdout
        const { summary } = await runExport(engine, job, out)
        if (flags.out) {
          out.end()
          await once(out, 'finish')
          process.stderr.write(`exported ${summary} to ${flags.out}\n`)
        }
      } finally {
        await engine.stop({ graceMs: 0 })
      }
    })
}
