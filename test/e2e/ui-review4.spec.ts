// Review 4 of the UI: lists show the date of what is not today's; a new search or filter opens at its
// top and takes its live rows; live data does not move the Deliveries list; the Export and Replay all
// dialogs say what they will do; any body can be downloaded; labels and help say what is true.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { createEndpoint, createInbox, gotoView, sendTo } from './ui-helpers'

const SHOTS = '/tmp/fix4/ui'
const DAY = 86_400_000

/** A hooklab.captures/v1 document of `n` JSON captures into inbox `slug`, received `daysAgo` days ago. */
function oldCaptures(slug: string, n: number, daysAgo: number) {
  const start = Date.now() - daysAgo * DAY
  const captures = Array.from({ length: n }, (_, i) => {
    const body = JSON.stringify({ type: 'invoice.paid', i })
    return {
      id: `cap_old${slug.replace(/[^a-z0-9]/g, '')}${i}`,
      inbox: { id: 'inb_elsewhere', slug },
      receivedAt: new Date(start + i * 1000).toISOString(),
      remoteAddress: '127.0.0.1',
      event: 'invoice.paid',
      eventFrom: 'body.type',
      request: { method: 'POST', path: `/in/${slug}/hooks/stripe`, query: `i=${i}`, headers: [['content-type', 'application/json']], contentType: 'application/json', size: body.length, oversize: false, encoding: 'utf8', body },
      response: { status: 200, headers: [], encoding: 'utf8', body: '' },
      verification: null,
      duplicateOf: null,
      forward: null,
    }
  })
  const doc = { format: 'hooklab.captures/v1', exportedAt: new Date().toISOString(), filters: { inboxId: null, inboxSlug: slug, since: null, until: null }, captures }
  return { name: `${slug}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) }
}

/** Imports the captures through the Inbox's Import… and waits until its list shows them. */
async function importOld(page: Page, slug: string, n: number, daysAgo: number): Promise<void> {
  await gotoView(page, 'inbox')
  await page.getByTestId('import-captures-file').setInputFiles(oldCaptures(slug, n, daysAgo))
  await expect(page.getByTestId('toast-info').last()).toContainText(`Imported ${n} captures into ${slug}`)
  await expect(page.getByTestId('inbox-select').locator('option:checked')).toHaveText(new RegExp(`^${slug}`))
}

/** YYYY-MM-DD of a moment, in the browser's (and this process's) local time, as the lists print it. */
function localDate(ts: number): string {
  const d = new Date(ts)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

const scrollTop = (page: Page, testid: string) => page.getByTestId(testid).getByRole('listbox').evaluate((el) => el.scrollTop)

test('a capture from three days ago shows its date in the Inbox row', async ({ page }) => {
  await importOld(page, 'bob', 3, 3)
  const rows = page.getByTestId('capture-row')
  await expect(rows).toHaveCount(3)
  const day = localDate(Date.now() - 3 * DAY)
  // The row's time carries the day: "2026-11-21 19:55:00.728", not "19:55:00.728" as if it came today.
  await expect(rows.first()).toContainText(new RegExp(`${day} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}`))
  await page.screenshot({ path: `${SHOTS}/inbox-dates.png` })
})

test('Compare’s options and legend show an old capture’s date, and the query, event and size that tell same-path captures apart', async ({ page }) => {
  await importOld(page, 'bob', 3, 3)
  const rows = page.getByTestId('capture-row')
  await expect(rows).toHaveCount(3)
  const day = localDate(Date.now() - 3 * DAY)
  await rows.first().click()
  await page.getByTestId('capture-compare').click()
  const options = page.getByTestId('compare-dialog').getByTestId('compare-select').locator('option')
  await expect(options).toHaveCount(3)
  // Same path, told apart by their query; the event and size are there too.
  await expect(options.nth(1)).toHaveText(new RegExp(`^${day} [\\d:.]+ POST /in/bob/hooks/stripe\\?i=1 · invoice\\.paid · 29 B \\(cap_oldbob1\\)$`))
  await page.getByTestId('compare-dialog').getByTestId('compare-select').selectOption({ index: 1 })
  await expect(page.getByTestId('compare-dialog').getByTestId('diff-legend')).toContainText(`older, ${day} `)
  await page.screenshot({ path: `${SHOTS}/compare-dates.png` })
})

test('a new Inbox search opens at its first match, and a capture matching it comes into the list, not behind "N new"', async ({ page }) => {
  const url = await createInbox(page, 'scroll')
  for (let i = 0; i < 150; i += 10) await Promise.all(Array.from({ length: 10 }, (_, j) => fetch(`${url}hooks?i=${i + j}`, { method: 'POST', body: `{"n":${i + j}}` })))
  await expect(page.getByTestId('capture-row').first()).toBeVisible()
  const list = page.getByTestId('capture-list').getByRole('listbox')
  await expect.poll(() => list.evaluate((el) => el.scrollHeight)).toBeGreaterThan(150 * 32 - 100)
  await list.evaluate((el) => el.scrollTo({ top: 3000 }))
  await expect.poll(() => scrollTop(page, 'capture-list')).toBeGreaterThan(2000)

  await page.getByLabel('Search captures').fill('hooks')
  await expect.poll(() => scrollTop(page, 'capture-list')).toBe(0)
  await expect(page.getByTestId('capture-row').first()).toContainText('i=149')
  await fetch(`${url}hooks?i=new`, { method: 'POST', body: '{"n":"new"}' })
  await expect(page.getByTestId('capture-row').first()).toContainText('i=new')
  await expect(page.getByTestId('new-marker')).toHaveCount(0)
  await page.screenshot({ path: `${SHOTS}/inbox-search-top.png` })
})

test('a status chip or a search picked while scrolled down opens the Deliveries list at its top', async ({ page }) => {
  const url = await createInbox(page, 'many')
  await createEndpoint(page, 'Many', url)
  await sendTo(page, 'Many', '{"type":"order.paid"}', 120)
  const list = page.getByTestId('delivery-list').getByRole('listbox')
  await expect.poll(() => list.evaluate((el) => el.scrollHeight), { timeout: 20_000 }).toBeGreaterThan(100 * 34)
  await expect(page.getByTestId('filter-delivered').locator('.chip-n')).toHaveText('120', { timeout: 20_000 })

  await list.evaluate((el) => el.scrollTo({ top: 1500 }))
  await expect.poll(() => scrollTop(page, 'delivery-list')).toBeGreaterThan(1000)
  await page.getByTestId('filter-delivered').click()
  await expect.poll(() => scrollTop(page, 'delivery-list')).toBe(0)

  await list.evaluate((el) => el.scrollTo({ top: 1500 }))
  await expect.poll(() => scrollTop(page, 'delivery-list')).toBeGreaterThan(1000)
  await page.getByLabel('Search deliveries').fill('Many')
  await expect.poll(() => scrollTop(page, 'delivery-list')).toBe(0)
})

test('the Deliveries list does not move when the first delivery becomes pending', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  const url = await createInbox(page, 'shift')
  await createEndpoint(page, 'Up', url)
  await createEndpoint(page, 'Down', 'http://127.0.0.1:9/refused', { delays: '1h', maxAttempts: 3 })
  await sendTo(page, 'Up', '{"type":"a"}')
  await expect(page.getByTestId('filter-delivered').locator('.chip-n')).toHaveText('1', { timeout: 15_000 })
  await expect(page.getByTestId('filter-pending').locator('.chip-n')).toHaveText('0')
  const listTop = async () => (await page.getByTestId('delivery-list').getByRole('listbox').boundingBox())!.y
  const before = await listTop()
  await page.screenshot({ path: `${SHOTS}/deliveries-none-pending.png` })

  await sendTo(page, 'Down', '{"type":"b"}')
  await expect(page.getByTestId('filter-pending').locator('.chip-n')).toHaveText('1', { timeout: 15_000 })
  await expect(page.getByTestId('bulk-cancel')).toHaveText('Cancel pending (1)')
  expect(await listTop()).toBe(before)
  await page.screenshot({ path: `${SHOTS}/deliveries-one-pending.png` })
})

test('the Export dialog does not say the list shows "every delivery" while a search narrows it', async ({ page }) => {
  const url = await createInbox(page, 'exp')
  await createEndpoint(page, 'Up', url)
  await sendTo(page, 'Up', '{"type":"a"}')
  await expect(page.getByTestId('filter-delivered').locator('.chip-n')).toHaveText('1', { timeout: 15_000 })
  await page.getByLabel('Search deliveries').fill('no-such-delivery')
  await expect(page.getByTestId('deliveries-empty')).toBeVisible()
  await page.getByTestId('open-export').click()
  const note = page.getByTestId('export-dialog').getByTestId('export-filters-note')
  await expect(note).toContainText('Not applied')
  await expect(note).not.toContainText('The list shows every delivery')
  await expect(note).toContainText('every delivery is exported')
  await page.screenshot({ path: `${SHOTS}/export-search-note.png` })
})

test('Replay all on an inbox of more than 1,000 captures says so up front and does not offer Replay', async ({ page }) => {
  await importOld(page, 'big', 1001, 1)
  await page.getByTestId('open-replay-captures').click()
  const dlg = page.getByTestId('replay-captures-dialog')
  await dlg.getByLabel('Target URL').fill('http://127.0.0.1:9/hook')
  await expect(dlg.getByTestId('replay-captures-over')).toContainText('1,001 captures are in this inbox')
  await expect(dlg.getByTestId('replay-captures-over')).toContainText('at most 1,000')
  await expect(dlg.getByTestId('replay-captures-send')).toBeDisabled()
  await page.screenshot({ path: `${SHOTS}/replay-all-over.png` })
})

/** A 64-byte octet-stream capture, opened in the detail at 900x700; returns its bytes. */
async function openBinary(page: Page): Promise<Uint8Array> {
  await page.setViewportSize({ width: 900, height: 700 })
  const url = await createInbox(page, 'bin')
  const bytes = new Uint8Array(Array.from({ length: 64 }, (_, i) => (i * 37 + 200) % 256))
  await fetch(`${url}blob`, { method: 'POST', body: bytes, headers: { 'content-type': 'application/octet-stream' } })
  await page.getByTestId('capture-row').click()
  await expect(page.getByTestId('capture-body').getByRole('tab', { name: 'hex' })).toHaveAttribute('aria-selected', 'true')
  return bytes
}

test('a binary body downloads from the detail as its exact bytes', async ({ page }) => {
  const bytes = await openBinary(page)
  const body = page.getByTestId('capture-body')
  await expect(body.getByTestId('body-download')).toBeVisible()
  const [download] = await Promise.all([page.waitForEvent('download'), body.getByTestId('body-download').click()])
  expect([...readFileSync(await download.path())]).toEqual([...bytes])
})

test('the hex dump does not wrap at 900 px: each 16-byte line is one line', async ({ page }) => {
  await openBinary(page)
  const body = page.getByTestId('capture-body')
  // Four 16-byte lines, each on one line (offset, hex and ASCII side by side).
  const lines = await body.getByTestId('body-text').evaluate((el) => {
    const r = document.createRange()
    r.selectNodeContents(el)
    return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size
  })
  expect(lines).toBe(4)
  await page.screenshot({ path: `${SHOTS}/hex-900.png` })
})

/** One dead delivery (its only attempt refused), listed in Deliveries at 900x700. */
async function oneDead(page: Page): Promise<void> {
  await page.setViewportSize({ width: 900, height: 700 })
  await createEndpoint(page, 'Gone', 'http://127.0.0.1:9/refused', { delays: '200ms', maxAttempts: 1 })
  await sendTo(page, 'Gone', '{"type":"x"}')
  await expect(page.getByTestId('filter-dead').locator('.chip-n')).toHaveText('1', { timeout: 15_000 })
}

test('the bulk retry says it retries dead deliveries when those are what it retries', async ({ page }) => {
  await oneDead(page)
  await expect(page.getByTestId('bulk-retry')).toHaveText('Retry dead (1)')
})

test('at 900x700 the Deliveries list shows its Age column', async ({ page }) => {
  await oneDead(page)

  const list = (await page.getByTestId('delivery-list').getByRole('listbox').boundingBox())!
  const age = (await page.getByTestId('delivery-row').first().locator('.drow > span').last().boundingBox())!
  expect(age.x + age.width).toBeLessThanOrEqual(list.x + list.width)
  await expect(page.getByTestId('delivery-row').first().locator('.drow > span').last()).toHaveText(/ago$/)
  await page.screenshot({ path: `${SHOTS}/deliveries-900.png` })
})

test('the shortcuts help says End goes to the last loaded row', async ({ page }) => {
  await page.getByTestId('open-shortcuts').click()
  await expect(page.getByTestId('shortcuts-dialog')).toContainText('last loaded row')
})

test('an answer that broke off mid-body shows as failed, not as a green 200, in the list and the attempt', async ({ page }) => {
  // A server that answers 200 with a Content-Length of 1000, sends 10 bytes and closes.
  const server = createServer((req, res) => {
    req.resume()
    res.writeHead(200, { 'Content-Length': '1000' })
    res.write('0123456789', () => res.socket?.destroy())
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  try {
    await createEndpoint(page, 'Cut', `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, { delays: '1h', maxAttempts: 2 })
    await sendTo(page, 'Cut', '{"type":"cut"}')
    const row = page.getByTestId('delivery-row').first()
    await expect(row).toContainText('the answer started (HTTP 200', { timeout: 15_000 })
    await expect(row.locator('.http')).toHaveClass(/http-bad/)
    await row.click()
    const attempt = page.getByTestId('attempt-item').first()
    await expect(attempt.locator('.attempt-head')).toContainText('✕')
    await expect(attempt.locator('.attempt-head .http')).toHaveClass(/http-bad/)
    await expect(attempt.locator('.attempt-head')).toContainText('E_RESET')
  } finally {
    await new Promise((r) => server.close(r))
  }
})

