import type { Command } from 'commander'

// Placeholder: implemented by its owner (see DESIGN.md "CLI").
export function registerExport(program: Command): void {
  program.command('export').description('(not yet implemented)').action(() => {
    process.stderr.write('hooklab export: not implemented yet\n')
    process.exit(1)
  })
}
