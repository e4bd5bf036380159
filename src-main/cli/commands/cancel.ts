import type { Command } from 'commander'
import { createEngine } from '../../engine/engine'
import { endpointByNameOrId, printJsonLine, resolveHome, UsageError } from '../io'

// `hooklab cancel ID`, or `hooklab cancel --endpoint NAME|ID | --event TYPE | --all`: stops what is still
// pending (the Deliveries view's "Cancel pending"). What is on the wire finishes its attempt: a delivery
// cancelled by id while sending is not retried, but ends delivered if that attempt succeeds.

interface CancelFlags {
  endpoint?: string
  event?: string
  all?: boolean
  json?: boolean
  home?: string
}

export function registerCancel(program: Command): void {
  program
    .command('cancel')
    .description('Cancel a delivery (dlv_…) that is pending or sending, or every pending one of an endpoint, an event type, or all.')
    .argument('[id]', 'a delivery id')
    .option('--endpoint <name|id>', 'every pending delivery to this endpoint (its name or id, as send --endpoint takes)')
    .option('--event <type>', 'every pending delivery of this event type')
    .option('--all', 'every pending delivery')
    .option('--json', 'print {"cancelled": n} (and "inFlight": true for a delivery whose attempt was on the wire)')
    .option('--home <dir>', 'data dir (default: the desktop app’s, or HOOKLAB_HOME)')
    .action(async (id: string | undefined, flags: CancelFlags) => {
      const bulk = flags.endpoint !== undefined || flags.event !== undefined || flags.all === true
      if (id !== undefined && bulk) throw new UsageError('give a delivery id, or --endpoint/--event/--all, not both')
      if (id === undefined && !bulk) throw new UsageError('give a delivery id, or say which pending ones: --endpoint NAME, --event TYPE or --all')
      if (flags.all && (flags.endpoint !== undefined || flags.event !== undefined)) throw new UsageError('--all cancels every pending delivery; leave out --endpoint/--event, or --all')
      const engine = createEngine({ home: resolveHome(flags.home) })
      try {
        if (id !== undefined) {
          const was = engine.delivery.cancelOne(id)
          if (!was) throw new UsageError(`${id} is already ${engine.delivery.getDelivery(id).status}; only pending or sending deliveries can be cancelled`)
          if (flags.json) printJsonLine(was === 'sending' ? { cancelled: 1, inFlight: true } : { cancelled: 1 })
          else if (was === 'sending')
            process.stdout.write(`cancelled ${id}: stopped retrying; its attempt on the wire still finishes, and if it succeeds the delivery is delivered\n`)
          else process.stdout.write('cancelled 1 pending delivery\n')
          return
        }
        const endpointId = flags.endpoint === undefined ? undefined : endpointByNameOrId(engine, flags.endpoint)
        const count = engine.delivery.bulkCancel({ ...(endpointId ? { endpointId } : {}), ...(flags.event ? { eventType: flags.event } : {}) }).count
        if (flags.json) printJsonLine({ cancelled: count })
        else process.stdout.write(`cancelled ${count} pending deliver${count === 1 ? 'y' : 'ies'}\n`)
      } finally {
        await engine.stop({ graceMs: 0 })
      }
    })
}
