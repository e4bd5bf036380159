// Review 4 of Send (compose): Ctrl+Enter under a dialog is the dialog's, never a send of the draft it
// covers; Paste cURL keeps the command's body bytes; saving one Settings section keeps what was typed
// in another; Send says when a picked endpoint is disabled, as the CLI does.
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { createEndpoint, createInbox, gotoView, setEditorText } from './ui-helpers'

/** Send → Ad-hoc URL, unsigned, to `url` with `body`. */
async function adhocDraft(page: Page, url: string, body: string): Promise<void> {
  await gotoView(page, 'send')
  await page.getByRole('radio', { name: 'Ad-hoc URL' }).click()
  await page.getByTestId('adhoc-url').fill(url)
  await page.getByLabel('Signing').selectOption('none')
  await setEditorText(page, 'body-editor', body)
  await expect(page.getByTestId('preview-target')).toContainText(url)
}

test('Ctrl+Enter in Paste cURL uses the pasted command as the draft and sends nothing', async ({
  page,
}) => {
  const url = await createInbox(page, 'ctrlenter')
  await adhocDraft(page, `${url}old`, '{"old":true}')

  await page.getByTestId('open-curl-import').click()
  const dlg = page.getByTestId('curl-import-dialog')
  const command = dlg.getByTestId('curl-command')
  await command.fill(
    `curl -X POST '${url}pasted' -H 'content-type: application/json' --data-raw '{"pasted":true}'`,
  )
  await expect(dlg.getByTestId('curl-summary')).toContainText(`POST ${url}pasted`)
  await command.press('ControlOrMeta+Enter')
  await expect(dlg).toBeHidden()
  // The pasted command is the draft now; Send is still the view (nothing was sent).
  await expect(page.getByTestId('adhoc-url')).toHaveValue(`${url}pasted`)
  await expect(page.getByTestId('body-editor')).toContainText('{"pasted":true}')
  await expect(page.getByTestId('nav-send')).toHaveAttribute('aria-current', 'page')

  // The one send is the user's own, of the pasted draft: the old draft's URL never got a request.
  await page.getByTestId('send-button').click()
  await expect(page.getByTestId('nav-deliveries')).toHaveAttribute('aria-current', 'page')
  await gotoView(page, 'inbox')
  await expect(page.getByTestId('capture-row').filter({ hasText: '/pasted' })).toHaveCount(1, {
    timeout: 10_000,
  })
  await expect(page.getByTestId('capture-row')).toHaveCount(1)
})

test('Ctrl+Enter under the Delete template confirmation does not send the draft', async ({
  page,
}) => {
  const url = await createInbox(page, 'confirm')
  await adhocDraft(page, `${url}draft`, '{"n":1}')
  await page.getByLabel('Template name').fill('keep me')
  await page.getByTestId('template-save').click()
  await expect(page.getByTestId('template-delete')).toBeVisible()

  await page.getByTestId('template-delete').click()
  const confirm = page.getByTestId('confirm-dialog')
  await expect(confirm).toBeVisible()
  await page.keyboard.press('ControlOrMeta+Enter')
  // The confirmation is still asking, over Send, and nothing was queued.
  await expect(confirm).toBeVisible()
  await expect(page.getByTestId('nav-send')).toHaveAttribute('aria-current', 'page')
  await confirm.getByTestId('confirm-cancel').click()
  await expect(confirm).toBeHidden()

  // Ctrl+Enter outside a dialog still sends: one delivery, the one sent now.
  await page.keyboard.press('ControlOrMeta+Enter')
  await expect(page.getByTestId('nav-deliveries')).toHaveAttribute('aria-current', 'page')
  await expect(page.getByTestId('delivery-row')).toHaveCount(1)
  await gotoView(page, 'inbox')
  await expect(page.getByTestId('capture-row')).toHaveCount(1, { timeout: 10_000 })
})

