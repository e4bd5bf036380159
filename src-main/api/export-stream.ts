// Streams an export into a destination (a file in Electron, the HTTP response in browser
// mode), counting bytes and reporting progress a few times a second, never per chunk.
import { finished } from 'node:stream/promises'
import { PassThrough } from 'node:stream'
import type { Writable } from 'node:stream'
import type { EventPayload } from '../../src-preload/contract'

export type ExportProgress = EventPayload<'export.progress'>

export async function exportWithProgress(
  run: (out: Writable) => Promise<{ deliveries: number }>,
  dest: Writable,
  onProgress: (p: ExportProgress) => void,
  intervalMs = 250,
): Promise<{ bytes: number; deliveries: number }> {
  let bytes = 0
  const counter = new PassThrough()
  counter.on('data', (chunk: Buffer) => {
    bytes += chunk.length
  })
  counter.pipe(dest)
  const timer = setInterval(() => onProgress({ deliveries: 0, bytes, done: false }), intervalMs)
  try {
    const { deliveries } = await run(counter)
    counter.end()
    await finished(dest)
    onProgress({ deliveries, bytes, done: true })
    return { bytes, deliveries }
  } catch (err) {
    counter.destroy()
    dest.destroy()
    onProgress({ deliveries: 0, bytes, done: true })
    throw err
  } finally {
    clearInterval(timer)
  }
}
