// Compose: JSON errors show before sending (and block it), the preview shows the exact signature
// header, validation errors land at the field, and the keyboard reaches every view.
import { test, expect } from './fixtures'
import { createEndpoint, createInbox, gotoView, newEndpointDialog, sendTo, setEditorText } from './ui-helpers'

test('broken JSON is flagged before sending and nothing is queued', async ({ page }) => {
  const url = await createInbox(page, 'compose')
  await createEndpoint(page, 'Target', url)
  await gotoView(page, 'send')
  await page.locator('label.target').filter({ hasText: 'Target' }).getByRole('checkbox').check()
  await expect(page.getByTestId('preview-headers').first()).toContainText('webhook-signature')
  await expect(page.getByTestId('preview-headers').first()).toContainText(/v1,[A-Za-z0-9+/=]+/)
  // The body as sent, its variables filled in for the first message.
  await setEditorText(page, 'body-editor', '{"n": {{counter}}, "id": "{{uuid}}"}')
  await expect(page.getByTestId('preview-body').getByTestId('body-text')).toHaveText(/^\{\s*"n": 1,\s*"id": "[0-9a-f]{8}-[0-9a-f-]{27}"\s*\}$/)

  await setEditorText(page, 'body-editor', '{"a": 1,, "b": 2}')
  await expect(page.getByTestId('json-error')).toContainText('Line 1')
  await expect(page.getByTestId('body-editor').locator('.cm-json-error')).toHaveCount(1)
  await page.getByTestId('send-button').click()
  // The toast reads as a sentence; its code stays on the element for tests and tools.
  await expect(page.locator('[data-testid=toast-error][data-code=E_INVALID_INPUT]')).toContainText('not valid JSON')
  await gotoView(page, 'deliveries')
  await expect(page.getByTestId('delivery-row')).toHaveCount(0)
  await expect(page.getByTestId('deliveries-empty')).toContainText('No deliveries yet')
})

test('endpoint validation errors are shown at the field', async ({ page }) => {
  await gotoView(page, 'endpoints')
  await page.getByTestId('new-endpoint').click()
  const dlg = page.getByTestId('endpoint-dialog')
  await dlg.getByLabel('Name').fill('Bad')
  await dlg.getByLabel('URL').fill('ftp://nope')
  await dlg.getByTestId('endpoint-save').click()
  await expect(dlg.getByTestId('err-ep-url')).toContainText('http')
  await expect(dlg.getByLabel('URL')).toHaveAttribute('aria-invalid', 'true')
  await expect(dlg).toBeVisible()
})

test('keyboard: Alt+digit switches views and / focuses search', async ({ page }) => {
  await page.keyboard.press('Alt+3')
  await expect(page.getByTestId('nav-inbox')).toHaveAttribute('aria-current', 'page')
  await page.keyboard.press('Alt+2')
  await expect(page.getByTestId('nav-deliveries')).toHaveAttribute('aria-current', 'page')
  await page.locator('body').click({ position: { x: 700, y: 500 } })
  await page.keyboard.press('/')
  await expect(page.getByLabel('Search deliveries')).toBeFocused()
})

test("an endpoint's concurrency and circuit breaker are set in its dialog and shown on it", async ({ page }) => {
  const dlg = await newEndpointDialog(page, 'Limited', 'http://127.0.0.1:9/hook', 'none')
  await dlg.getByLabel('Max concurrency').fill('0')
  await dlg.getByLabel('Cool-down').fill('soon')
  await dlg.getByTestId('endpoint-save').click()
  await expect(dlg.getByTestId('err-ep-maxConcurrency')).toContainText('a whole number from 1 to 1,024')
  await expect(dlg.getByLabel('Max concurrency')).toHaveAttribute('aria-invalid', 'true')
  await expect(dlg.getByTestId('err-ep-breakerCooldown')).toContainText('duration')

  await dlg.getByLabel('Max concurrency').fill('4')
  await dlg.getByLabel('Open after (failures)').fill('3')
  await dlg.getByLabel('Cool-down').fill('10s')
  await dlg.getByLabel('Turn off after (failures)').fill('20')
  await dlg.getByTestId('endpoint-save').click()
  await expect(dlg).toBeHidden()
  const detail = page.getByTestId('endpoint-detail')
  await expect(detail.getByTestId('endpoint-limits')).toContainText('concurrency 4')
  await expect(detail.getByTestId('endpoint-breaker-config')).toContainText('opens after 3 failures · cool-down 10s · turns off after 20')
  await expect(detail).toContainText('0 of 3 failures in a row open it')

  // Edited: the dialog opens with the stored values; clearing "turn off after" means never.
  await page.getByTestId('edit-endpoint').click()
  await expect(dlg.getByLabel('Max concurrency')).toHaveValue('4')
  await expect(dlg.getByLabel('Cool-down')).toHaveValue('10s')
  await dlg.getByLabel('Max concurrency').fill('8')
  await dlg.getByLabel('Turn off after (failures)').fill('')
  await dlg.getByTestId('endpoint-save').click()
  await expect(dlg).toBeHidden()
  await expect(detail.getByTestId('endpoint-limits')).toContainText('concurrency 8')
  await expect(detail.getByTestId('endpoint-breaker-config')).toContainText('opens after 3 failures · cool-down 10s · never turns off')
})

