import type { Command } from 'commander'

// Placeholder: implemented by its owner (see DESIGN.md "CLI").
export function registerReplay(program: Command): void {
  program.command('replay').description('(not yet implemented)').action(() => {
    process.stderr.write('hooklab replay: not implemented yet\n')
    process.exit(1)
  })
}
