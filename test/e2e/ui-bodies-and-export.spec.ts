// What a user sees of header values, binary bodies, a comparison of two captures, the edit-and-replay
// dialog on a small window and the Deliveries export's defaults (found by exploratory testing).
import { connect } from 'node:net'
import { readFileSync } from 'node:fs'
import { test, expect } from './fixtures'
import { createEndpoint, createInbox, gotoView, sendTo, setEditorText } from './ui-helpers'

/** One POST written byte for byte (fetch cannot send a header's UTF-8 bytes as they are); resolves on the answer. */
function rawPost(receiverUrl: string, path: string, headerLines: Buffer[], body: Buffer): Promise<string> {
  const { hostname, port } = new URL(receiverUrl)
  return new Promise((resolve, reject) => {
    const sock = connect(Number(port), hostname)
    let got = ''
    sock.on('data', (c: Buffer) => {
      got += c.toString('latin1')
      if (/\r\n\r\n/.test(got)) {
        sock.end()
        resolve(got)
      }
    })
    sock.on('error', reject)
    const CRLF = Buffer.from('\r\n')
    const head = [Buffer.from(`POST ${path} HTTP/1.1`), Buffer.from(`Host: ${hostname}:${port}`), Buffer.from(`Content-Length: ${body.length}`), Buffer.from('Connection: close'), ...headerLines]
    sock.write(Buffer.concat([...head.flatMap((l) => [l, CRLF]), CRLF, body]))
  })
}

test('a header sent as UTF-8 bytes shows decoded ("café"), marked UTF-8 with its bytes on hover; other bytes stay as they are', async ({ page, hooklab }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(hooklab.url).origin })
  await createInbox(page, 'utf8h')
  const answer = await rawPost(hooklab.receiverUrl, '/in/utf8h/h', [
    Buffer.concat([Buffer.from('X-Name: '), Buffer.from('café', 'utf8')]),
    Buffer.concat([Buffer.from('X-Latin: '), Buffer.from([0x63, 0x61, 0x66, 0xe9])]),
    Buffer.from('X-Plain: hello'),
    Buffer.from('Content-Type: text/plain'),
  ], Buffer.from('hi'))
  expect(answer).toMatch(/^HTTP\/1\.1 200/)
  await page.getByTestId('capture-row').first().click()
  const headers = page.getByTestId('capture-headers')
  const row = (name: string) => headers.locator('tr').filter({ has: page.locator('th', { hasText: new RegExp(`^${name}$`, 'i') }) })
  await expect(row('x-name').locator('td')).toContainText('café')
  await expect(row('x-name').locator('td')).not.toContainText('Ã')
  await expect(row('x-name').getByTestId('header-utf8')).toHaveText('UTF-8')
  await expect(row('x-name').locator('td')).toHaveAttribute('title', /63 61 66 c3 a9/)
  // Not valid UTF-8 (a lone 0xE9): shown one byte per character, as received, without the marker.
  await expect(row('x-latin').locator('td')).toHaveText('café')
  await expect(row('x-latin').getByTestId('header-utf8')).toHaveCount(0)
  await expect(row('x-plain').locator('td')).toHaveText('hello')
  await expect(row('x-plain').getByTestId('header-utf8')).toHaveCount(0)
  // "Copy request" copies the text as shown; pasted, it is the bytes that were sent.
  await page.getByRole('button', { name: 'Copy request as text' }).click()
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('X-Name: café\n')
  await headers.scrollIntoViewIfNeeded()
  await page.screenshot({ path: test.info().outputPath('header-utf8.png') })
})

