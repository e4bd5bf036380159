// Browser mode's socket going away and coming back: serve restarting on the same home (the tab keeps
// its token and reconnects), a rotated token (the page says what to do), and a gap while serve runs
// (the lists are read again, so what happened meanwhile shows). The rail's dot follows throughout.
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { createEndpoint, createInbox, gotoView, sendTo } from './ui-helpers'
import { callServe, startServeOn } from './serve-helpers'
import type { ServeRun } from './serve-helpers'

async function capture(receiverUrl: string, slug: string, seq: number): Promise<void> {
  const res = await fetch(`${receiverUrl}/in/${slug}?seq=${seq}`, { method: 'POST', body: `{"seq":${seq}}`, headers: { 'content-type': 'application/json' } })
  expect(res.status).toBe(200)
}

function seqs(page: Page): Promise<string[]> {
  // The row's path cell (".ellip") ends with its query; the next cell's text starts with digits.
  return page.getByTestId('capture-row').evaluateAll((rows) => rows.map((r) => /seq=(\d+)$/.exec(r.querySelector('.ellip')?.textContent ?? '')?.[1] ?? '?').sort())
}

test.describe('serve restarted on the same home', () => {
  // Not the shared fixture's serve (the `page` fixture starts one): these tests stop and start their own.
  let home: string
  let run: ServeRun | null = null
  test.beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'hooklab-e2e-reconnect-'))
  })
  test.afterEach(async () => {
    await run?.stop()
    run = null
    rmSync(home, { recursive: true, force: true })
  })

  test('an open tab reconnects by itself after serve is killed and started again: same token, the dot follows, new captures show', async ({ context }) => {
    run = await startServeOn(home, 0)
    const page = await context.newPage()
    const { port, token } = run
    await page.goto(run.url)
    const dot = page.getByTestId('engine-status')
    await expect(dot).toHaveAttribute('title', 'Engine connected')
    await createInbox(page, 'alpha')
    await capture(run.receiverUrl, 'alpha', 1)
    await expect(page.getByTestId('capture-row')).toHaveCount(1)

    await run.stop('SIGKILL') // a crash
    await expect(dot).toHaveAttribute('title', 'Reconnecting…')

    run = await startServeOn(home, port)
    expect(run.token).toBe(token) // kept in the home, so the tab's cookie still counts
    expect(statSync(join(home, 'serve-token')).mode & 0o777).toBe(0o600)
    await expect(dot).toHaveAttribute('title', 'Engine connected', { timeout: 15_000 })
    await expect(page.getByTestId('token-refused')).toHaveCount(0)
    await capture(run.receiverUrl, 'alpha', 2)
    await expect.poll(() => seqs(page)).toEqual(['1', '2'])
  })

  test('with --new-token the old tab says it must open the new URL, and once it is opened the tab catches up with what it missed', async ({ context }) => {
    run = await startServeOn(home, 0)
    const page = await context.newPage()
    const port = run.port
    await page.goto(run.url)
    await createInbox(page, 'alpha')
    await capture(run.receiverUrl, 'alpha', 1)
    await expect(page.getByTestId('capture-row')).toHaveCount(1)

    await run.stop()
    run = await startServeOn(home, port, ['--new-token'])
    const banner = page.getByTestId('token-refused')
    await expect(banner).toHaveText('Hooklab restarted with a new token: open the URL printed by hooklab serve.', { timeout: 15_000 })
    await expect(page.getByTestId('engine-status')).toHaveAttribute('title', 'Disconnected')
    // Caught while the tab is locked out: no event reaches it.
    await capture(run.receiverUrl, 'alpha', 2)
    await capture(run.receiverUrl, 'alpha', 3)

    // The user opens the printed URL in another tab: the new cookie serves the old tab too.
    const fresh = await context.newPage()
    await fresh.goto(run.url)
    await expect(fresh.getByTestId('engine-status')).toHaveAttribute('title', 'Engine connected')
    await expect(page.getByTestId('engine-status')).toHaveAttribute('title', 'Engine connected', { timeout: 15_000 })
    await expect(banner).toHaveCount(0)
    await expect.poll(() => seqs(page)).toEqual(['1', '2', '3'])
  })
})

/** The page's sockets go through a switch: blocked, a new one is refused (404) before it opens. */
async function socketSwitch(page: Page): Promise<{ drop(): Promise<void>; restore(): Promise<void> }> {
  await page.addInitScript(() => {
    const w = window as unknown as { __block: boolean; __ws: WebSocket | null }
    const Real = window.WebSocket
    w.__block = false
    window.WebSocket = new Proxy(Real, {
      construct(target, args: [string | URL, ...unknown[]]) {
        const url = w.__block ? String(args[0]).replace('/ws', '/blocked-ws') : args[0]
        const ws = new target(url)
        w.__ws = ws
        return ws
      },
    })
  })
  await page.reload()
  await page.getByTestId('engine-status').waitFor()
  return {
    drop: () =>
      page.evaluate(() => {
        const w = window as unknown as { __block: boolean; __ws: WebSocket | null }
        w.__block = true
        w.__ws?.close()
      }),
    restore: () =>
      page.evaluate(() => {
        ;(window as unknown as { __block: boolean }).__block = false
      }),
  }
}

test('after the socket drops and comes back (serve kept running), the Inbox and Deliveries show what happened during the gap', async ({ page, hooklab }) => {
  // A receiver that holds the request until told, so the delivery is "sending" when the gap opens.
  const held: ServerResponse[] = []
  const sink = createServer((req: IncomingMessage, res) => {
    req.resume()
    held.push(res)
  })
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r))
  const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook`
  try {
    const sw = await socketSwitch(page)
    const dot = page.getByTestId('engine-status')
    await createInbox(page, 'alpha')
    await capture(hooklab.receiverUrl, 'alpha', 1)
    await expect(page.getByTestId('capture-row')).toHaveCount(1)
    await createEndpoint(page, 'held', sinkUrl)
    await sendTo(page, 'held', '{"held":1}')
    await expect.poll(() => held.length).toBe(1)
    await expect(page.getByTestId('delivery-row')).toHaveCount(1)
    await expect(page.getByTestId('filter-sending').locator('.chip-n')).toHaveText('1')

    await sw.drop()
    await expect(dot).toHaveAttribute('title', 'Reconnecting…')
    for (const seq of [2, 3, 4]) await capture(hooklab.receiverUrl, 'alpha', seq)
    held[0]?.end('ok')
    await expect
      .poll(async () => (await callServe<{ items: { status: string }[] }>(hooklab.url, 'deliveries.list', {})).items.map((d) => d.status))
      .toEqual(['delivered'])

    await sw.restore()
    await expect(dot).toHaveAttribute('title', 'Engine connected', { timeout: 15_000 })
    // The Deliveries view was open through the gap: its row, counts and detail are current.
    await expect(page.getByTestId('filter-delivered').locator('.chip-n')).toHaveText('1')
    await expect(page.getByTestId('filter-sending').locator('.chip-n')).toHaveText('0')
    await expect(page.getByTestId('delivery-detail').getByTestId('status-badge').first()).toHaveAttribute('data-status', 'delivered')
    await gotoView(page, 'inbox')
    await expect.poll(() => seqs(page)).toEqual(['1', '2', '3', '4'])
    await expect(page.getByTestId('inbox-select').locator('option:checked')).toContainText('(4)')
  } finally {
    for (const res of held) if (!res.writableEnded) res.end()
    await new Promise((r) => sink.close(r))
  }
})
