// Compose: JSON errors show before sending (and block it), the preview shows the exact signature
// header, validation errors land at the field, and the keyboard reaches every view.
import { test, expect } from './fixtures'
import { createEndpoint, createInbox, gotoView, setEditorText } from './ui-helpers'

test('broken JSON is flagged before sending and nothing is queued', async ({ page }) => {
  const url = await createInbox(page, 'compose')
  await createEndpoint(page, 'Target', url)
  await gotoView(page, 'send')
  await page.locator('label.target').filter({ hasText: 'Target' }).getByRole('checkbox').check()
  await expect(page.getByTestId('preview-headers').first()).toContainText('webhook-signature')
  await expect(page.getByTestId('preview-headers').first()).toContainText(/v1,[A-Za-z0-9+/=]+/)

  await setEditorText(page, 'body-editor', '{"a": 1,, "b": 2}')
  await expect(page.getByTestId('json-error')).toContainText('Line 1')
  await expect(page.getByTestId('body-editor').locator('.cm-json-error')).toHaveCount(1)
  await page.getByTestId('send-button').click()
  await expect(page.getByTestId('toast-error').filter({ hasText: 'E_INVALID_INPUT' })).toContainText('not valid JSON')
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
  await gotoView(page, 'endpoints')
  await page.getByTestId('new-endpoint').click()
  const dlg = page.getByTestId('endpoint-dialog')
  await dlg.getByLabel('Name').fill('Limited')
  await dlg.getByLabel('URL').fill('http://127.0.0.1:9/hook')
  await dlg.getByLabel('Scheme').selectOption('none')
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
  await expect(detail).toContainText('0/3 consecutive failures')

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