test('re-signing a capture of a Stripe-verifying inbox starts with Stripe, in the replay and the Replay all dialogs', async ({ page }) => {
  const url = await createInbox(page, 'stripe-in', { verify: { scheme: 'stripe', secret: 'whsec_test_secret' } })
  await fetch(`${url}hook`, { method: 'POST', body: '{"type":"invoice.paid"}', headers: { 'content-type': 'application/json' } })
  await page.getByTestId('capture-row').first().click()
  await page.getByTestId('capture-replay').click()
  const one = page.getByTestId('capture-replay-dialog')
  await one.getByRole('radio', { name: 're-sign' }).click()
  await expect(one.getByLabel('Scheme')).toHaveValue('stripe')
  await page.keyboard.press('Escape')
  await page.getByTestId('open-replay-captures').click()
  const all = page.getByTestId('replay-captures-dialog')
  await all.getByRole('radio', { name: 're-sign' }).click()
  await expect(all.getByLabel('Scheme')).toHaveValue('stripe')
})

test('Compare on a duplicate opens compared with its original', async ({ page }) => {
  const url = await createInbox(page, 'dups')
  const headers = { 'content-type': 'application/json', 'webhook-id': 'msg_same' }
  await fetch(`${url}first`, { method: 'POST', body: '{"n":1}', headers })
  await fetch(`${url}again`, { method: 'POST', body: '{"n":2}', headers })
  const rows = page.getByTestId('capture-row')
  await expect(rows).toHaveCount(2)
  await rows.filter({ hasText: '/first' }).click()
  const originalId = (await page.getByTestId('capture-detail').getByText(/^cap_/).first().innerText()).trim()
  await rows.filter({ hasText: '/again' }).click()
  await expect(page.getByTestId('capture-detail').locator('h2')).toContainText('/again')
  await page.getByTestId('capture-compare').click()
  const dlg = page.getByTestId('compare-dialog')
  await expect(dlg.getByTestId('compare-select')).toHaveValue(originalId)
  await expect(dlg.getByTestId('capture-diff')).toContainText('"n":')
})
