import type { Command } from 'commander'

// Placeholder: implemented by its owner (see DESIGN.md "CLI").
export function registerServe(program: Command): void {
  program.command('serve').description('(not yet implemented)').action(() => {
    process.stderr.write('hooklab serve: not implemented yet\n')
    process.exit(1)
  })
}
