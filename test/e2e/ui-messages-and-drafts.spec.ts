// What a user reads when something is refused (no E_ codes, no API paths, the field's own label),
// Settings that show the receiver's real port and check numbers at the field, Send's draft kept
// across a reload, a new endpoint selected, and a replay URL typed without its scheme.
import { test, expect } from './fixtures'
import { editReplayOfDelivered, createEndpoint, createInbox, gotoView, newEndpointDialog, setEditorText } from './ui-helpers'

/** Internal words a user should never read: an error code, a method name, a schema path. */
const INTERNAL = /E_[A-Z_]+|compose\.|settings\.|endpoints\.|inboxes\.|input\.|Too small|Too big|expected (number|array|string)/

test('errors read as sentences: no code, no method name, the field named by its label', async ({ page }) => {
  // Send: the preview and the toast of a refused send.
  await gotoView(page, 'send')
  await page.getByRole('radio', { name: 'Ad-hoc URL' }).click()
  await page.getByTestId('adhoc-url').fill('ftp://example.com/hook')
  const previewErr = page.getByTestId('preview').locator('.errbox')
  await expect(previewErr).toHaveText('URL: must be an http:// or https:// URL')
  await page.getByTestId('send-button').click()
  const toastErr = page.getByTestId('toast-error').last()
  await expect(toastErr).toContainText('URL: must be an http:// or https:// URL')
  await expect(toastErr).not.toContainText(INTERNAL)
  await page.screenshot({ path: 'test-results/ui-messages-send-error.png' })
  // A toast raised by the view itself: the code stays on the element for support, not in the text.
  await setEditorText(page, 'body-editor', '{"a": 1,, "b": 2}')
  await page.getByTestId('send-button').click()
  const jsonToast = page.locator('[data-testid=toast-error][data-code=E_INVALID_INPUT]').filter({ hasText: 'not valid JSON' })
  await expect(jsonToast).toBeVisible()
  await expect(jsonToast).not.toContainText(INTERNAL)

  // Inbox settings: the server's refusal names the field as the dialog does.
  await createInbox(page, 'msgs')
  await page.getByTestId('inbox-settings').click()
  const dlg = page.getByTestId('inbox-settings-dialog')
  await dlg.getByLabel('Forward to (optional)').fill('ftp://example.com/x')
  await dlg.getByTestId('inbox-save').click()
  await expect(dlg.getByTestId('inbox-error')).toHaveText('Forward to: must be an http:// or https:// URL')
  await page.screenshot({ path: 'test-results/ui-messages-inbox-error.png' })
})

test('endpoint delays name the one that is not a duration, and max attempts says its minimum in words', async ({ page }) => {
  const dlg = await newEndpointDialog(page, 'Delays', 'http://127.0.0.1:9/hook', 'none')
  await dlg.getByLabel('Schedule').selectOption('list')
  await dlg.getByLabel('Delays').fill('1s, banana, -5')
  await dlg.getByLabel('Max attempts').fill('0')
  await dlg.getByTestId('endpoint-save').click()
  await expect(dlg.getByTestId('err-ep-list')).toContainText('Delays: "banana" is not a duration (e.g. 500ms, 5s, 2m)')
  await expect(dlg.getByTestId('err-ep-list')).toContainText('"-5"')
  await expect(dlg.getByLabel('Delays')).toHaveAttribute('aria-invalid', 'true')
  await expect(dlg.getByTestId('err-ep-maxAttempts')).toHaveText('must be at least 1')
  await expect(dlg.getByTestId('err-ep-schedKind')).toHaveCount(0)
  await expect(dlg).not.toContainText(INTERNAL)

  await dlg.getByLabel('Delays').fill('1s, -5')
  await dlg.getByTestId('endpoint-save').click()
  await expect(dlg.getByTestId('err-ep-list')).toHaveText('Delays: "-5" is negative (a delay is 0ms or more)')
  await page.screenshot({ path: 'test-results/ui-messages-endpoint-delays.png' })

  await dlg.getByLabel('Delays').fill('1s, 5s')
  await dlg.getByLabel('Max attempts').fill('3')
  await dlg.getByTestId('endpoint-save').click()
  await expect(dlg).toBeHidden()
})

test('Settings: an emptied or out-of-range number is refused at its field, and nothing is saved', async ({ page }) => {
  await gotoView(page, 'settings')
  const kept = page.getByLabel('Captures kept per inbox')
  const before = await kept.inputValue()
  await kept.fill('')
  await page.getByRole('button', { name: 'Apply retention' }).click()
  await expect(page.getByTestId('err-maxCapturesPerInbox')).toHaveText('enter a number')
  await expect(kept).toHaveAttribute('aria-invalid', 'true')
  await kept.fill('5')
  await page.getByRole('button', { name: 'Apply retention' }).click()
  await expect(page.getByTestId('err-maxCapturesPerInbox')).toHaveText('must be at least 10')
  await page.getByLabel('Attempt age (days)').fill('1.5')
  await page.getByRole('button', { name: 'Apply retention' }).click()
  await expect(page.getByTestId('err-maxAttemptAgeDays')).toHaveText('must be a whole number')
  await page.screenshot({ path: 'test-results/ui-messages-settings-numbers.png' })
  await expect(page.getByTestId('toast-error')).toHaveCount(0)
  await expect(page.getByText('Settings saved')).toHaveCount(0)
  // Nothing was stored: a reload shows the saved value again.
  await page.reload()
  await gotoView(page, 'settings')
  await expect(page.getByLabel('Captures kept per inbox')).toHaveValue(before)
  await page.getByLabel('Captures kept per inbox').fill('500')
  await page.getByRole('button', { name: 'Apply retention' }).click()
  await expect(page.getByText('Settings saved')).toBeVisible()
  await expect(page.getByTestId('err-maxCapturesPerInbox')).toHaveCount(0)
})

