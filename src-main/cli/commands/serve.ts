import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { certFile } from '../../engine/receiver/tls-cert'
import type { Command } from 'commander'
import { exportWithProgress, runExport } from '../../api/export-stream'
import { openWithRecovery } from '../../api/open-with-recovery'
import { createRuntime } from '../../api/runtime'
import { HooklabError } from '../../engine/errors'
import { consoleLogger } from '../../engine/logger'
import { createExportDownloads } from '../../host/downloads'
import { createHost } from '../../host/host'
import { loadServeToken } from '../../host/token-file'
import type { Host } from '../../host/host'
import { resolveHome, UsageError } from '../io'

// `hooklab serve`: browser mode. The engine (queue + receiver) and the built UI on 127.0.0.1,
// behind a random token printed on the first line, so a display-less machine gets the full app.
// The token is kept in the home (token-file.ts), so a restart does not lock out an open tab.

interface ServeFlags {
  port?: string
  receiverPort?: string
  receiverHttpsPort?: string
  home?: string
  moveDamagedDb?: boolean
  newToken?: boolean
}

function portFlag(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  if (!/^\d+$/.test(text) || Number(text) > 65535)
    throw new UsageError(`--${name} must be a port number from 0 to 65535`)
  return Number(text)
}

/** out/renderer next to out/main/cli.js; HOOKLAB_RENDERER_DIR overrides it (development). */
function rendererDir(): string {
  if (process.env.HOOKLAB_RENDERER_DIR) return resolve(process.env.HOOKLAB_RENDERER_DIR)
  const here = typeof __dirname === 'string' ? __dirname : resolve('out', 'main')
  return join(here, '..', 'renderer')
}

/** A port already taken is the common failure: say which flag picks another one. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'Run Hooklab in the browser: the engine, the receiver and the UI on 127.0.0.1 behind a token.',
    )
    .option('--port <n>', 'UI port, 0 = any free port (default 7777)')
    .option(
      '--receiver-port <n>',
      'receiver port, 0 = any free port (default: from settings, 8787)',
    )
    .option('--receiver-https-port <n>', 'the receiver also on https on this port, 0 = any free one (default: from settings, off)')
    .option('--home <dir>', 'data dir (default: the desktop app’s, or HOOKLAB_HOME)')
    .option(
      '--move-damaged-db',
      'if the database is damaged, move it aside (hooklab.db.corrupt-<time>) and start fresh',
    )
    .option('--new-token', 'replace the token kept in the home: tabs opened with the old URL are refused')
    .action(async (flags: ServeFlags) => {
      await runServe(flags)
    })
}

async function runServe(flags: ServeFlags): Promise<void> {
  const port = portFlag('port', flags.port) ?? 7777
  const receiverPort = portFlag('receiver-port', flags.receiverPort)
  const receiverHttpsPort = portFlag('receiver-https-port', flags.receiverHttpsPort)
  const home = resolveHome(flags.home)
  const dir = rendererDir()
  if (!existsSync(join(dir, 'index.html'))) {
    throw new UsageError(`the UI is not built (no ${join(dir, 'index.html')}); run: npm run build`)
  }
  // Before the engine opens, so a home we cannot write to stops us with nothing to clean up.
  const token = loadServeToken(home, flags.newToken === true)
  const logger = consoleLogger()
  let host: Host | null = null
  const broadcast: Host['broadcast'] = (event, payload) => host?.broadcast(event, payload)
  const runtime = await openWithRecovery(
    home,
    () =>
      createRuntime({
        home,
        mode: 'browser',
        logger,
        ...(receiverPort !== undefined ? { receiverPort } : {}),
        ...(receiverHttpsPort !== undefined ? { receiverHttpsPort } : {}),
        send: broadcast,
        exportFile: async (job) => ({ kind: 'download', url: downloads.register(job) }),
      }),
    {
      confirm: (message) => {
        if (!flags.moveDamagedDb)
          throw new HooklabError(
            'E_DB_CORRUPT',
            `${message} Start with --move-damaged-db to move it aside and begin with a fresh one.`,
          )
        return true
      },
      onMoved: (moved) =>
        process.stderr.write(`hooklab: moved the damaged database aside to ${moved.backup}\n`),
    },
  )
  const downloads = createExportDownloads((job, out) =>
    exportWithProgress(
      job.kind,
      (o) => runExport(runtime.engine, job, o),
      out,
      (p) => broadcast('export.progress', p),
    ),
  )
  host = createHost({ handlers: runtime.handlers, rendererDir: dir, port, downloads, logger, token })

  let stopping = false
  const stop = async (code: number): Promise<void> => {
    if (stopping) return
    stopping = true
    await host?.stop().catch(() => undefined)
    await runtime.stop()
    process.exit(code)
  }

  try {
    const { receiverUrl } = await runtime.start()
    const { url } = await host.start()
    process.stdout.write(`${url}\n`)
    process.stdout.write(`receiver listening on ${receiverUrl}\n`)
    const https = runtime.receiver.address()?.httpsUrl
    if (https) process.stdout.write(`receiver also on ${https} (certificate: ${certFile(home)})\n`)
  } catch (err) {
    await host.stop().catch(() => undefined)
    await runtime.stop().catch(() => undefined)
    throw err
  }
  process.once('SIGINT', () => void stop(0))
  process.once('SIGTERM', () => void stop(0))
  // Stay up until a signal arrives.
  await new Promise<never>(() => {})
}