test('a binary capture opens in hex; a text one keeps its view (pretty for JSON, raw for text)', async ({ page }) => {
  const url = (await createInbox(page, 'bin')).replace(/\/$/, '')
  await fetch(`${url}/octet`, { method: 'POST', body: new Uint8Array([0x00, 0x01, 0x89, 0x50, 0x4e, 0x47, 0xff]), headers: { 'content-type': 'application/octet-stream' } })
  // Declared as text but not UTF-8: garbled as text, so hex too.
  await fetch(`${url}/notutf8`, { method: 'POST', body: new Uint8Array([0x68, 0x69, 0xff, 0xfe, 0xc3, 0x28]), headers: { 'content-type': 'text/plain' } })
  await fetch(`${url}/json`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } })
  await fetch(`${url}/text`, { method: 'POST', body: 'plain words', headers: { 'content-type': 'text/plain' } })
  const rows = page.getByTestId('capture-row')
  await expect(rows).toHaveCount(4)
  const detail = page.getByTestId('capture-detail')
  const body = detail.getByTestId('capture-body')
  const open = async (path: string) => {
    await rows.filter({ hasText: `/${path}` }).click()
    await expect(detail.locator('h2')).toContainText(`/${path}`)
  }
  await open('json')
  await expect(body.getByRole('tab', { name: 'pretty' })).toHaveAttribute('aria-selected', 'true')
  await expect(body.getByTestId('body-text')).toHaveText('{\n  "a": 1\n}')
  await open('text')
  await expect(body.getByRole('tab', { name: 'raw' })).toHaveAttribute('aria-selected', 'true')
  await expect(body.getByTestId('body-text')).toHaveText('plain words')
  await open('octet')
  await expect(body.getByRole('tab', { name: 'hex' })).toHaveAttribute('aria-selected', 'true')
  await expect(body.getByTestId('body-text')).toContainText('00 01 89 50 4e 47 ff')
  await expect(body.getByTestId('body-size')).toHaveText('7 B')
  await page.screenshot({ path: test.info().outputPath('binary-hex.png') })
  // raw is still one click away; picking it there does not make the next binary body open as text.
  await body.getByRole('tab', { name: 'raw' }).click()
  await expect(body.getByRole('tab', { name: 'raw' })).toHaveAttribute('aria-selected', 'true')
  await open('notutf8')
  await expect(body.getByRole('tab', { name: 'hex' })).toHaveAttribute('aria-selected', 'true')
  await expect(body.getByTestId('body-text')).toContainText('68 69 ff fe c3 28')
})

test('Compare names which capture is − and which is +, and compares two 1 MB minified JSON bodies pretty-printed (raw one click away)', async ({ page }) => {
  const url = (await createInbox(page, 'cmp')).replace(/\/$/, '')
  const items = (changed: boolean) => Array.from({ length: 25_000 }, (_, i) => ({ i, name: `item-${String(i).padStart(6, '0')}`, qty: changed && i === 20_000 ? 7 : 1 }))
  const older = JSON.stringify({ items: items(false) })
  const newer = JSON.stringify({ items: items(true) })
  expect(older.length).toBeGreaterThan(1_000_000)
  await fetch(`${url}/first`, { method: 'POST', body: older, headers: { 'content-type': 'application/json' } })
  await fetch(`${url}/second`, { method: 'POST', body: newer, headers: { 'content-type': 'application/json' } })
  const rows = page.getByTestId('capture-row')
  await expect(rows).toHaveCount(2)
  const idOf = async (path: string) => {
    await rows.filter({ hasText: `/${path}` }).click()
    await expect(page.getByTestId('capture-detail').locator('h2')).toContainText(`/${path}`)
    return (await page.getByTestId('capture-detail').getByText(/^cap_/).first().innerText()).trim()
  }
  const olderId = await idOf('first')
  // Opened on the newer one, compared with the older: the older is − whichever was opened first.
  const newerId = await idOf('second')
  await page.getByTestId('capture-compare').click()
  const dlg = page.getByTestId('compare-dialog')
  await dlg.getByTestId('compare-select').selectOption({ index: 1 })
  const legend = dlg.getByTestId('diff-legend')
  await expect(legend.locator('.diff-del')).toHaveText(new RegExp(`^−\\s*${olderId} \\(older, `))
  await expect(legend.locator('.diff-add')).toHaveText(new RegExp(`^\\+\\s*${newerId} \\(newer, `))
  const diff = dlg.getByTestId('capture-diff')
  await expect(dlg.getByTestId('compare-note')).toContainText(/pretty-printed/i)
  // One line changed, as a line of the pretty-printed JSON, not a giant line.
  await expect(diff.locator('.diff-del').filter({ hasText: '"qty"' })).toHaveCount(1)
  await expect(diff.locator('.diff-del').filter({ hasText: '"qty"' })).toHaveText(/^−\s*"qty": 1$/)
  await expect(diff.locator('.diff-add').filter({ hasText: '"qty"' })).toHaveText(/^\+\s*"qty": 7$/)
  await page.screenshot({ path: test.info().outputPath('compare-pretty.png') })
  // The raw comparison: the bodies as sent, one line each.
  await dlg.getByRole('checkbox', { name: /pretty-print/i }).uncheck()
  await expect(dlg.getByTestId('compare-note')).toContainText(/as received/i)
  await expect(diff.locator('.diff-del').filter({ hasText: '{"items":[' })).toHaveCount(1)
})

