// The two exports as jobs (the attempt log, the captures), and how each face runs one: streamed
// into a destination (a file in Electron, the HTTP response in browser mode), counting bytes and
// reporting progress a few times a second, never per chunk.
import { finished } from 'node:stream/promises'
import { PassThrough } from 'node:stream'
import type { Writable } from 'node:stream'
import type { z } from 'zod'
import type { CaptureExportFilter, EventPayload, ExportFilter, MethodOutput } from '../../src-preload/contract'
import type { Engine } from '../engine/engine'

export type ExportProgress = EventPayload<'export.progress'>
export type ExportOutcome = MethodOutput<'export.attempts'>
export type ExportJob =
  | { kind: 'attempts'; filter: z.output<typeof ExportFilter> }
  | { kind: 'captures'; filter: z.output<typeof CaptureExportFilter> }

/** Writes the job's document to `out`; `count` is the deliveries or captures written, `summary` says so. */
export async function runExport(engine: Pick<Engine, 'export'>, job: ExportJob, out: Writable): Promise<{ count: number; summary: string }> {
  if (job.kind === 'attempts') {
    const { deliveries, attempts } = await engine.export.exportAttempts(job.filter, out)
    return { count: deliveries, summary: `${deliveries} deliveries (${attempts} attempts)` }
  }
  const { captures } = await engine.export.exportCaptures(job.filter, out)
  return { count: captures, summary: `${captures} captures` }
}

/** The file name a save dialog proposes and a download carries, e.g. hooklab-captures-2026-11-24-09-30-00.json. */
export function exportFileName(kind: ExportJob['kind'], now = new Date()): string {
  return `hooklab-${kind}-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.json`
}

export async function exportWithProgress(
  kind: ExportJob['kind'],
  run: (out: Writable) => Promise<{ count: number }>,
  dest: Writable,
  onProgress: (p: ExportProgress) => void,
  intervalMs = 250,
): Promise<{ bytes: number; count: number }> {
  let bytes = 0
  const counter = new PassThrough()
  counter.on('data', (chunk: Buffer) => {
    bytes += chunk.length
  })
  counter.pipe(dest)
  const timer = setInterval(() => onProgress({ kind, count: 0, bytes, done: false }), intervalMs)
  try {
    const { count } = await run(counter)
    counter.end()
    await finished(dest)
    onProgress({ kind, count, bytes, done: true })
    return { bytes, count }
  } catch (err) {
    counter.destroy()
    dest.destroy()
    onProgress({ kind, count: 0, bytes, done: true })
    throw err
  } finally {
    clearInterval(timer)
  }
}
