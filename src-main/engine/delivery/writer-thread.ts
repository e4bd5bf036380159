// The delivery writer's worker thread (see writer.ts): its own connection to the engine's file, the
// same queue and endpoint statements, one batch per message. Errors go back as {code, message}.
import { parentPort, workerData } from 'node:worker_threads'
import { openDb } from '../db/open'
import type { Db } from '../db/open'
import { createEndpointRepo } from '../endpoints/repo'
import { createQueue } from './queue'
import { errorPayload } from '../threads'
import { commitBatch, decodeBatch, encodeResult } from './writer'
import type { EncodedBatch } from './writer'

interface Data {
  file: string
  nativeBinding?: string
  noAutoCheckpoint: boolean
}

const port = parentPort
if (!port) throw new Error('writer-thread runs as a worker only')
const data = workerData as Data
let db: Db | null = null
try {
  db = openDb({ file: data.file, nativeBinding: data.nativeBinding })
  // The background checkpointer copies the WAL back: a COMMIT here must not do it inline.
  if (data.noAutoCheckpoint) db.pragma('wal_autocheckpoint = 0')
} catch (err) {
  port.postMessage({ type: 'failed', error: errorPayload(err) })
  port.close()
}
if (db) {
  const conn = db
  const queue = createQueue(conn)
  const repo = createEndpointRepo(conn)
  port.on('message', (m: { type: string; id?: number; batch?: EncodedBatch; pageCap?: number }) => {
    if (m.type === 'close') {
      conn.close()
      port.close()
      return
    }
    if (m.type !== 'batch' || !m.batch) return
    try {
      if (m.pageCap !== undefined) conn.pragma(`max_page_count = ${Math.floor(m.pageCap)}`)
      port.postMessage({
        type: 'done',
        id: m.id,
        result: encodeResult(commitBatch(queue, repo, decodeBatch(m.batch))),
      })
    } catch (err) {
      port.postMessage({ type: 'error', id: m.id, error: errorPayload(err) })
    }
  })
  port.postMessage({ type: 'ready' })
}
