import type { Command } from 'commander'

// Placeholder: implemented by its owner (see DESIGN.md "CLI").
export function registerListen(program: Command): void {
  program.command('listen').description('(not yet implemented)').action(() => {
    process.stderr.write('hooklab listen: not implemented yet\n')
    process.exit(1)
  })
}
