// Review 3 of the UI: JSON is pretty-printed without changing a number or a key (edit and replay, the
// body view, Compare); direction control characters in captured text are shown, not obeyed; a long
// field name leaves the values their room; bulk retry's progress follows the deliveries it retried.
import type { Locator, Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { editReplayOfDelivered, createEndpoint, createInbox, gotoView, sendTo, setEditorText } from './ui-helpers'

/** The text in a CodeMirror editor, one string (its lines joined with \n). */
async function editorText(page: Page, testid: string): Promise<string> {
  return (await page.getByTestId(testid).locator('.cm-line').allInnerTexts()).join('\n')
}

/** Opens the capture whose row shows `path`; returns its id. */
async function openCapture(page: Page, path: string): Promise<string> {
  await page.getByTestId('capture-row').filter({ hasText: path }).click()
  const detail = page.getByTestId('capture-detail')
  await expect(detail.locator('h2')).toContainText(path)
  return (await detail.getByText(/^cap_/).first().innerText()).trim()
}

test('edit and replay: the editor shows the numbers as sent (9007199254740993, 1.10), and an edit of x sends them unchanged', async ({ page }) => {
  const { dlg } = await editReplayOfDelivered(page, 'nums', 'Nums', '{"id":9007199254740993,"price":1.10,"x":1}')
  const shown = '{\n  "id": 9007199254740993,\n  "price": 1.10,\n  "x": 1\n}'
  await expect.poll(() => editorText(page, 'replay-editor')).toBe(shown)
  await expect(dlg.getByTestId('replay-diff')).toContainText('no changes')
  await setEditorText(page, 'replay-editor', shown.replace('"x": 1', '"x": 2'))
  // The diff is against the body as sent: the one line changed, and only it.
  const diff = dlg.getByTestId('replay-diff')
  await expect(diff.locator('.diff-del')).toHaveText([/"x": 1$/])
  await expect(diff.locator('.diff-add')).toHaveText([/"x": 2$/])
  await page.screenshot({ path: test.info().outputPath('edit-replay.png') })
  await dlg.getByTestId('replay-submit').click()
  await expect(dlg).toBeHidden()

  await gotoView(page, 'inbox')
  await expect(page.getByTestId('capture-row')).toHaveCount(2)
  await page.getByTestId('capture-row').first().click()
  const body = page.getByTestId('capture-body')
  await expect(body.getByRole('tab', { name: 'pretty' })).toHaveAttribute('aria-selected', 'true')
  await expect(body.getByTestId('body-text')).toHaveText(shown.replace('"x": 1', '"x": 2'))
  await body.getByRole('tab', { name: 'raw' }).click()
  await expect(body.getByTestId('body-text')).toHaveText(shown.replace('"x": 1', '"x": 2')) // what went out, byte for byte
})

test('the pretty body view and Compare keep numbers and repeated keys as sent: …993 vs …992, 1.10 vs 1.1 differ', async ({ page }) => {
  const url = await createInbox(page, 'cmpnum')
  const post = (path: string, body: string) => fetch(url + path, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
  await post('first', '{"id":9007199254740993,"amount":1.10,"k":"a","k":"b"}')
  await post('second', '{"id":9007199254740992,"amount":1.1,"k":"b"}')
  await expect(page.getByTestId('capture-row')).toHaveCount(2)
  await openCapture(page, '/first')
  const body = page.getByTestId('capture-body')
  await expect(body.getByRole('tab', { name: 'pretty' })).toHaveAttribute('aria-selected', 'true')
  await expect(body.getByTestId('body-text')).toHaveText('{\n  "id": 9007199254740993,\n  "amount": 1.10,\n  "k": "a",\n  "k": "b"\n}')

  await openCapture(page, '/second')
  await page.getByTestId('capture-compare').click()
  const dlg = page.getByTestId('compare-dialog')
  await dlg.getByTestId('compare-select').selectOption({ index: 1 })
  await expect(dlg.getByTestId('compare-note')).toContainText(/pretty-printed/i)
  const diff = dlg.getByTestId('capture-diff')
  await expect(diff.locator('.diff-del')).toContainText(['first', '"id": 9007199254740993,', '"amount": 1.10,', '"k": "a",'])
  await expect(diff.locator('.diff-add')).toContainText(['second', '"id": 9007199254740992,', '"amount": 1.1,'])
  await page.screenshot({ path: test.info().outputPath('compare-numbers.png') })
})

/** Every direction control character in the elements' text (none should reach the screen). */
function bidiControls(l: Locator): Promise<string[]> {
  return l.evaluateAll((els) => els.flatMap((el) => [...(el.textContent ?? '').matchAll(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g)].map((m) => m[0])))
}

test('direction control characters in a capture are shown as markers, not obeyed: "evt\\u202e.gnp" does not read "evtpng."', async ({ page }) => {
  const url = await createInbox(page, 'rtl')
  const rtl = 'safe\u202etxt.exe\u202dend'
  await fetch(`${url}json?q=${encodeURIComponent(rtl)}`, { method: 'POST', body: '{"type":"evt\u202e.gnp","note":"\u2066x\u2069"}', headers: { 'content-type': 'application/json' } })
  const form = new FormData()
  form.append('name', rtl)
  form.append('upload', new Blob(['%PDF']), `invoice\u202efdp.exe`)
  await fetch(`${url}parts`, { method: 'POST', body: form })
  await fetch(`${url}text`, { method: 'POST', body: rtl, headers: { 'content-type': 'text/plain' } })
  await expect(page.getByTestId('capture-row')).toHaveCount(3)

  const chip = page.getByTestId('capture-row').filter({ hasText: '/json' }).getByTestId('capture-row-event')
  await expect(chip).toHaveText('evt⟨U+202E⟩.gnp')
  await openCapture(page, '/json')
  const detail = page.getByTestId('capture-detail')
  await expect(detail.getByTestId('capture-event')).toContainText('event evt⟨U+202E⟩.gnp')
  await expect(detail.getByTestId('capture-query').locator('td')).toHaveText('safe⟨U+202E⟩txt.exe⟨U+202D⟩end')
  await expect(detail.getByTestId('capture-body').getByTestId('body-text')).toContainText('"evt⟨U+202E⟩.gnp"')
  await expect(detail.getByTestId('capture-body').getByTestId('body-text')).toContainText('"⟨U+2066⟩x⟨U+2069⟩"')
  await page.screenshot({ path: test.info().outputPath('bidi-json.png') })
  for (const where of [page.getByTestId('capture-row'), detail]) expect(await bidiControls(where)).toEqual([])
  // The hex view keeps the bytes: e2 80 ae is U+202E.
  await detail.getByTestId('capture-body').getByRole('tab', { name: 'hex' }).click()
  await expect(detail.getByTestId('capture-body').getByTestId('body-text')).toContainText('e2 80 ae')

  await openCapture(page, '/parts')
  const parts = detail.getByTestId('body-parts')
  await expect(parts.locator('td').nth(0)).toHaveText('safe⟨U+202E⟩txt.exe⟨U+202D⟩end')
  await expect(parts.locator('td').nth(1)).toContainText('invoice⟨U+202E⟩fdp.exe')
  expect(await bidiControls(detail)).toEqual([])

  await openCapture(page, '/text')
  await expect(detail.getByTestId('capture-body').getByTestId('body-text')).toHaveText('safe⟨U+202E⟩txt.exe⟨U+202D⟩end')
  expect(await bidiControls(detail)).toEqual([])
  await page.screenshot({ path: test.info().outputPath('bidi-text.png') })
})

test('a long field name wraps within 40% of the table: the values keep their room and the Download button stays in the pane', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  const url = await createInbox(page, 'wide')
  const long = 'x_' + 'very_long_field_name_'.repeat(4).slice(0, 78)
  await fetch(`${url}form`, { method: 'POST', body: `${long}=some+value+that+reads+as+words&short=1`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  const form = new FormData()
  form.append(long, 'text value')
  form.append('attachment', new Blob(['%PDF-1.4']), 'a-file-with-a-fairly-long-name.pdf')
  await fetch(`${url}multipart`, { method: 'POST', body: form })
  await expect(page.getByTestId('capture-row')).toHaveCount(2)
  const detail = page.getByTestId('capture-detail')

  await openCapture(page, '/form')
  const fields = detail.getByTestId('body-form')
  const table = (await fields.boundingBox())!
  const longName = (await fields.locator('th').nth(0).boundingBox())!
  const value = (await fields.locator('td').nth(0).boundingBox())!
  expect(longName.width).toBeLessThanOrEqual(table.width * 0.4 + 1)
  expect(value.width).toBeGreaterThanOrEqual(table.width * 0.55)
  await expect(fields.locator('td').nth(0)).toHaveText('some value that reads as words')
  // A short name stays on one line.
  const shortName = (await fields.locator('th').nth(1).boundingBox())!
  const line = (await fields.locator('td').nth(1).boundingBox())!
  expect(shortName.height).toBeLessThanOrEqual(line.height + 1)
  await page.screenshot({ path: test.info().outputPath('long-name-form.png') })

  await openCapture(page, '/multipart')
  const parts = detail.getByTestId('body-parts')
  const pane = (await detail.boundingBox())!
  const download = (await parts.getByRole('button', { name: 'Download' }).boundingBox())!
  expect(download.x + download.width).toBeLessThanOrEqual(pane.x + pane.width)
  expect((await parts.locator('td').nth(0).boundingBox())!.width).toBeGreaterThanOrEqual((await parts.boundingBox())!.width * 0.55)
  await page.screenshot({ path: test.info().outputPath('long-name-parts.png') })
})

test('bulk retry follows the deliveries it retried: a pending one the filter also shows does not hold the bar, and Retry comes back', async ({ page }) => {
  const downUrl = await createInbox(page, 'down', { script: '500, 500, 200' })
  await createEndpoint(page, 'Down once', downUrl, { delays: '100ms', maxAttempts: 1 })
  const laterUrl = await createInbox(page, 'later', { script: '500' })
  await createEndpoint(page, 'Retries later', laterUrl, { delays: '1h', maxAttempts: 2 })
  await sendTo(page, 'Down once', '{"n":"{{counter}}"}', 2)
  await gotoView(page, 'send')
  await page.locator('label.target').filter({ hasText: 'Down once' }).getByRole('checkbox').uncheck()
  await sendTo(page, 'Retries later', '{"n":"later"}')
  // Two failed for good, one waiting an hour for its next attempt.
  const rows = page.getByTestId('delivery-row')
  const statuses = (name: string) => rows.filter({ hasText: name }).getByTestId('status-badge').evaluateAll((els) => els.map((el) => el.getAttribute('data-status')))
  const later = rows.filter({ hasText: 'Retries later' })
  await expect.poll(() => statuses('Down once'), { timeout: 15_000 }).toEqual([expect.stringMatching(/failed|dead/), expect.stringMatching(/failed|dead/)])
  await expect(later.locator('[title=attempts]')).toHaveText('1', { timeout: 15_000 })
  await expect(later.getByTestId('status-badge')).toHaveAttribute('data-status', 'pending')

  const retry = page.getByTestId('bulk-retry')
  await expect(retry).toHaveText('Retry dead (2)') // maxAttempts 1: they are dead, and the label says so
  await retry.click()
  await expect(page.getByTestId('bulk-progress')).toHaveText('2/2') // was stuck at 1/2: the pending one counted as unfinished
  await page.screenshot({ path: test.info().outputPath('bulk-done.png') })
  await expect(retry).toHaveText('Retry failed (0)') // the bar goes, the button comes back
  expect(await statuses('Down once')).toEqual(['delivered', 'delivered'])
  await expect(later.getByTestId('status-badge')).toHaveAttribute('data-status', 'pending')
})