test('templates: saved under a name, loaded, updated under the same name and deleted, across reloads', async ({ page }) => {
  const editor = page.getByTestId('body-editor').locator('.cm-content')
  const options = page.getByTestId('template-select').locator('option')
  await gotoView(page, 'send')
  await setEditorText(page, 'body-editor', '{"kind": "first"}')
  await page.getByLabel('Template name').fill('Invoice')
  await expect(page.getByTestId('template-save')).toHaveText('Save as template')
  await page.getByTestId('template-save').click()
  await expect(options).toHaveText(['load a template…', 'Invoice'])

  await setEditorText(page, 'body-editor', '{"kind": "other"}')
  await page.getByTestId('template-select').selectOption({ label: 'Invoice' })
  await expect(editor).toContainText('"first"')
  await expect(page.getByLabel('Template name')).toHaveValue('Invoice')
  await expect(page.getByTestId('template-save')).toHaveText('Update template')
  await setEditorText(page, 'body-editor', '{"kind": "second"}')
  await page.getByTestId('template-save').click()
  // Saved: its name stays, so Update and Delete stay at hand.
  await expect(page.getByLabel('Template name')).toHaveValue('Invoice')

  await page.reload()
  await gotoView(page, 'send')
  await expect(options).toHaveText(['load a template…', 'Invoice'])
  await page.getByTestId('template-select').selectOption({ label: 'Invoice' })
  await expect(editor).toContainText('"second"')

  await page.getByTestId('template-delete').click()
  await expect(page.getByTestId('confirm-message')).toHaveText('Delete the template "Invoice"?')
  await page.getByTestId('confirm-ok').click()
  await expect(options).toHaveText(['no templates yet'])
  await page.reload()
  await gotoView(page, 'send')
  await expect(options).toHaveText(['no templates yet'])
})

test('{{counter}} goes on from send to send, and each message of a send gets its own', async ({ page }) => {
  const url = await createInbox(page, 'counted')
  await createEndpoint(page, 'Counted', url)
  await sendTo(page, 'Counted', '{"n":{{counter}},"id":"{{uuid}}"}', 2)
  await sendTo(page, 'Counted', '{"n":{{counter}},"id":"{{uuid}}"}', 1)
  await gotoView(page, 'inbox')
  const rows = page.getByTestId('capture-row')
  await expect(rows).toHaveCount(3, { timeout: 10_000 })
  const seen: Array<{ n: number; id: string }> = []
  for (let i = 0; i < 3; i++) {
    await rows.nth(i).click()
    await page.getByTestId('capture-body').getByRole('tab', { name: 'raw' }).click()
    seen.push(JSON.parse(await page.getByTestId('capture-body').getByTestId('body-text').innerText()) as { n: number; id: string })
  }
  expect(seen.map((s) => s.n).sort()).toEqual([1, 2, 3])
  expect(new Set(seen.map((s) => s.id)).size).toBe(3)
})