test('edit and replay at 1024×640: with the JSON error shown, the footer buttons stay visible without scrolling the dialog', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 640 })
  const inboxUrl = await createInbox(page, 'small')
  await createEndpoint(page, 'Small', inboxUrl)
  const big = JSON.stringify(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`field${i}`, `value ${i}`])))
  await sendTo(page, 'Small', big)
  await expect(page.getByTestId('delivery-row').first().getByTestId('status-badge')).toHaveAttribute('data-status', 'delivered', { timeout: 15_000 })
  await page.getByTestId('edit-replay').click()
  const dlg = page.getByTestId('replay-dialog')
  await expect(dlg.getByTestId('replay-editor')).toBeVisible()
  await setEditorText(page, 'replay-editor', `${JSON.stringify(JSON.parse(big), null, 2).slice(0, -2)},\n}`)
  await expect(dlg.getByTestId('json-error')).toBeVisible()
  await page.screenshot({ path: test.info().outputPath('replay-1024x640.png') })
  await expect(dlg.getByTestId('replay-submit')).toBeInViewport({ ratio: 1 })
  await expect(dlg.getByRole('button', { name: 'Cancel' })).toBeInViewport({ ratio: 1 })
  await expect(dlg.getByTestId('json-error')).toBeInViewport({ ratio: 1 })
  await expect(dlg.getByTestId('replay-submit')).toBeDisabled()
  // The editor gives way: the whole dialog fits the window, nothing to scroll.
  expect(await dlg.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(1)
  await dlg.getByRole('button', { name: 'Cancel' }).click()
  await expect(dlg).toBeHidden()

  // The capture's edit-and-replay dialog too.
  await gotoView(page, 'inbox')
  await page.getByTestId('capture-row').first().click()
  await page.getByTestId('capture-replay').click()
  const cdlg = page.getByTestId('capture-replay-dialog')
  await cdlg.getByTestId('capture-replay-edit').check()
  await setEditorText(page, 'capture-replay-editor', `${JSON.stringify(JSON.parse(big), null, 2).slice(0, -2)},\n}`)
  await expect(cdlg.getByTestId('json-error')).toBeVisible()
  await page.screenshot({ path: test.info().outputPath('capture-replay-1024x640.png') })
  await expect(cdlg.getByTestId('capture-replay-send')).toBeInViewport({ ratio: 1 })
  await expect(cdlg.getByTestId('json-error')).toBeInViewport({ ratio: 1 })
  expect(await cdlg.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(1)
})

