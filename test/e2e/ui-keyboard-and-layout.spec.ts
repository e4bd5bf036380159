// Keyboard and layout details a user notices: Ctrl+Enter sends the body as typed, focus comes back
// to what opened a dialog, a search typed just before leaving a view is kept, the Send button's
// shortcut hint fits the platform, a truncated body says how big it really is, long endpoint names
// do not squeeze their checkbox or the p95 figure, and the empty Deliveries detail fits an empty list.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test, expect } from './fixtures'
import { createEndpoint, createInbox, gotoView, sendTo, setEditorText } from './ui-helpers'

test('Ctrl+Enter in the body editor sends the body byte for byte and leaves it unchanged', async ({ page }) => {
  const url = await createInbox(page, 'exact')
  await createEndpoint(page, 'Exact', url)
  await gotoView(page, 'send')
  await page.locator('label.target').filter({ hasText: 'Exact' }).getByRole('checkbox').check()
  const editor = page.getByTestId('body-editor')
  await setEditorText(page, 'body-editor', '{"a":1}')
  for (let n = 1; n <= 2; n++) {
    // The caret is in the editor, as it is when one has just typed the body.
    await editor.locator('.cm-content').click()
    await page.keyboard.press('End')
    await page.keyboard.press('Control+Enter')
    await expect(page.getByTestId('nav-deliveries')).toHaveAttribute('aria-current', 'page')
    await gotoView(page, 'send')
    await expect(editor.locator('.cm-line')).toHaveCount(1)
    await expect(editor.locator('.cm-line')).toHaveText('{"a":1}')
  }
  await gotoView(page, 'inbox')
  const rows = page.getByTestId('capture-row')
  await expect(rows).toHaveCount(2, { timeout: 15_000 })
  for (const i of [0, 1]) {
    await rows.nth(i).click()
    const detail = page.getByTestId('capture-detail')
    await expect(detail).toContainText(' · 7 B · ')
    const body = detail.getByTestId('capture-body')
    await body.getByRole('tab', { name: 'raw' }).click()
    expect(await body.getByTestId('body-text').textContent()).toBe('{"a":1}')
  }
})

test('closing a dialog with Escape gives focus back to the control that opened it', async ({ page }) => {
  // The shortcuts list, from its button in the rail.
  await page.getByTestId('open-shortcuts').click()
  await expect(page.getByTestId('shortcuts-dialog')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('shortcuts-dialog')).toBeHidden()
  await expect(page.getByTestId('open-shortcuts')).toBeFocused()

  // Deliveries' Export…, opened from the keyboard.
  await gotoView(page, 'deliveries')
  await page.getByTestId('open-export').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toBeHidden()
  await expect(page.getByTestId('open-export')).toBeFocused()

  // An inbox's settings, closed with Escape and then with its × button.
  await createInbox(page, 'focus')
  await page.getByTestId('inbox-settings').click()
  await expect(page.getByTestId('inbox-settings-dialog')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('inbox-settings-dialog')).toBeHidden()
  await expect(page.getByTestId('inbox-settings')).toBeFocused()
  await page.getByTestId('inbox-settings').click()
  await page.getByTestId('inbox-settings-dialog').getByRole('button', { name: 'Close dialog' }).click()
  await expect(page.getByTestId('inbox-settings-dialog')).toBeHidden()
  await expect(page.getByTestId('inbox-settings')).toBeFocused()

  // "?" pressed while the list has focus: the list gets it back.
  await fetch(`${await page.getByTestId('receiver-url').innerText()}`, { method: 'POST', body: '{}' })
  await page.getByTestId('capture-row').first().click()
  const list = page.getByRole('listbox', { name: 'Captures' })
  await list.focus()
  await page.keyboard.press('?')
  await expect(page.getByTestId('shortcuts-dialog')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(list).toBeFocused()
})

test('a search typed just before leaving Deliveries or Inbox is kept and applied', async ({ page }) => {
  const url = await createInbox(page, 'searched')
  for (const kind of ['invoice.paid', 'customer.created']) await fetch(url, { method: 'POST', body: JSON.stringify({ type: kind }), headers: { 'content-type': 'application/json' } })
  await expect(page.getByTestId('capture-row')).toHaveCount(2)

  // Inbox: typed, then away with Alt+2 at once (well within the search's debounce).
  await page.getByLabel('Search captures').fill('invoice')
  await page.keyboard.press('Alt+2')
  await expect(page.getByTestId('nav-deliveries')).toHaveAttribute('aria-current', 'page')
  await page.keyboard.press('Alt+3')
  await expect(page.getByLabel('Search captures')).toHaveValue('invoice')
  await expect(page.getByTestId('capture-row')).toHaveCount(1)
  await expect(page.getByTestId('capture-row')).toContainText('invoice.paid')

  // Deliveries: a first search applied, a second typed and left at once by clicking another view.
  await gotoView(page, 'deliveries')
  const search = page.getByLabel('Search deliveries')
  await search.fill('first')
  await expect(page.getByTestId('deliveries-empty')).toContainText('No deliveries match')
  await search.fill('ord_7Q2')
  await page.getByTestId('nav-inbox').click()
  await gotoView(page, 'deliveries')
  await expect(search).toHaveValue('ord_7Q2')
  await expect(page.getByTestId('deliveries-empty')).toContainText('No deliveries match')
  // Cleared and left at once: the list is unfiltered again on return.
  await search.fill('')
  await page.keyboard.press('Alt+3')
  await page.keyboard.press('Alt+2')
  await expect(search).toHaveValue('')
  await expect(page.getByTestId('deliveries-empty')).toContainText('No deliveries yet')
})

test('the Send button shows the shortcut of this platform, as the shortcuts list does', async ({ page }) => {
  const mac = await page.evaluate(() => /Mac/.test(navigator.platform))
  await gotoView(page, 'send')
  const hint = page.getByTestId('send-button').locator('kbd')
  await expect(hint).toHaveText(mac ? '⌘↵' : 'Ctrl+↵')
  await page.getByTestId('open-shortcuts').click()
  await expect(page.getByTestId('shortcuts-dialog')).toContainText(mac ? '⌘Enter' : 'Ctrl+Enter')
})

test('a truncated body says how much of how much is shown', async ({ page }) => {
  // Send's preview of a 1.6 MB capture opened in Send shows its first MB.
  const url = await createInbox(page, 'big')
  const big = JSON.stringify({ data: 'x'.repeat(1_700_000) })
  await fetch(url, { method: 'POST', body: big, headers: { 'content-type': 'application/json' } })
  await page.getByTestId('capture-row').first().click()
  await page.getByTestId('capture-open-in-send').click()
  await expect(page.getByTestId('compose')).toBeVisible()
  await page.getByRole('radio', { name: 'Ad-hoc URL' }).click()
  await page.getByTestId('adhoc-url').fill(url)
  const preview = page.getByTestId('preview-body')
  await expect(preview.getByTestId('body-size')).toHaveText('first 1.0 MB of 1.6 MB', { timeout: 15_000 })
  await page.screenshot({ path: test.info().outputPath('send-preview-truncated.png') })

  // A response over the 64 KB the engine keeps, whose Content-Length says how long it was.
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '204800' }).end('y'.repeat(204_800)))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  try {
    const port = (server.address() as AddressInfo).port
    await createEndpoint(page, 'Chatty', `http://127.0.0.1:${port}/hook`, { delays: '100ms', maxAttempts: 1 })
    await gotoView(page, 'send')
    await page.getByRole('radio', { name: 'Endpoints' }).click()
    await page.locator('label.target').filter({ hasText: 'Chatty' }).getByRole('checkbox').check()
    await setEditorText(page, 'body-editor', '{"a":1}')
    await page.getByTestId('send-button').click()
    await expect(page.getByTestId('nav-deliveries')).toHaveAttribute('aria-current', 'page')
    const attempt = page.getByTestId('delivery-detail').getByTestId('attempt-item').first()
    await expect(attempt).toContainText('200', { timeout: 15_000 })
    const head = attempt.locator('.attempt-head')
    if ((await head.getAttribute('aria-expanded')) !== 'true') await head.click()
    await expect(attempt.getByTestId('response-body').getByTestId('body-size')).toHaveText('first 64.0 KB of 200.0 KB')
    await attempt.getByTestId('response-body').screenshot({ path: test.info().outputPath('response-truncated.png') })
  } finally {
    server.close()
  }
})

