import type { Command } from 'commander'

// Placeholder: implemented by its owner (see DESIGN.md "CLI").
export function registerSend(program: Command): void {
  program.command('send').description('(not yet implemented)').action(() => {
    process.stderr.write('hooklab send: not implemented yet\n')
    process.exit(1)
  })
}
