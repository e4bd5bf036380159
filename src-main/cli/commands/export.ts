import { randomBytes } from 'node:crypto'
import { chmodSync, createWriteStream, lstatSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import type { WriteStream } from 'node:fs'
import { once } from 'node:events'
import { basename, dirname, join } from 'node:path'
import type { Command } from 'commander'
import { createEngine } from '../../engine/engine'
import type { Engine } from '../../engine/engine'
import { processExists } from '../../engine/process-exists'
import type { DeliveryStatus } from '../../engine/delivery/types'
import { runExport } from '../../api/export-stream'
import type { ExportJob } from '../../api/export-stream'
import { UsageError, endpointByNameOrId, fileProblem, inboxBySlug, resolveHome } from '../io'

const STATUSES: DeliveryStatus[] = ['pending', 'sending', 'delivered', 'failed', 'dead', 'cancelled']

interface Flags {
  out?: string
  captures?: boolean
  inbox?: string
  endpoint?: string
  status?: string
  since?: string
  until?: string
  home?: string
}

// ISO 8601 only: a date, or a date and time (minutes, optional seconds and fraction) with an optional Z or
// offset; a time without one is local, as Date.parse reads it. Anything else Date.parse would guess at
// ("0" is 2000-01-01, "Nov 31 2026" is December 1st) is refused.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/

function time(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const iso = ISO.exec(text)
  const t = iso ? Date.parse(text) : Number.NaN
  if (!iso || Number.isNaN(t) || Number(iso[4] ?? 0) > 23)
    throw new UsageError(`${flag} "${text}" is not an ISO 8601 date or date/time (e.g. 2026-01-31 or 2026-01-31T12:00:00Z)`)
  // Date.parse rolls a day that does not exist over (2026-02-30 -> March 2nd): refuse it instead.
  const [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])]
  const day = new Date(Date.UTC(y, m - 1, d))
  if (day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) throw new UsageError(`${flag} "${text}": there is no such day`)
  return t
}

