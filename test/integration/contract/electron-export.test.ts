// The desktop app's export (`electron` mocked): the save dialog proposes a name and title for what
// is exported, the chosen file receives the streamed document with progress events, and a
// cancelled dialog writes nothing. Both documents, through the same runExport the app uses.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { runExport } from '../../../src-main/api/export-stream'
import type { ExportJob, ExportProgress } from '../../../src-main/api/export-stream'
import { tmpEngine, tmpHome } from '../delivery/helpers'

const asked: Array<{ title: string; defaultPath: string }> = []
let answer: { canceled: boolean; filePath?: string } = { canceled: true }

vi.mock('electron', () => ({
  dialog: {
    showSaveDialog: async (...args: unknown[]) => {
      asked.push(args.at(-1) as { title: string; defaultPath: string })
      return answer
    },
  },
}))

describe('desktop export', () => {
  it('saves the captures to the chosen file with progress, proposing a name and title for them', async () => {
    const { saveExportWithDialog } = await import('../../../src-main/electron/dialogs')
    const engine = tmpEngine()
    const { url } = await engine.startReceiver()
    for (const n of [1, 2]) await (await fetch(url, { method: 'POST', body: `{"n":${n}}` })).arrayBuffer()
    const home = tmpHome()
    const file = join(home.dir, 'picked.json')
    answer = { canceled: false, filePath: file }
    const progress: ExportProgress[] = []
    const job: ExportJob = { kind: 'captures', filter: {} }
    const now = new Date('2026-11-24T10:30:00Z')
    const res = await saveExportWithDialog(null, 'captures', (out) => runExport(engine, job, out), (p) => progress.push(p), now)

    expect(asked.at(-1)).toMatchObject({ title: 'Export captures', defaultPath: 'hooklab-captures-2026-11-24-10-30-00.json' })
    const text = readFileSync(file, 'utf8')
    expect(res).toEqual({ kind: 'saved', path: file, bytes: Buffer.byteLength(text), count: 2 })
    expect((JSON.parse(text) as { format: string; captures: unknown[] }).captures).toHaveLength(2)
    expect(progress.at(-1)).toEqual({ kind: 'captures', count: 2, bytes: Buffer.byteLength(text), done: true })
    home.cleanup()
  })

  it('a cancelled dialog writes nothing; the attempt log is offered under its own name', async () => {
    const { saveExportWithDialog } = await import('../../../src-main/electron/dialogs')
    const engine = tmpEngine()
    answer = { canceled: true }
    let ran = false
    const run = (out: Parameters<typeof runExport>[2]) => {
      ran = true
      return runExport(engine, { kind: 'attempts', filter: {} }, out)
    }
    const res = await saveExportWithDialog(null, 'attempts', run, () => undefined)
    expect(res).toEqual({ kind: 'cancelled' })
    expect(ran).toBe(false)
    expect(asked.at(-1)).toMatchObject({ title: 'Export attempt log' })
    expect(asked.at(-1)!.defaultPath).toMatch(/^hooklab-attempts-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.json$/)
  })
})
