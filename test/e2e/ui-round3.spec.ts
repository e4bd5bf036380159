// Round 3 of the UI fixes: errors in plain words at the field (new inbox slug, Send's extra headers and
// Times, Inbox settings' tolerance), the Send preview and templates, event types per target mode, the
// bulk-retry toast and scheme-less endpoint URLs.
import { test, expect } from './fixtures'
import { createEndpoint, createInbox, gotoView, newEndpointDialog } from './ui-helpers'
import type { Page } from '@playwright/test'

/** Send in ad-hoc URL mode to `url`, unsigned. */
async function adhoc(page: Page, url: string): Promise<void> {
  await gotoView(page, 'send')
  await page.getByRole('radio', { name: 'Ad-hoc URL' }).click()
  await page.getByTestId('adhoc-url').fill(url)
}

test('new inbox: an empty or too long slug is said once, in plain words, at the field', async ({ page }) => {
  await gotoView(page, 'inbox')
  await page.getByTestId('new-inbox').click()
  const dlg = page.getByTestId('new-inbox-dialog')
  await dlg.getByTestId('create-inbox').click()
  await expect(dlg.getByRole('alert')).toHaveText('Slug: cannot be empty')
  await expect(dlg.getByTestId('new-inbox-error')).toHaveText('Slug: cannot be empty')
  await expect(dlg.getByLabel('Slug')).toHaveAttribute('aria-invalid', 'true')
  await dlg.getByLabel('Slug').fill('a'.repeat(100))
  await dlg.getByTestId('create-inbox').click()
  await expect(dlg.getByTestId('new-inbox-error')).toHaveText('Slug: must be at most 64 characters')
  await dlg.getByLabel('Slug').fill('fine')
  await dlg.getByTestId('create-inbox').click()
  await expect(dlg).toBeHidden()
})

test('Send: extra header lines that are not "Name: value" are said at the field and nothing is sent; the preview shows only the error', async ({ page, hooklab }) => {
  await adhoc(page, `${hooklab.receiverUrl}/in/default/x`)
  await expect(page.getByTestId('preview-target')).toHaveCount(1)
  const headers = page.getByLabel('Extra headers (Name: value per line)')
  await headers.fill('X-Ok: 1\nno colon line\n: empty')
  await expect(page.getByTestId('headers-error')).toHaveText('"no colon line" and ": empty" are not "Name: value"')
  await expect(headers).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByTestId('preview-error')).toHaveText('Extra headers: "no colon line" and ": empty" are not "Name: value"')
  await expect(page.getByTestId('preview')).not.toContainText('Pick where to send')
  await page.getByTestId('send-button').click()
  await expect(page.locator('[data-testid=toast-error][data-code=E_INVALID_INPUT]')).toContainText('"no colon line" and ": empty" are not "Name: value"')
  await expect(page.getByTestId('nav-send')).toHaveAttribute('aria-current', 'page')
  await gotoView(page, 'deliveries')
  await expect(page.getByTestId('delivery-row')).toHaveCount(0)

  await gotoView(page, 'send')
  await headers.fill('X-Ok: 1')
  await expect(page.getByTestId('headers-error')).toHaveCount(0)
  await expect(page.getByTestId('preview-error')).toHaveCount(0)
  await expect(page.getByTestId('preview-headers').first()).toContainText('X-Ok')
})

test('Send preview: a missing secret shows the error alone, not "Pick where to send" under it', async ({ page, hooklab }) => {
  await adhoc(page, `${hooklab.receiverUrl}/in/default/x`)
  await page.getByRole('combobox', { name: 'Signing' }).selectOption('standard')
  await expect(page.getByTestId('preview-error')).toBeVisible()
  await expect(page.getByTestId('preview')).not.toContainText('Pick where to send')
})

test('Send: Times keeps what is typed (it can be emptied) and is checked at the field when sending', async ({ page, hooklab }) => {
  await adhoc(page, `${hooklab.receiverUrl}/in/default/x`)
  const times = page.getByTestId('send-count')
  await times.click()
  await times.press('End')
  await times.press('Backspace')
  await expect(times).toHaveValue('')
  await times.pressSequentially('5')
  await expect(times).toHaveValue('5')
  await expect(page.getByTestId('send-button')).toContainText('Send ×5')

  await times.fill('')
  await page.getByTestId('send-button').click()
  await expect(page.getByTestId('send-count-error')).toHaveText('Times: enter a number')
  await expect(times).toHaveAttribute('aria-invalid', 'true')
  await times.fill('10001')
  await expect(page.getByTestId('send-count-error')).toHaveCount(0)
  await page.getByTestId('send-button').click()
  await expect(page.getByTestId('send-count-error')).toHaveText('Times: must be at most 10,000')
  await gotoView(page, 'deliveries')
  await expect(page.getByTestId('delivery-row')).toHaveCount(0)

  await gotoView(page, 'send')
  await times.fill('2')
  await page.getByTestId('send-button').click()
  await expect(page.getByTestId('toast-info').last()).toContainText('Queued 2 deliveries')
})

