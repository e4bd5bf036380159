import type { Command } from 'commander'

// Placeholder: implemented by its owner (see DESIGN.md "CLI").
export function registerVerify(program: Command): void {
  program.command('verify').description('(not yet implemented)').action(() => {
    process.stderr.write('hooklab verify: not implemented yet\n')
    process.exit(1)
  })
}
