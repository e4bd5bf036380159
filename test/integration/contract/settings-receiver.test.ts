// Settings → Receiver through the API on a running Hooklab. Retention and the allow-list apply to the
// running receiver (no restart: nothing in flight is cut, a scripted response keeps its step); a port the
// user did not change stays where it runs, also when it came from serve's flags; updates run one at a time.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it, onTestFinished } from 'vitest'
import { dispatch } from '../../../src-main/api/dispatch'
import { createRuntime } from '../../../src-main/api/runtime'

type Ok<T> = { ok: true; result: T }

async function started(extra: { receiverHttpsPort?: number } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'hooklab-settings-'))
  const runtime = createRuntime({ home, mode: 'browser', receiverPort: 0, ...extra, send: () => undefined, exportFile: async () => ({ kind: 'cancelled' }) })
  onTestFinished(async () => {
    await runtime.stop()
    rmSync(home, { recursive: true, force: true })
  })
  await runtime.start()
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await dispatch(runtime.handlers, method, input)
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
    return (r as Ok<T>).result
  }
  const info = () => call<{ receiverUrl: string | null; receiverHttpsUrl: string | null }>('app.info', {})
  return { runtime, call, info }
}

it('saving the port the receiver already runs on keeps it running there, and saves it', async () => {
  const { call, info } = await started()
  const url = (await info()).receiverUrl!
  const port = Number(new URL(url).port)
  expect((await call<{ receiverPort: number }>('settings.get', {})).receiverPort).not.toBe(port) // the saved one, not this run's
  expect(await call<{ receiverPort: number }>('settings.update', { patch: { receiverPort: port } })).toMatchObject({ receiverPort: port })
  expect((await fetch(`${url}/in/default/after`, { method: 'POST', body: '{}' })).status).toBe(200)
})

it('a retention change cuts nothing in flight and keeps the script where it was; the allow-list applies at once', async () => {
  const { call, info } = await started()
  const url = (await info()).receiverUrl!
  const inbox = await call<{ id: string }>('inboxes.create', { slug: 'retry' })
  await call('inboxes.update', { id: inbox.id, patch: { responseScript: '500, 200 delay=400, 202' } })
  expect((await fetch(`${url}/in/retry/1`, { method: 'POST', body: '{}' })).status).toBe(500)
  const second = fetch(`${url}/in/retry/2`, { method: 'POST', body: '{}' }) // answered after 400 ms
  await new Promise((r) => setTimeout(r, 100))
  await call('settings.update', { patch: { retention: { maxCapturesPerInbox: 50_000, maxCaptureAgeDays: 30, maxAttemptAgeDays: 30 } } })
  expect((await second).status).toBe(200) // it was cut (socket error) by a restart
  expect((await fetch(`${url}/in/retry/3`, { method: 'POST', body: '{}' })).status).toBe(202) // the script went on, not back to 500
  expect((await info()).receiverUrl).toBe(url)

  await call('settings.update', { patch: { receiverAllowList: ['10.9.9.9'] } })
  expect((await fetch(`${url}/in/retry/4`, { method: 'POST', body: '{}' })).status).toBe(403)
  await call('settings.update', { patch: { receiverAllowList: [] } })
  expect((await fetch(`${url}/in/retry/5`, { method: 'POST', body: '{}' })).status).toBe(202)
})

it('https turned on by serve --receiver-https-port stays on through a settings change', async () => {
  const { call, info } = await started({ receiverHttpsPort: 0 })
  const before = await info()
  expect(before.receiverHttpsUrl).toMatch(/^https:\/\/localhost:\d+$/)
  await call('settings.update', { patch: { retention: { maxCapturesPerInbox: 20_000, maxCaptureAgeDays: 30, maxAttemptAgeDays: 30 } } })
  expect(await info()).toEqual(before)
})

it('updates at once run one after another: each is saved, the receiver stays where it is and reachable', async () => {
  const { call, info } = await started()
  const url = (await info()).receiverUrl!
  const sizes = [1001, 1002, 1003, 1004, 1005]
  const results = await Promise.allSettled(sizes.map((n) => call('settings.update', { patch: { retention: { maxCapturesPerInbox: n, maxCaptureAgeDays: 30, maxAttemptAgeDays: 30 } } })))
  expect(results.map((r) => r.status)).toEqual(sizes.map(() => 'fulfilled'))
  expect((await call<{ retention: { maxCapturesPerInbox: number } }>('settings.get', {})).retention.maxCapturesPerInbox).toBe(1005)
  expect((await info()).receiverUrl).toBe(url)
  expect((await fetch(`${url}/in/default/x`, { method: 'POST', body: '{}' })).status).toBe(200)
})

it('takes one retention field on its own, and refuses an allow-list entry that is not an address', async () => {
  const { call } = await started()
  const before = await call<{ retention: { maxCaptureAgeDays: number; maxAttemptAgeDays: number } }>('settings.get', {})
  const after = await call<{ retention: Record<string, number> }>('settings.update', { patch: { retention: { maxCapturesPerInbox: 20 } } })
  expect(after.retention).toEqual({ ...before.retention, maxCapturesPerInbox: 20 })
  await expect(call('settings.update', { patch: { receiverAllowList: ['127.0.0.1', 'not an ip'] } })).rejects.toMatchObject({ code: 'E_INVALID_INPUT', message: 'Allow-list: "not an ip" is not an IP address (e.g. 127.0.0.1 or ::1)' })
  expect((await call<{ receiverAllowList: string[] }>('settings.get', {})).receiverAllowList).toEqual([])
})
