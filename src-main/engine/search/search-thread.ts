// The search thread (see searcher.ts): its own connection to the engine's file, read-only by pragma,
// one job per message. Errors go back as {code, message}.
import { parentPort, workerData } from 'node:worker_threads'
import { openDb } from '../db/open'
import type { Db } from '../db/open'
import { errorPayload } from '../threads'
import { searchJobsOn } from './jobs'
import type { SearchKind } from './jobs'

const port = parentPort
if (!port) throw new Error('search-thread runs as a worker only')
const data = workerData as { file: string; nativeBinding?: string }
let db: Db | null = null
try {
  db = openDb({ file: data.file, nativeBinding: data.nativeBinding })
  // It only reads: a statement that would write fails instead; checkpoints are not its business.
  db.pragma('query_only = 1')
  db.pragma('wal_autocheckpoint = 0')
} catch (err) {
  port.postMessage({ type: 'failed', error: errorPayload(err) })
  port.close()
}
if (db) {
  const conn = db
  const jobs = searchJobsOn(conn)
  port.on('message', (m: { type: string; id?: number; kind?: SearchKind; args?: unknown[] }) => {
    if (m.type === 'close') {
      conn.close()
      port.close()
      return
    }
    if (m.type !== 'run' || !m.kind || !Object.hasOwn(jobs, m.kind)) return
    try {
      const run = jobs[m.kind] as (...args: unknown[]) => unknown
      port.postMessage({ type: 'done', id: m.id, result: run(...(m.args ?? [])) })
    } catch (err) {
      port.postMessage({ type: 'error', id: m.id, error: errorPayload(err) })
    }
  })
  port.postMessage({ type: 'ready' })
}