test('Paste cURL keeps the body as pasted: the size it shows is what is sent', async ({ page }) => {
  const url = await createInbox(page, 'bytes')
  const body = '{"type": "order.paid", "data": { "order": 1, "items": [1, 2] }}'
  const size = new TextEncoder().encode(body).length
  await gotoView(page, 'send')
  await page.getByTestId('open-curl-import').click()
  const dlg = page.getByTestId('curl-import-dialog')
  await dlg
    .getByTestId('curl-command')
    .fill(`curl '${url}bytes' -H 'Content-Type: application/json' --data-raw '${body}'`)
  await expect(dlg.getByTestId('curl-summary')).toContainText(`application/json · ${size} B body`)
  await dlg.getByTestId('curl-apply').click()
  await expect(dlg).toBeHidden()
  // One line, as pasted: not re-indented over several.
  await expect(page.getByTestId('body-editor').locator('.cm-line')).toHaveCount(1)
  await expect(page.getByTestId('body-editor').locator('.cm-content')).toHaveText(body)

  await page.getByTestId('send-button').click()
  await expect(page.getByTestId('nav-deliveries')).toHaveAttribute('aria-current', 'page')
  await gotoView(page, 'inbox')
  const row = page.getByTestId('capture-row').filter({ hasText: '/bytes' })
  await expect(row).toHaveCount(1, { timeout: 10_000 })
  await expect(row).toContainText(`${size} B`)
})

test('saving one Settings section keeps what was typed, unsaved, in another', async ({ page }) => {
  await gotoView(page, 'settings')
  const captures = page.getByLabel('Captures kept per inbox')
  const bind = page.getByLabel('Bind address')
  await captures.fill('10')
  await bind.selectOption('0.0.0.0')

  // A theme, then the TLS trust toggle: each is saved at once, and neither resets the fields above.
  const saved = page.getByTestId('toast-info').filter({ hasText: 'Settings saved' })
  await page.getByTestId('theme-dark').click()
  await expect(page.getByTestId('theme-dark')).toHaveAttribute('aria-checked', 'true')
  await expect(captures).toHaveValue('10')
  await expect(bind).toHaveValue('0.0.0.0')
  await expect(saved).toHaveCount(0, { timeout: 10_000 }) // the toast has gone: the next one is the next save's
  await page.getByTestId('trust-local-tls').click()
  await expect(saved).toHaveCount(1)
  await expect(captures).toHaveValue('10')
  await expect(bind).toHaveValue('0.0.0.0')

  // Applying retention saves it, and leaves the receiver's unsaved choice as picked.
  await expect(saved).toHaveCount(0, { timeout: 10_000 })
  await page.getByRole('button', { name: 'Apply retention' }).click()
  await expect(saved).toHaveCount(1)
  await expect(captures).toHaveValue('10')
  await expect(bind).toHaveValue('0.0.0.0')
  await page.reload()
  await page.getByTestId('engine-status').waitFor()
  await gotoView(page, 'settings')
  await expect(page.getByLabel('Captures kept per inbox')).toHaveValue('10')
  await expect(page.getByLabel('Bind address')).toHaveValue('127.0.0.1')
})

test('Send says when a picked endpoint is disabled: in the list, the preview and the Queued toast', async ({
  page,
}) => {
  const url = await createInbox(page, 'held')
  await createEndpoint(page, 'Paused', url)
  await createEndpoint(page, 'Live', url)
  await page.getByTestId('endpoint-row').filter({ hasText: 'Paused' }).click()
  await page.getByRole('button', { name: 'Disable', exact: true }).click()
  await expect(page.getByTestId('endpoint-detail')).toContainText('disabled')

  await gotoView(page, 'send')
  const paused = page.locator('label.target').filter({ hasText: 'Paused' })
  await expect(paused.getByTestId('target-disabled')).toHaveText('disabled (by user)')
  await expect(
    page.locator('label.target').filter({ hasText: 'Live' }).getByTestId('target-disabled'),
  ).toHaveCount(0)
  await paused.getByRole('checkbox').check()
  await expect(page.getByTestId('preview-target')).toHaveCount(1)
  await expect(page.getByTestId('preview-disabled')).toHaveText(
    'Endpoint "Paused" is disabled: its delivery waits in the queue until it is enabled again.',
  )

  await page.getByTestId('send-button').click()
  const queued = page.getByTestId('toast-info').filter({ hasText: 'Queued 1 delivery' })
  await expect(queued).toContainText(
    'Endpoint "Paused" is disabled: its delivery waits in the queue until it is enabled again.',
  )
  await expect(page.getByTestId('nav-deliveries')).toHaveAttribute('aria-current', 'page')
})
