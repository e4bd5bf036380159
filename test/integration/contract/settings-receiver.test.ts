// Settings → Receiver through the API on a runtime whose receiver was started on another port than the
// saved one (serve --receiver-port 0): saving the port it runs on is no move. It tried to start a second
// receiver on that port, found it taken by the first, and refused the change.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it, onTestFinished } from 'vitest'
import { dispatch } from '../../../src-main/api/dispatch'
import { createRuntime } from '../../../src-main/api/runtime'

it('saving the port the receiver already runs on keeps it running there, and saves it', async () => {
  const home = mkdtempSync(join(tmpdir(), 'hooklab-settings-'))
  const runtime = createRuntime({ home, mode: 'browser', receiverPort: 0, send: () => undefined, exportFile: async () => ({ kind: 'cancelled' }) })
  onTestFinished(async () => {
    await runtime.stop()
    rmSync(home, { recursive: true, force: true })
  })
  await runtime.start()
  const info = await dispatch(runtime.handlers, 'app.info', {})
  const url = (info as { ok: true; result: { receiverUrl: string } }).result.receiverUrl
  const port = Number(new URL(url).port)
  const saved = await dispatch(runtime.handlers, 'settings.get', {})
  expect((saved as { ok: true; result: { receiverPort: number } }).result.receiverPort).not.toBe(port) // 0 or the default, not this run's

  const res = await dispatch(runtime.handlers, 'settings.update', { patch: { receiverPort: port } })
  expect(res).toMatchObject({ ok: true, result: { receiverPort: port } })
  // Still there, still catching.
  expect((await fetch(`${url}/in/default/after`, { method: 'POST', body: '{}' })).status).toBe(200)
})
