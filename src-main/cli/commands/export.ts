import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import type { Command } from 'commander'
import { createEngine } from '../../engine/engine'
import type { DeliveryStatus } from '../../engine/delivery/types'
import { UsageError, resolveHome } from '../io'

const STATUSES: DeliveryStatus[] = ['pending', 'sending', 'delivered', 'failed', 'dead', 'cancelled']

// hooklab export: the attempt log as one streamed JSON document (format hooklab.attempts/v1).
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('Export deliveries and every attempt as JSON (hooklab.attempts/v1), streamed.')
    .option('--out <file>', 'write to this file (default: stdout)')
    .option('--endpoint <id>', 'only this endpoint’s deliveries')
    .option('--status <status>', `only this status (${STATUSES.join(', ')})`)
    .option('--since <iso>', 'only deliveries created at or after this time (ISO 8601)')
    .option('--home <dir>', 'data dir (default: the app’s, or HOOKLAB_HOME)')
    .action(async (flags: { out?: string; endpoint?: string; status?: string; since?: string; home?: string }) => {
      if (flags.status !== undefined && !STATUSES.includes(flags.status as DeliveryStatus))
        throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`)
      let since: number | undefined
      if (flags.since !== undefined) {
        since = Date.parse(flags.since)
        if (Number.isNaN(since)) throw new UsageError(`--since "${flags.since}" is not an ISO date/time (e.g. 2026-01-31T12:00:00Z)`)
      }
      const engine = createEngine({ home: resolveHome(flags.home) })
      try {
        const out = flags.out ? createWriteStream(flags.out) : process.stdout
        const counts = await engine.export.exportAttempts(
          { endpointId: flags.endpoint, status: flags.status as DeliveryStatus | undefined, since },
          out,
        )
        if (flags.out) {
          out.end()
          await once(out, 'finish')
          process.stderr.write(`exported ${counts.deliveries} deliveries (${counts.attempts} attempts) to ${flags.out}\n`)
        }
      } finally {
        await engine.stop({ graceMs: 0 })
      }
    })
}
