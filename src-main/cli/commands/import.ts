import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { parseCapturesDocument } from '../../api/captures-import'
import { createEngine } from '../../engine/engine'
import { printJsonLine, resolveHome, UsageError } from '../io'

interface Flags {
  captures?: boolean
  inbox?: string
  json?: boolean
  home?: string
}

// hooklab import FILE: a hooklab.captures/v1 document (an export from another machine, a bug
// report) back into the inboxes, each capture byte for byte; ids already here are skipped.
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('Import captures from a hooklab.captures/v1 document (what `export --captures` writes); - reads stdin.')
    .argument('<file>', 'the document')
    .option('--captures', 'optional: the document holds captures (the only kind there is to import, so this is the default)')
    .option('--inbox <slug>', 'put every capture into this inbox (default: the inbox each was captured in); made when missing')
    .option('--json', 'print the result as one JSON line')
    .option('--home <dir>', 'data dir (default: the app’s, or HOOKLAB_HOME)')
    .action(async (file: string, flags: Flags) => {
      let text: string
      try {
        text = readFileSync(file === '-' ? 0 : file, 'utf8')
      } catch (err) {
        throw new UsageError(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`)
      }
      const items = parseCapturesDocument(text)
      const engine = createEngine({ home: resolveHome(flags.home) })
      try {
        // Made when missing, as `listen --inbox` makes its inbox.
        const inboxId = flags.inbox === undefined ? undefined : (engine.receiver.inboxes.getBySlug(flags.inbox) ?? engine.receiver.inboxes.create({ slug: flags.inbox })).id
        const res = engine.receiver.importCaptures(items, inboxId ? { inboxId } : {})
        const slugs = res.inboxes.map((id) => engine.receiver.inboxes.get(id).slug)
        if (flags.json) printJsonLine({ imported: res.imported, skipped: res.skipped, inboxes: slugs })
        else {
          const already = res.skipped > 0 ? ` (${res.skipped} already here)` : ''
          process.stdout.write(`imported ${res.imported} capture${res.imported === 1 ? '' : 's'}${already}${slugs.length ? ` into ${slugs.join(', ')}` : ''}\n`)
        }
      } finally {
        await engine.stop({ graceMs: 0 })
      }
    })
}
