// Hostile payloads, captured by an inbox and returned as delivery responses: every one stays inert
// text (no dialog, no element made from it), huge or deep bodies do not freeze the page, and
// what is shown is the payload's own text. Long tasks are recorded for the report, never judged.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Locator, Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { createEndpoint, createInbox, gotoView, sendTo } from './ui-helpers'

const MB = 1024 * 1024
const HTML = '<img src=x onerror=alert(1)><script>alert(2)</script><b id="hostile-b">bold</b>'
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(3)" width="40" height="40"><script>alert(4)</script><rect id="hostile-rect" width="40" height="40" fill="red"/></svg>'
// 10,000 levels: JSON.stringify of it would overflow or explode in size, so pretty must fall back.
const DEEP = '['.repeat(10_000) + '"core"' + ']'.repeat(10_000)
const BAD_UTF8 = Buffer.concat([Buffer.from('before '), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]), Buffer.from(' after <i id="hostile-i">x</i>')])
// 1x1 PNG: raster images are still shown as images.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

function hugeLineJson(bytes: number): string {
  const items: string[] = []
  let size = 2
  for (let i = 0; size < bytes; i++) {
    const s = `{"i":${i},"name":"item-${String(i).padStart(7, '0')}","html":"<img src=x onerror=alert(5)>"}`
    items.push(s)
    size += s.length + 1
  }
  return `[${items.join(',')}]`
}

function bigText(bytes: number): string {
  const line = (n: number) => `line ${String(n).padStart(8, '0')} <script>alert(6)</script> ${'x'.repeat(40)}\n`
  const parts: string[] = []
  let size = 0
  for (let n = 0; size < bytes; n++) {
    const l = line(n)
    parts.push(l)
    size += l.length
  }
  return parts.join('').slice(0, bytes)
}

async function watch(page: Page): Promise<{ dialogs: () => number; longTasks: () => Promise<number[]> }> {
  let dialogs = 0
  page.on('dialog', (d) => {
    dialogs++
    void d.dismiss()
  })
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] }
    w.__longTasks = []
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(Math.round(e.duration))
    }).observe({ type: 'longtask', buffered: true })
  })
  return { dialogs: () => dialogs, longTasks: () => page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks) }
}

/** Nothing from any payload became an element, anywhere in the page. */
async function expectInert(page: Page): Promise<void> {
  await expect(page.locator('img[src="x"], #hostile-b, #hostile-rect, #hostile-i, svg script, [onerror], [onload]')).toHaveCount(0)
  await expect(page.locator('#root script, #root iframe, #root object, #root embed')).toHaveCount(0)
}

async function shownText(body: Locator): Promise<string> {
  return body.getByTestId('body-text').evaluate((el) => el.textContent ?? '')
}

/** Every view tab of a body in turn; each must render within the expect timeout. */
async function cycleModes(body: Locator): Promise<string[]> {
  const tabs = body.getByRole('tab')
  const names = await tabs.allInnerTexts()
  for (const name of names) {
    await body.getByRole('tab', { name, exact: true }).click()
    await expect(body.getByRole('tab', { name, exact: true })).toHaveAttribute('aria-selected', 'true', { timeout: 5_000 })
  }
  return names
}

