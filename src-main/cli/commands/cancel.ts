import type { Command } from 'commander'
import { createEngine } from '../../engine/engine'
import { printJsonLine, resolveHome, UsageError } from '../io'

// `hooklab cancel ID`, or `hooklab cancel --endpoint ID | --event TYPE | --all`: stops what is still
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
    .option('--endpoint <id>', 'every pending delivery to this endpoint')
    .option('--event <type>', 'every pending delivery of this event type')
    .option('--all', 'every pending delivery')
    .option('--json', 'print {"cancelled": n} (and "inFlight": true for a delivery whose attempt was on the wire)')
    .option('--home <dir>', 'data dir (default: the desktop app’s, or HOOKLAB_HOME)')
    .action(async (id: string | undefined, flags: CancelFlags) => {
      const bulk = flags.endpoint !== undefined || flags.event !== undefined || flags.all === true
      if (id !== undefined && bulk) throw new UsageError('give a delivery id, or --endpoint/--event/--all, not both')
      if (id === undefined && !bulk) throw new UsageError('give a delivery id, or say which pending ones: --endpoint ID, --event TYPE or --all')
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
        if (flags.endpoint !== undefined) engine.endpoints.get(flags.endpoint) // E_NOT_FOUND for an unknown id
        const count = engine.delivery.bulkCancel({ ...(flags.endpoint ? { endpointId: flags.endpoint } : {}), ...(flags.event ? { eventType: flags.event } : {}) }).count
        if (flags.json) printJsonLine({ cancelled: count })
        else process.stdout.write(`cancelled ${count} pending deliver${count === 1 ? 'y' : 'ies'}\n`)
      } finally {
        await engine.stop({ graceMs: 0 })
      }
    })
}
