// A 9 MB one-line JSON capture opened in Send: the tab must stay usable (the editor takes typing soon
// after it opens, and again after leaving Send and coming back), and what is sent is the body shown, byte
// for byte. Long main-thread tasks are recorded with a PerformanceObserver; the bounds are generous.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHash } from 'node:crypto'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { createInbox, gotoView } from './ui-helpers'

test.setTimeout(180_000)

/** About 9 MB of minified JSON on one line (like an export or a big batch webhook). */
function bigJson(): string {
  const items: unknown[] = []
  for (let i = 0, size = 0; size < 9_000_000; i++) {
    const item = { id: i, name: `item-${i}`, tags: ['a', 'b'], v: i / 7 }
    size += JSON.stringify(item).length + 1
    items.push(item)
  }
  items.push({ id: 'LAST', needle: 'zebra-needle-at-the-end' })
  return JSON.stringify({ items })
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex')

async function startLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __lt: number[] }
    w.__lt = []
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__lt.push(Math.round(e.duration)))).observe({ type: 'longtask', buffered: false })
  })
}
const takeLongTasks = (page: Page) => page.evaluate(() => (window as unknown as { __lt: number[] }).__lt.splice(0))

test('a 9 MB JSON capture opened in Send takes typing promptly and is sent byte for byte', async ({ page }) => {
  const got: Buffer[] = []
  const sink = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      got.push(Buffer.concat(chunks))
      res.end('ok')
    })
  })
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r))
  try {
    const body = bigJson()
    const url = await createInbox(page, 'big')
    expect((await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } })).status).toBe(200)
    await page.getByTestId('capture-row').first().click()
    await expect(page.getByTestId('capture-detail')).toBeVisible()
    await startLongTasks(page)

    // Open in Send: the editor shows the body and takes a keystroke in bounded time.
    let t0 = Date.now()
    await page.getByTestId('capture-open-in-send').click()
    const content = page.getByTestId('body-editor').locator('.cm-content')
    await expect(content).toBeVisible({ timeout: 30_000 })
    await expect(content).toContainText('{"items":[{"id":0,"name":"item-0"', { timeout: 30_000 })
    const openMs = Date.now() - t0
    const openTasks = await takeLongTasks(page)

    // Break the JSON at its end and mend it again: both are seen (the check runs), and each key lands promptly.
    t0 = Date.now()
    await content.click()
    await page.keyboard.press('ControlOrMeta+End')
    await page.keyboard.press('Backspace')
    await expect(page.getByTestId('json-error')).toBeVisible({ timeout: 20_000 })
    await page.keyboard.type('}')
    await expect(page.getByTestId('json-error')).toHaveCount(0, { timeout: 20_000 })
    const typeMs = Date.now() - t0
    // Idle in Send for a while: nothing keeps the main thread busy.
    await page.waitForTimeout(2000)
    const typeTasks = await takeLongTasks(page)

    // Away and back: Send opens again without a long freeze (the Inbox's own work is left out of the count).
    await gotoView(page, 'inbox')
    await expect(page.getByTestId('capture-detail')).toBeVisible()
    await page.waitForTimeout(1500)
    await takeLongTasks(page)
    t0 = Date.now()
    await gotoView(page, 'send')
    await expect(content).toContainText('{"items":[{"id":0', { timeout: 30_000 })
    const backMs = Date.now() - t0
    await page.waitForTimeout(1000)
    const backTasks = await takeLongTasks(page)

    // With a URL the preview signs the whole body: typing goes on while it does.
    await page.getByRole('radio', { name: 'Ad-hoc URL' }).click()
    await page.getByTestId('adhoc-url').fill(`http://127.0.0.1:${(sink.address() as AddressInfo).port}/big`)
    await expect(page.getByTestId('preview-target')).toBeVisible({ timeout: 20_000 })
    t0 = Date.now()
    await content.click()
    await page.keyboard.press('ControlOrMeta+End')
    await page.keyboard.press('Backspace')
    await page.keyboard.type('}')
    await page.waitForTimeout(3000)
    await expect(page.getByTestId('json-error')).toHaveCount(0)
    const previewTasks = await takeLongTasks(page)
    console.log(JSON.stringify({ openMs, openTasks, typeMs, typeTasks, backMs, backTasks, previewTasks }))

    // The user notices seconds, not milliseconds: bounds stay loose on a busy machine.
    expect(openMs).toBeLessThan(15_000)
    expect(Math.max(0, ...openTasks)).toBeLessThan(2500)
    expect(typeMs).toBeLessThan(15_000)
    expect(Math.max(0, ...typeTasks)).toBeLessThan(1500)
    expect(Math.max(0, ...backTasks)).toBeLessThan(2000)
    expect(Math.max(0, ...previewTasks)).toBeLessThan(2000)
    // One line says why the editor is plain.
    await expect(page.getByTestId('large-body-note')).toContainText('plain editor')

    // Sent to the URL: the sink gets exactly the captured bytes, the body shown (no pretty-printing on the way).
    await page.getByTestId('send-button').click()
    await expect(page.getByTestId('nav-deliveries')).toHaveAttribute('aria-current', 'page', { timeout: 30_000 })
    await expect.poll(() => got.length, { timeout: 30_000 }).toBe(1)
    expect(got[0]!.length).toBe(Buffer.byteLength(body))
    expect(sha(got[0]!)).toBe(sha(body))
  } finally {
    sink.close()
  }
})