test('a long endpoint name is cut short with the full name on hover; checkboxes and p95 keep their size', async ({ page }) => {
  const long = 'Orders service in the staging cluster behind the internal gateway that forwards to the legacy billing adapter v2'
  const url = await createInbox(page, 'long')
  await createEndpoint(page, long, url)
  await createEndpoint(page, 'Short', url)
  // Delivered once, so its p95 is a figure ("p95 9.1 ms") rather than "p95 —".
  await sendTo(page, long, '{"a":1}')
  await expect(page.getByTestId('delivery-row').first()).toContainText('delivered', { timeout: 15_000 })
  for (const [width, height] of [
    [1024, 640],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width, height })
    await gotoView(page, 'send')
    const target = page.locator('label.target').filter({ hasText: long })
    const box = await target.getByRole('checkbox').boundingBox()
    expect(box!.width).toBeGreaterThanOrEqual(12)
    await expect(target.getByTitle(long)).toBeVisible()
    const scheme = target.getByText('· standard')
    await expect(scheme).toBeVisible()
    expect(await scheme.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
    await page.screenshot({ path: test.info().outputPath(`send-long-name-${width}.png`) })

    await gotoView(page, 'endpoints')
    const row = page.getByTestId('endpoint-row').filter({ hasText: long.slice(0, 20) })
    await expect(row.getByTitle(long)).toBeVisible()
    const p95 = row.getByTestId('endpoint-p95')
    await expect(p95).toHaveText(/^p95 [\d.]+ m?s$/)
    const lines = await p95.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)))
    expect(lines).toBe(1)
    await page.screenshot({ path: test.info().outputPath(`endpoints-long-name-${width}.png`) })
  }
})

test('the empty Deliveries detail does not point at a list that is empty', async ({ page }) => {
  await gotoView(page, 'deliveries')
  await expect(page.getByTestId('deliveries-empty')).toContainText('No deliveries yet')
  const detail = page.locator('main').getByTestId('empty-state')
  await expect(detail).toBeVisible()
  await expect(detail).not.toContainText('↑/↓')
  await page.screenshot({ path: test.info().outputPath('deliveries-empty.png') })
})
