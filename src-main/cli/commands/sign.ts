import type { Command } from 'commander'

// Placeholder: implemented by its owner (see DESIGN.md "CLI").
export function registerSign(program: Command): void {
  program.command('sign').description('(not yet implemented)').action(() => {
    process.stderr.write('hooklab sign: not implemented yet\n')
    process.exit(1)
  })
}
