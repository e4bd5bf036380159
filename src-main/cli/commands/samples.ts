import type { Command } from 'commander'
import type { Sample } from '../../../src-preload/contract'
import { createSamples } from '../../api/samples'
import { printJsonLine } from '../io'

const loadSamples = createSamples()

/** The sample events `send --sample` takes (the same ones the Send view offers). */
export function samples(): Promise<Sample[]> {
  return loadSamples()
}

// hooklab samples: lists them, like `stripe trigger --help` lists its events.
export function registerSamples(program: Command): void {
  program
    .command('samples')
    .description('List the sample events `hooklab send URL --sample ID` can send.')
    .option('--json', 'one JSON object per line (id, provider, eventType, title, handWritten, headers, body)')
    .action(async (flags: { json?: boolean }) => {
      const list = await samples()
      if (flags.json) {
        for (const s of list) printJsonLine(s)
        return
      }
      const width = Math.max(...list.map((s) => s.id.length))
      for (const s of list) process.stdout.write(`${s.id.padEnd(width)}  ${s.title}${s.handWritten ? ' (hand-written)' : ''}\n`)
    })
}
