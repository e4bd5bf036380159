#!/usr/bin/env node
// The hooklab command. Each subcommand lives in commands/<name>.ts and registers itself;
// flags and output formats are a stable interface (DESIGN.md "CLI").
import { Command, CommanderError } from 'commander'
import { registerSend } from './commands/send'
import { registerSign } from './commands/sign'
import { registerVerify } from './commands/verify'
import { registerExport } from './commands/export'
import { registerImport } from './commands/import'
import { registerListen } from './commands/listen'
import { registerWait } from './commands/wait'
import { registerReplay } from './commands/replay'
import { registerCancel } from './commands/cancel'
import { registerServe } from './commands/serve'
import { registerSamples } from './commands/samples'
import { reportAndExit } from './io'

const program = new Command()
program
  .name('hooklab')
  .description('A workbench for webhooks: send, catch, watch, replay, export.')
  .version('0.1.0')
  .exitOverride()

for (const register of [
  registerSend,
  registerSign,
  registerVerify,
  registerExport,
  registerImport,
  registerListen,
  registerWait,
  registerReplay,
  registerCancel,
  registerServe,
  registerSamples,
]) {
  register(program)
}

// `hooklab export | head`, `listen --json | head -1`: a reader that has had enough ends us quietly, as it
// ends any Unix tool, instead of "write EPIPE".
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0)
  reportAndExit(err)
})

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) {
    // --help and --version exit 0; usage errors exit 2 (commander already printed the message).
    process.exit(err.exitCode === 0 ? 0 : 2)
  }
  reportAndExit(err)
})