test('Settings shows the port the receiver listens on, says when it is not the saved one, and saving does not move it', async ({ page, hooklab }) => {
  // The fixture starts `hooklab serve --receiver-port 0`: a free port for this run, the saved setting stays 8787.
  const port = new URL(hooklab.receiverUrl).port
  await gotoView(page, 'settings')
  const portField = page.getByLabel('Port (0 = any free port)')
  await expect(portField).toHaveValue(port)
  await expect(page.getByTestId('receiver-port-note')).toHaveText(`Listening on ${port} for this run (--receiver-port); saved: 8787`)
  await page.screenshot({ path: 'test-results/ui-messages-settings-port.png' })

  // Applying the receiver settings untouched, then retention, keeps it where it is and the saved port as it was.
  await page.getByRole('button', { name: 'Apply receiver settings' }).click()
  await expect(page.getByText('Settings saved')).toBeVisible()
  await page.getByLabel('Captures kept per inbox').fill('400')
  await page.getByRole('button', { name: 'Apply retention' }).click()
  await expect(portField).toHaveValue(port)
  const res = await page.request.post(`${hooklab.receiverUrl}/in/default`, { data: { still: 'here' } })
  expect(res.status()).toBe(200)
  await page.reload()
  await gotoView(page, 'settings')
  await expect(page.getByLabel('Port (0 = any free port)')).toHaveValue(port)
  await expect(page.getByTestId('receiver-port-note')).toContainText('saved: 8787')
})

test("Send's draft survives a reload: body, event type, headers, content type and targets", async ({ page }) => {
  const url = await createInbox(page, 'draft')
  await createEndpoint(page, 'Draft target', url)
  await gotoView(page, 'send')
  // First use: the shipped example body.
  await expect(page.getByTestId('body-editor')).toContainText('"type": "order.created"')
  await page.locator('label.target').filter({ hasText: 'Draft target' }).getByRole('checkbox').check()
  await setEditorText(page, 'body-editor', '{"kept": "after reload"}')
  await page.getByTestId('event-type').fill('invoice.kept')
  await page.getByLabel('Extra headers (Name: value per line)').fill('X-Draft: yes')
  await page.getByLabel('Content-Type').fill('application/json; charset=utf-8')
  await page.getByRole('radio', { name: 'Ad-hoc URL' }).click()
  await page.getByTestId('adhoc-url').fill('http://127.0.0.1:9/draft')

  await page.reload()
  await gotoView(page, 'send')
  await expect(page.getByRole('radio', { name: 'Ad-hoc URL' })).toHaveAttribute('aria-checked', 'true')
  await expect(page.getByTestId('adhoc-url')).toHaveValue('http://127.0.0.1:9/draft')
  await expect(page.getByTestId('body-editor')).toContainText('{"kept": "after reload"}')
  await expect(page.getByTestId('event-type')).toHaveValue('invoice.kept')
  await expect(page.getByLabel('Extra headers (Name: value per line)')).toHaveValue('X-Draft: yes')
  await expect(page.getByLabel('Content-Type')).toHaveValue('application/json; charset=utf-8')
  await page.getByRole('radio', { name: 'Endpoints' }).click()
  await expect(page.locator('label.target').filter({ hasText: 'Draft target' }).getByRole('checkbox')).toBeChecked()
})

test('a newly created endpoint is selected', async ({ page }) => {
  const url = await createInbox(page, 'newsel')
  await createEndpoint(page, 'First', url)
  await page.getByTestId('endpoint-row').filter({ hasText: 'First' }).click()
  await expect(page.getByTestId('endpoint-detail').locator('h2')).toHaveText('First')
  await createEndpoint(page, 'Second', url)
  await expect(page.getByTestId('endpoint-detail').locator('h2')).toHaveText('Second')
  await expect(page.getByTestId('endpoint-row').filter({ hasText: 'Second' })).toHaveAttribute('aria-selected', 'true')
})

test('edit and replay to a URL typed without its scheme goes over http, and says so', async ({ page, hooklab }) => {
  const { dlg } = await editReplayOfDelivered(page, 'noscheme', 'Scheme', '{"n": 1}')
  const bare = `${hooklab.receiverUrl.replace(/^http:\/\//, '')}/in/noscheme/bare`
  await dlg.getByLabel('Send to (optional)').fill(bare)
  await expect(dlg.getByTestId('replay-to-hint')).toHaveText(`Goes to http://${bare} (no scheme given: http://, as a browser would)`)
  await page.screenshot({ path: 'test-results/ui-messages-replay-scheme.png' })
  await dlg.getByTestId('replay-submit').click()
  await expect(dlg).toBeHidden()
  const detail = page.getByTestId('delivery-detail')
  await expect(detail.getByTestId('status-badge').first()).toHaveAttribute('data-status', 'delivered', { timeout: 15_000 })
  await expect(detail).toContainText(`http://${bare}`)
})

test.describe('with https turned on for this run only (serve --receiver-https-port)', () => {
  test.use({ serveArgs: ['--receiver-https-port', '0'] })

  test('Settings says https runs for this run without being saved, and where its certificate is', async ({ page }) => {
    await gotoView(page, 'settings')
    // The saved setting is off, so the box is unchecked; it said nothing of the https receiver running.
    await expect(page.getByTestId('receiver-https')).not.toBeChecked()
    await expect(page.getByTestId('receiver-https-note')).toContainText('Running over https for this run (--receiver-https-port), not saved')
    await expect(page.getByTestId('receiver-cert-file')).toContainText('receiver-tls')
  })
})