test('a gallery of hostile captures stays inert, responsive and shown as text', async ({ page }) => {
  test.setTimeout(120_000)
  const w = await watch(page)
  const url = (await createInbox(page, 'hostile')).replace(/\/$/, '')
  const huge = hugeLineJson(5 * MB)
  const big = bigText(10 * MB)
  const post = async (path: string, body: string | Buffer, type: string) => {
    const res = await fetch(`${url}/${path}`, { method: 'POST', body: typeof body === 'string' ? body : Uint8Array.from(body), headers: { 'content-type': type } })
    expect(res.status, `${path} captured`).toBe(200)
  }
  await post('html', HTML, 'text/html')
  await post('svg', SVG, 'image/svg+xml')
  await post('huge-line', huge, 'application/json')
  await post('deep', DEEP, 'application/json')
  await post('bad-utf8', BAD_UTF8, 'text/plain; charset=utf-8')
  await post('big', big, 'text/plain')
  await post('png', PNG, 'image/png')

  const rows = page.getByTestId('capture-row')
  await expect(rows).toHaveCount(7, { timeout: 15_000 })
  const detail = page.getByTestId('capture-detail')
  const body = detail.getByTestId('capture-body')
  const open = async (path: string) => {
    await rows.filter({ hasText: `/${path}` }).click()
    await expect(detail.locator('h2')).toContainText(`/${path}`, { timeout: 5_000 })
  }

  await open('html')
  expect(await cycleModes(body)).toEqual(['raw', 'hex'])
  await body.getByRole('tab', { name: 'raw' }).click()
  expect(await shownText(body)).toBe(HTML)
  await expectInert(page)

  // SVG is never put in an <img> from a blob URL: it is shown as its source text.
  await open('svg')
  expect(await cycleModes(body)).toEqual(['raw', 'hex'])
  await expect(body.getByTestId('body-image')).toHaveCount(0)
  await body.getByRole('tab', { name: 'raw' }).click()
  expect(await shownText(body)).toBe(SVG)
  await expectInert(page)

  // 5 MB on one line: pretty is offered, what is rendered is capped, the start is the payload's.
  await open('huge-line')
  expect(await cycleModes(body)).toEqual(['pretty', 'raw', 'hex'])
  await body.getByRole('tab', { name: 'pretty' }).click()
  const pretty = await shownText(body)
  expect(pretty.startsWith('[\n  {\n    "i": 0,\n    "name": "item-0000000",\n    "html": "<img src=x onerror=alert(5)>"')).toBe(true)
  expect(pretty.length).toBeLessThan(1 * MB)
  await body.getByRole('tab', { name: 'raw' }).click()
  const raw = await shownText(body)
  expect(raw.length).toBeGreaterThan(10_000)
  expect(raw.length).toBeLessThan(1 * MB)
  expect(huge.startsWith(raw)).toBe(true)
  await expect(body.getByTestId('body-show-all')).toBeVisible()
  await expect(body.getByTestId('body-download')).toBeVisible()
  await expectInert(page)

  // 10,000 levels: no pretty tab (it falls back to raw), the raw text is the payload, no crash.
  await open('deep')
  expect(await cycleModes(body)).toEqual(['raw', 'hex'])
  await body.getByRole('tab', { name: 'raw' }).click()
  expect(await shownText(body)).toBe(DEEP)
  await expect(body.getByTestId('body-note')).toContainText(/nest/i)

  // Invalid UTF-8: replacement characters in text, the real bytes in hex.
  await open('bad-utf8')
  await cycleModes(body)
  await body.getByRole('tab', { name: 'raw' }).click()
  expect(await shownText(body)).toBe(new TextDecoder().decode(BAD_UTF8))
  await body.getByRole('tab', { name: 'hex' }).click()
  expect(await shownText(body)).toContain('ff fe c3 28 e2 82')
  await expectInert(page)

  // 10 MB: first part shown, hex paged (the second page starts where the first ended), show all works.
  await open('big')
  expect(await cycleModes(body)).toEqual(['raw', 'hex'])
  await body.getByRole('tab', { name: 'hex' }).click()
  const hex1 = await shownText(body)
  expect(hex1.startsWith('00000000  6c 69 6e 65 20')).toBe(true)
  await expect(body.getByTestId('hex-page')).toContainText('10.0 MB')
  await body.getByTestId('hex-next').click()
  await expect(body.getByTestId('body-text')).not.toHaveText(hex1)
  const hex2 = await shownText(body)
  const lastOffset = hex1.split('\n').filter((l) => /^[0-9a-f]{8} /.test(l)).pop()?.slice(0, 8) ?? ''
  expect(parseInt(hex2.slice(0, 8), 16)).toBe(parseInt(lastOffset, 16) + 16)
  await body.getByRole('tab', { name: 'raw' }).click()
  const bigShown = await shownText(body)
  expect(big.startsWith(bigShown)).toBe(true)
  expect(bigShown.length).toBeLessThan(1 * MB)
  await expectInert(page)
  await body.getByTestId('body-show-all').scrollIntoViewIfNeeded()
  await page.screenshot({ path: test.info().outputPath('hostile-big-capped.png') })

  // The page answers after all of that: another row opens, another view opens.
  await open('png')
  await expect(body.getByTestId('body-image')).toBeVisible()
  expect(await body.getByTestId('body-image').getAttribute('src')).toMatch(/^blob:/)
  await open('html')
  await gotoView(page, 'deliveries')
  await gotoView(page, 'inbox')
  await open('big')
  await body.getByTestId('body-show-all').click()
  await expect(body.getByTestId('body-show-all')).toHaveCount(0, { timeout: 15_000 })
  expect((await shownText(body)).length).toBe(big.length)
  await open('svg')
  await expectInert(page)

  await page.screenshot({ path: test.info().outputPath('hostile-gallery.png'), fullPage: true })
  expect(w.dialogs()).toBe(0)
  const lt = await w.longTasks()
  const summary = `${lt.length} tasks, max ${Math.max(0, ...lt)} ms, total ${lt.reduce((a, b) => a + b, 0)} ms`
  test.info().annotations.push({ type: 'long tasks', description: summary })
  console.log(`hostile captures: long tasks ${summary}`)
})