test('Inbox settings: a tolerance that is not a number is refused at the field; turning verification off takes the error away', async ({ page }) => {
  await createInbox(page, 'tol')
  await page.getByTestId('inbox-settings').click()
  const dlg = page.getByTestId('inbox-settings-dialog')
  await dlg.getByTestId('verify-scheme').selectOption('standard')
  await dlg.getByTestId('verify-secret').fill('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')
  await dlg.getByLabel('Tolerance (s)').fill('abc')
  await dlg.getByTestId('inbox-save').click()
  await expect(dlg.getByRole('alert')).toHaveText('enter a number')
  await expect(dlg.getByTestId('tolerance-error')).toHaveText('enter a number')
  await expect(dlg.getByLabel('Tolerance (s)')).toHaveAttribute('aria-invalid', 'true')
  await expect(dlg).toBeVisible()

  await dlg.getByTestId('verify-scheme').selectOption('none')
  await expect(dlg.getByTestId('tolerance-error')).toHaveCount(0)
  await expect(dlg.getByRole('alert')).toHaveCount(0)

  // A number is kept as typed.
  await dlg.getByTestId('verify-scheme').selectOption('stripe')
  await dlg.getByTestId('verify-secret').fill('whsec_abc')
  await dlg.getByLabel('Tolerance (s)').fill('120')
  await dlg.getByTestId('inbox-save').click()
  await expect(dlg).toBeHidden()
  await page.getByTestId('inbox-settings').click()
  await expect(dlg.getByLabel('Tolerance (s)')).toHaveValue('120')
})

test('Send: the event type typed for a fan-out does not stay when going back to Endpoints', async ({ page }) => {
  await gotoView(page, 'send')
  const eventType = page.getByTestId('event-type')
  await eventType.fill('order.created')
  await page.getByRole('radio', { name: 'Event fan-out' }).click()
  await eventType.fill('invoice.paid')
  await page.getByRole('radio', { name: 'Endpoints' }).click()
  await expect(eventType).toHaveValue('order.created')
  await page.getByRole('radio', { name: 'Event fan-out' }).click()
  await expect(eventType).toHaveValue('invoice.paid')
  // Both are kept across a reload: the draft comes back in fan-out mode, and Endpoints still has its own.
  await page.reload() // the draft is written as the page goes away
  await gotoView(page, 'send')
  await expect(eventType).toHaveValue('invoice.paid')
  await page.getByRole('radio', { name: 'Endpoints' }).click()
  await expect(eventType).toHaveValue('order.created')
})

test('Send templates: the saved name stays selected, with Update and Delete at hand', async ({ page }) => {
  await gotoView(page, 'send')
  const name = page.getByLabel('Template name')
  await name.fill('Invoice')
  await page.getByTestId('template-save').click()
  await expect(page.getByTestId('toast-info').last()).toContainText('Template saved')
  await expect(name).toHaveValue('Invoice')
  await expect(page.getByTestId('template-save')).toHaveText('Update template')
  await expect(page.getByTestId('template-delete')).toBeVisible()
})

test('Send templates: one saved without an event type loads as one without', async ({ page }) => {
  await gotoView(page, 'send')
  const eventType = page.getByTestId('event-type')
  await eventType.fill('')
  await page.getByLabel('Template name').fill('No event')
  await page.getByTestId('template-save').click()
  await expect(page.getByTestId('template-select').locator('option')).toHaveText(['load a template…', 'No event'])

  await eventType.fill('order.created')
  await page.getByTestId('template-select').selectOption({ label: 'No event' })
  await expect(eventType).toHaveValue('')
})

test('bulk retry of one delivery says "1 delivery"', async ({ page }) => {
  const url = await createInbox(page, 'fails', { script: '500' })
  await createEndpoint(page, 'Failing', url, { delays: '200ms', maxAttempts: 1 })
  await gotoView(page, 'send')
  await page.locator('label.target').filter({ hasText: 'Failing' }).getByRole('checkbox').check()
  await page.getByTestId('send-button').click()
  await expect(page.getByTestId('nav-deliveries')).toHaveAttribute('aria-current', 'page')
  await expect(page.getByTestId('bulk-retry')).toHaveText('Retry dead (1)', { timeout: 15_000 })
  await page.getByTestId('bulk-retry').click()
  await expect(page.getByTestId('toast-info').last()).toHaveText(/Retrying 1 delivery(?!\w)/)
})

test('endpoint dialog: a URL without a scheme is taken as http://, as replays take it, and says so', async ({ page }) => {
  const dlg = await newEndpointDialog(page, 'Local', 'localhost:3000/hook', 'none')
  await expect(dlg.locator('#ep-url-hint')).toHaveText('Saved as http://localhost:3000/hook (no scheme given: http://, as a browser would)')
  await dlg.getByTestId('endpoint-save').click()
  await expect(dlg).toBeHidden()
  await expect(page.getByTestId('endpoint-row').filter({ hasText: 'Local' })).toBeVisible()
  await page.getByTestId('endpoint-row').filter({ hasText: 'Local' }).click()
  await expect(page.getByText('http://localhost:3000/hook').first()).toBeVisible()
})