// hooklab export: the attempt log (hooklab.attempts/v1) or, with --captures, the inboxes' captures
// (hooklab.captures/v1), as one streamed JSON document.
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('Export deliveries and every attempt (hooklab.attempts/v1), or with --captures the captured requests (hooklab.captures/v1), as JSON, streamed.')
    .option('--out <file>', 'write to this file (default: stdout)')
    .option('--captures', 'export the inboxes’ captures instead of the attempt log')
    .option('--inbox <slug>', 'with --captures: only this inbox')
    .option('--endpoint <name|id>', 'only this endpoint’s deliveries')
    .option('--status <status>', `only this status (${STATUSES.join(', ')})`)
    .option('--since <iso>', 'only what was created (received) at or after this time (ISO 8601)')
    .option('--until <iso>', 'only what was created (received) before this time (ISO 8601)')
    .option('--home <dir>', 'data dir (default: the app’s, or HOOKLAB_HOME)')
    .action(async (flags: Flags) => {
      const since = time('--since', flags.since)
      const until = time('--until', flags.until)
      if (flags.captures && (flags.endpoint !== undefined || flags.status !== undefined))
        throw new UsageError('--endpoint and --status filter deliveries; with --captures use --inbox, --since, --until')
      if (!flags.captures && flags.inbox !== undefined) throw new UsageError('--inbox needs --captures')
      if (flags.status !== undefined && !STATUSES.includes(flags.status as DeliveryStatus))
        throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`)
      const engine = createEngine({ home: resolveHome(flags.home) })
      try {
        let job: ExportJob
        if (flags.captures) {
          const inboxId = flags.inbox === undefined ? undefined : inboxBySlug(engine.receiver.inboxes, flags.inbox).id
          job = { kind: 'captures', filter: { inboxId, since, until } }
        } else {
          const endpointId = flags.endpoint === undefined ? undefined : endpointByNameOrId(engine, flags.endpoint)
          job = { kind: 'attempts', filter: { endpointId, status: flags.status as DeliveryStatus | undefined, since, until } }
        }
        if (flags.out) await exportToFile(engine, job, flags.out)
        else await runExport(engine, job, process.stdout)
      } finally {
        await engine.stop({ graceMs: 0 })
      }
    })
}

/**
 * The export to --out. A new or regular file is written next to itself and renamed into place once
 * whole, so an export cut short (Ctrl-C, SIGTERM, a full disk) leaves no truncated document at the
 * path for an import to trip on, and a file already there stays until the new one is complete.
 * Anything else (a device such as /dev/full, a FIFO, a symlink) is written in place, as it is.
 */
async function exportToFile(engine: Pick<Engine, 'export'>, job: ExportJob, path: string): Promise<void> {
  const existing = lstatSync(path, { throwIfNoEntry: false })
  let viaTemp = !existing || existing.isFile()
  if (viaTemp) removeStalePartials(path)
  // A name no one can have prepared (and opened only if it does not exist: no symlink or file planted there is written through).
  let target = viaTemp ? `${path}.${process.pid}-${randomBytes(6).toString('hex')}.partial` : path
  // The file replaced keeps its mode (a 600 export of bodies and signature headers stays 600).
  let out: WriteStream
  try {
    // A new export is private (0600): it holds captured bodies and headers.
    out = await openOut(target, path, existing?.isFile() ? existing.mode & 0o7777 : 0o600, viaTemp)
  } catch (err) {
    // A file that may be written in a folder that may not: written in place, as before.
    const code = ((err as { cause?: NodeJS.ErrnoException }).cause ?? (err as NodeJS.ErrnoException)).code
    if (!existing?.isFile() || (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS')) throw err
    viaTemp = false
    target = path
    out = await openOut(path, path)
  }
  // A signal still ends the export as it did (the default exit), only without the partial file.
  const interrupted = (signal: NodeJS.Signals): void => {
    out.destroy()
    if (viaTemp) rmSync(target, { force: true })
    process.kill(process.pid, signal)
  }
  const onInt = (): void => interrupted('SIGINT')
  const onTerm = (): void => interrupted('SIGTERM')
  process.once('SIGINT', onInt)
  process.once('SIGTERM', onTerm)
  try {
    const { summary } = await runExport(engine, job, out)
    out.end()
    await once(out, 'finish')
    if (viaTemp) renameSync(target, path)
    process.stderr.write(`exported ${summary} to ${path}\n`)
  } catch (err) {
    // A full disk, say: no half-written document is left at the path.
    out.destroy()
    if (viaTemp) rmSync(target, { force: true })
    else if (statSync(path, { throwIfNoEntry: false })?.isFile()) rmSync(path, { force: true })
    // A write that failed (ENOSPC …) is said as one; anything else goes on as it is.
    throw (err as NodeJS.ErrnoException).syscall ? fileProblem(`--out ${path}`, err) : err
  } finally {
    process.off('SIGINT', onInt)
    process.off('SIGTERM', onTerm)
  }
}

/** The file written, opened before anything is exported: a path that cannot be written is said plainly. */
/** The .partial files of exports to `path` whose process is gone (killed with SIGKILL, a crash): removed. */
function removeStalePartials(path: string): void {
  const name = basename(path)
  let siblings: string[]
  try {
    siblings = readdirSync(dirname(path))
  } catch {
    return // an unreadable folder: the export itself says what is wrong
  }
  for (const sibling of siblings) {
    if (!sibling.startsWith(`${name}.`)) continue
    const m = /^\.(\d+)-[0-9a-f]{12}\.partial$/.exec(sibling.slice(name.length))
    if (m && !processExists(Number(m[1]))) rmSync(join(dirname(path), sibling), { force: true })
  }
}

async function openOut(file: string, path: string, mode?: number, fresh = false): Promise<WriteStream> {
  const out = createWriteStream(file, { ...(mode === undefined ? {} : { mode }), ...(fresh ? { flags: 'wx' } : {}) })
  try {
    await once(out, 'open')
    if (mode !== undefined) chmodSync(file, mode) // exact, whatever the umask
  } catch (err) {
    out.destroy()
    if (file !== path && (err as NodeJS.ErrnoException).code !== 'EEXIST') rmSync(file, { force: true })
    throw Object.assign(fileProblem(`--out ${path}`, err), { cause: err })
  }
  return out
}