test('a form body of 50,000 fields and a multipart body of 2,000 parts show their first 500, say how many more, and stay inert', async ({ page }) => {
  const w = await watch(page)
  const url = (await createInbox(page, 'fields')).replace(/\/$/, '')
  const form = Array.from({ length: 50_000 }, (_, i) => `${encodeURIComponent(`f${i}<img src=x onerror=alert(7)>`)}=${encodeURIComponent(HTML)}`).join('&')
  await fetch(`${url}/form`, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  const parts = new FormData()
  for (let i = 0; i < 2_000; i++) {
    if (i % 2) parts.append(`p${i}<b id="hostile-b">`, HTML)
    else parts.append(`p${i}<b id="hostile-b">`, new Blob([SVG], { type: 'image/svg+xml' }), `x${i}.svg`)
  }
  await fetch(`${url}/parts`, { method: 'POST', body: parts })
  const rows = page.getByTestId('capture-row')
  await expect(rows).toHaveCount(2, { timeout: 10_000 })
  const body = page.getByTestId('capture-detail').getByTestId('capture-body')

  await rows.filter({ hasText: '/form' }).click()
  await expect(body.getByTestId('body-form').locator('th')).toHaveCount(500)
  await expect(body.getByTestId('body-form').locator('th').first()).toHaveText('f0<img src=x onerror=alert(7)>')
  await expect(body.getByTestId('body-form').locator('td').first()).toHaveText(HTML)
  await expect(body.getByTestId('fields-more')).toHaveText('… and 49,500 more (the raw tab shows them all)')
  await expectInert(page)

  await rows.filter({ hasText: '/parts' }).click()
  await expect(body.getByTestId('body-parts').locator('th')).toHaveCount(500)
  await expect(body.getByTestId('body-parts').locator('td').nth(0)).toContainText('x0.svg')
  await expect(body.getByTestId('body-parts').locator('td').nth(1)).toHaveText(HTML)
  await expect(body.getByTestId('fields-more')).toHaveText('… and 1,500 more (the raw tab shows them all)')
  await expectInert(page)
  expect(w.dialogs()).toBe(0)
})

test('hostile delivery responses stay inert in the attempt detail', async ({ page }) => {
  test.setTimeout(120_000)
  const w = await watch(page)
  const hugeResp = hugeLineJson(5 * MB)
  const responses: Record<string, { type: string; body: string | Buffer }> = {
    html: { type: 'text/html', body: HTML },
    svg: { type: 'image/svg+xml', body: SVG },
    deep: { type: 'application/json', body: DEEP },
    utf8: { type: 'text/plain', body: BAD_UTF8 },
    huge: { type: 'application/json', body: hugeResp },
  }
  const server = createServer((req, res) => {
    let raw = ''
    req.on('data', (c: Buffer) => (raw += c.toString()))
    req.on('end', () => {
      const kind = (JSON.parse(raw) as { kind: string }).kind
      const r = responses[kind] ?? responses.html!
      res.writeHead(200, { 'content-type': r.type })
      res.end(r.body)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  try {
    const port = (server.address() as AddressInfo).port
    await createEndpoint(page, 'Hostile responder', `http://127.0.0.1:${port}/hook`, { delays: '100ms', maxAttempts: 1 })
    const detail = page.getByTestId('delivery-detail')
    const kinds = Object.keys(responses)
    for (const [i, kind] of kinds.entries()) {
      await sendTo(page, 'Hostile responder', `{"kind":"${kind}"}`)
      await expect(page.getByTestId('delivery-row')).toHaveCount(i + 1)
      await page.getByTestId('delivery-row').first().click()
      const attempt = detail.getByTestId('attempt-item').first()
      await expect(attempt).toContainText('200', { timeout: 15_000 })
      // The latest attempt opens by itself; open it only if it did not.
      const head = attempt.locator('.attempt-head')
      if ((await head.getAttribute('aria-expanded')) !== 'true') await head.click()
      await expect(attempt.getByTestId('body-text').first()).toContainText(`"${kind}"`)
      const body = attempt.getByTestId('response-body')
      const modes = await cycleModes(body)
      expect(modes, kind).not.toContain('image')
      await body.getByRole('tab', { name: 'raw' }).click()
      const shown = await shownText(body)
      const sent = responses[kind]!.body
      const sentText = typeof sent === 'string' ? sent : new TextDecoder().decode(sent)
      // The engine keeps the first 64 KB of a response; what is shown is a prefix of what was sent.
      if (kind === 'huge') {
        expect(shown.length).toBeGreaterThan(10_000)
        expect(sentText.startsWith(shown)).toBe(true)
        await expect(body).toContainText('truncated')
      } else expect(shown, kind).toBe(sentText)
      await expectInert(page)
    }
    await detail.getByTestId('attempt-item').first().getByTestId('response-body').scrollIntoViewIfNeeded()
    await page.screenshot({ path: test.info().outputPath('hostile-responses.png') })
    expect(w.dialogs()).toBe(0)
    const lt = await w.longTasks()
    const summary = `${lt.length} tasks, max ${Math.max(0, ...lt)} ms, total ${lt.reduce((a, b) => a + b, 0)} ms`
    test.info().annotations.push({ type: 'long tasks', description: summary })
    console.log(`hostile responses: long tasks ${summary}`)
  } finally {
    server.close()
  }
})