test("Deliveries' Export starts from the list's endpoint, status and time filters, says which apply, and they can be changed", async ({ page }) => {
  const url = await createInbox(page, 'exp')
  await createEndpoint(page, 'Alpha', url)
  await createEndpoint(page, 'Beta', url)
  await sendTo(page, 'Alpha', '{"to":"alpha"}')
  await gotoView(page, 'send')
  await page.locator('label.target').filter({ hasText: 'Alpha' }).getByRole('checkbox').uncheck()
  await sendTo(page, 'Beta', '{"to":"beta"}')
  const rows = page.getByTestId('delivery-row')
  await expect(rows.getByTestId('status-badge').filter({ hasText: 'delivered' })).toHaveCount(2, { timeout: 15_000 })

  await page.getByLabel('Filter by endpoint').selectOption({ label: 'Alpha' })
  await page.getByTestId('filter-delivered').click()
  await page.getByTestId('time-range').selectOption('1h')
  await expect(rows).toHaveCount(1)

  await page.getByTestId('open-export').click()
  const dlg = page.getByTestId('export-dialog')
  await expect(dlg.getByLabel('Endpoint').locator('option:checked')).toHaveText('Alpha')
  await expect(dlg.getByLabel('Status')).toHaveValue('delivered')
  await expect(dlg.getByLabel('From')).not.toHaveValue('')
  await expect(dlg.getByTestId('export-filters-note')).toContainText('Alpha')
  await expect(dlg.getByTestId('export-filters-note')).toContainText('delivered')
  await page.screenshot({ path: test.info().outputPath('export-defaults.png') })
  const [download] = await Promise.all([page.waitForEvent('download'), dlg.getByTestId('export-submit').click()])
  const doc = JSON.parse(readFileSync(await download.path(), 'utf8')) as { filters: { status: string | null; since: string | null }; deliveries: { endpoint?: { name?: string } | null; url: string }[] }
  expect(doc.filters.status).toBe('delivered')
  expect(doc.filters.since).not.toBeNull()
  expect(doc.deliveries).toHaveLength(1)
  expect(JSON.stringify(doc.deliveries[0])).toContain('alpha')

  // Changeable: back to everything.
  await page.getByTestId('open-export').click()
  await dlg.getByLabel('Endpoint').selectOption({ label: 'All endpoints' })
  await dlg.getByLabel('Status').selectOption('')
  await dlg.getByLabel('From').fill('')
  const [all] = await Promise.all([page.waitForEvent('download'), dlg.getByTestId('export-submit').click()])
  const allDoc = JSON.parse(readFileSync(await all.path(), 'utf8')) as { deliveries: unknown[] }
  expect(allDoc.deliveries).toHaveLength(2)
})

test('Compare of two binary bodies shows them as hex lines, not replacement characters', async ({ page }) => {
  const url = (await createInbox(page, 'bin')).replace(/\/$/, '')
  const a = Buffer.from([0x00, 0xff, 0x10, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0xfe, 0x01])
  const b = Buffer.from(a)
  b[17] = 0x02 // one byte differs, on the second hex line
  await fetch(`${url}/one`, { method: 'POST', body: a, headers: { 'content-type': 'application/octet-stream' } })
  await fetch(`${url}/two`, { method: 'POST', body: b, headers: { 'content-type': 'application/octet-stream' } })
  const rows = page.getByTestId('capture-row')
  await expect(rows).toHaveCount(2)
  await rows.first().click()
  await page.getByTestId('capture-compare').click()
  const dlg = page.getByTestId('compare-dialog')
  await dlg.getByTestId('compare-select').selectOption({ index: 1 })
  await expect(dlg.getByTestId('compare-note')).toContainText('compared as hex')
  const diff = dlg.getByTestId('capture-diff')
  await expect(diff).not.toContainText('\uFFFD')
  await expect(diff.locator('.diff-del').filter({ hasText: '00000010' })).toHaveText(/fe 01/)
  await expect(diff.locator('.diff-add').filter({ hasText: '00000010' })).toHaveText(/fe 02/)
})