test('Paste cURL: a signed Stripe request from the docs becomes a draft that is signed afresh and caught verified', async ({ page }) => {
  const url = await createInbox(page, 'from-curl', { verify: { scheme: 'stripe', secret: 'whsec_paste' } })
  await gotoView(page, 'send')
  await page.getByTestId('open-curl-import').click()
  const dlg = page.getByTestId('curl-import-dialog')
  const command = dlg.getByTestId('curl-command')
  // What cannot be read says why, and cannot be used.
  await command.fill('curl -d @event.json ' + url)
  await expect(dlg.getByTestId('curl-error')).toContainText('reads the body from a file')
  await expect(dlg.getByTestId('curl-apply')).toBeDisabled()
  await command.fill(`curl ${url}stripe \\
  -H 'Content-Type: application/json' \\
  -H 'Stripe-Signature: t=1,v1=stale' \\
  -H $'X-Note: it\\'s pasted' \\
  --data-raw '{"id":"evt_1","type":"invoice.paid","data":{"object":{"id":"in_42"}}}'`)
  await expect(dlg.getByTestId('curl-summary')).toContainText(`POST ${url}stripe`)
  await expect(dlg.getByTestId('curl-summary')).toContainText('event invoice.paid')
  await expect(dlg.getByTestId('curl-notes')).toContainText('Its Stripe-Signature header is left out')
  await dlg.getByTestId('curl-apply').click()
  await expect(dlg).toBeHidden()

  // The draft: an ad-hoc URL, the stripe scheme waiting for its secret, the header and event carried.
  await expect(page.getByTestId('adhoc-url')).toHaveValue(`${url}stripe`)
  await expect(page.getByLabel('Signing')).toHaveValue('stripe')
  await expect(page.getByTestId('event-type')).toHaveValue('invoice.paid')
  await expect(page.getByTestId('body-editor')).toContainText('"in_42"')
  await page.getByLabel('Secret').fill('whsec_paste')
  await expect(page.getByTestId('preview-headers')).toContainText('X-Note')
  await page.getByTestId('send-button').click()
  await expect(page.getByTestId('nav-deliveries')).toHaveAttribute('aria-current', 'page')

  // A curl command pasted where the URL goes opens the same dialog with it.
  await gotoView(page, 'send')
  await page.getByTestId('adhoc-url').evaluate((el, text) => {
    const data = new DataTransfer()
    data.setData('text/plain', text)
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  }, `curl -d '{"a":1}' ${url}pasted`)
  await expect(dlg.getByTestId('curl-command')).toHaveValue(`curl -d '{"a":1}' ${url}pasted`)
  await expect(dlg.getByTestId('curl-summary')).toContainText(`POST ${url}pasted`)
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('adhoc-url')).toHaveValue(`${url}stripe`) // the field kept its URL

  await gotoView(page, 'inbox')
  const row = page.getByTestId('capture-row').first()
  await expect(row).toContainText('/stripe', { timeout: 10_000 })
  await row.click()
  const detail = page.getByTestId('capture-detail')
  await expect(detail.getByTestId('verdict')).toHaveAttribute('data-valid', 'true')
  await expect(detail).toContainText("it's pasted")
  await expect(detail).toContainText('in_42')
})

test('Send signs with a timestamp ten minutes old on request, and the inbox refuses it for being stale', async ({ page }) => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
  const url = await createInbox(page, 'strict', { verify: { scheme: 'standard', secret } })
  await gotoView(page, 'send')
  await page.getByRole('radio', { name: 'Ad-hoc URL' }).click()
  await page.getByTestId('adhoc-url').fill(url)
  await page.getByLabel('Signing').selectOption('standard')
  await page.getByLabel('Secret').fill(secret)
  await page.getByTestId('timestamp-offset').selectOption('600')
  // The preview shows the timestamp that goes out: ten minutes before now.
  const stamp = page.getByTestId('preview-headers').locator('tr', { hasText: 'webhook-timestamp' })
  await expect(stamp).toContainText(/\d{10}/)
  const sent = Number((await stamp.textContent())!.match(/\d{10}/)![0])
  expect(Math.abs(Date.now() / 1000 - 600 - sent)).toBeLessThan(60)
  await page.getByTestId('send-button').click()
  await expect(page.getByTestId('nav-deliveries')).toHaveAttribute('aria-current', 'page')

  await gotoView(page, 'inbox')
  await page.getByTestId('capture-row').first().click()
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-valid', 'false')
  await expect(page.getByTestId('verdict-reason')).toContainText(/timestamp 6\d\d s old/)
})
