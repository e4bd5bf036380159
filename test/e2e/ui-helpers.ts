// Shared steps for the UI specs: every step goes through the real UI (dialogs, buttons), the
// way a user would, so a broken control fails the test that needs it.
import { expect, type Locator, type Page } from '@playwright/test'

export async function gotoView(page: Page, view: 'send' | 'deliveries' | 'inbox' | 'endpoints' | 'stats' | 'settings'): Promise<void> {
  await page.getByTestId(`nav-${view}`).click()
  await expect(page.getByTestId(`nav-${view}`)).toHaveAttribute('aria-current', 'page')
}

/** Creates an inbox through the UI, optionally scripts its responses; returns its receiver URL. */
export async function createInbox(page: Page, slug: string, opts: { script?: string; verify?: { scheme: string; secret: string } } = {}): Promise<string> {
  await gotoView(page, 'inbox')
  await page.getByTestId('new-inbox').click()
  await page.getByLabel('Slug').fill(slug)
  await page.getByTestId('create-inbox').click()
  await expect(page.getByTestId('new-inbox-dialog')).toBeHidden()
  await expect(page.getByTestId('receiver-url')).toContainText(`/in/${slug}`)
  if (opts.script || opts.verify) {
    await page.getByTestId('inbox-settings').click()
    const dlg = page.getByTestId('inbox-settings-dialog')
    if (opts.script) await dlg.getByLabel('Response sequence').fill(opts.script)
    if (opts.verify) {
      await dlg.getByTestId('verify-scheme').selectOption(opts.verify.scheme)
      await dlg.getByTestId('verify-secret').fill(opts.verify.secret)
    }
    await dlg.getByTestId('inbox-save').click()
    await expect(dlg).toBeHidden()
    if (opts.script) await expect(page.locator('.inbox-summary')).toContainText(opts.script)
  }
  return (await page.getByTestId('receiver-url').innerText()).trim()
}

/** Opens the new-endpoint dialog with its name, URL and signing scheme filled in; returns the dialog. */
export async function newEndpointDialog(page: Page, name: string, url: string, scheme: string): Promise<Locator> {
  await gotoView(page, 'endpoints')
  await page.getByTestId('new-endpoint').click()
  const dlg = page.getByTestId('endpoint-dialog')
  await dlg.getByLabel('Name').fill(name)
  await dlg.getByLabel('URL').fill(url)
  await dlg.getByLabel('Scheme').selectOption(scheme)
  return dlg
}

/** Creates an endpoint through the dialog: standard signing with a generated secret, a short fixed retry list. */
export async function createEndpoint(page: Page, name: string, url: string, retry: { delays: string; maxAttempts: number } = { delays: '200ms', maxAttempts: 3 }): Promise<void> {
  const dlg = await newEndpointDialog(page, name, url, 'standard')
  await dlg.getByTestId('generate-secret').click()
  await expect(dlg.getByLabel('Secret')).toHaveValue(/^whsec_/)
  await dlg.getByLabel('Schedule').selectOption('list')
  await dlg.getByLabel('Delays').fill(retry.delays)
  await dlg.getByLabel('Max attempts').fill(String(retry.maxAttempts))
  await dlg.getByTestId('endpoint-save').click()
  await expect(dlg).toBeHidden()
  await expect(page.getByTestId('endpoint-row').filter({ hasText: name })).toBeVisible()
}

/** Replaces the body in the Send view's CodeMirror editor by typing, as a user would. */
export async function setEditorText(page: Page, testid: string, text: string): Promise<void> {
  const content = page.getByTestId(testid).locator('.cm-content')
  await content.click()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.press('Delete')
  await page.keyboard.insertText(text)
}

/** Composes a body for the named endpoint and sends it; lands on the Deliveries view with it selected. */
export async function sendTo(page: Page, endpointName: string, body: string, times = 1): Promise<void> {
  await gotoView(page, 'send')
  const target = page.locator('label.target').filter({ hasText: endpointName }).getByRole('checkbox')
  if (!(await target.isChecked())) await target.check()
  await setEditorText(page, 'body-editor', body)
  await expect(page.getByTestId('json-error')).toHaveCount(0)
  await page.getByTestId('send-count').fill(String(times))
  await page.keyboard.press('ControlOrMeta+Enter')
  await expect(page.getByTestId('nav-deliveries')).toHaveAttribute('aria-current', 'page')
}


/** Fills the custom-HMAC fields (components/HmacFields.tsx) inside `scope`: a dialog, or the page. */
export async function fillHmac(scope: Page | Locator, hmac: { header: string; encoding: string; prefix: string }): Promise<void> {
  await scope.getByLabel('Header', { exact: true }).fill(hmac.header)
  await scope.getByLabel('Encoding').selectOption(hmac.encoding)
  await scope.getByLabel('Prefix').fill(hmac.prefix)
}

/**
 * A delivery to a new inbox through a new signing endpoint, waited for until delivered, with its
 * "Edit and replay" dialog open; returns the inbox's URL and the dialog.
 */
export async function editReplayOfDelivered(page: Page, slug: string, endpointName: string, body: string): Promise<{ inboxUrl: string; dlg: Locator }> {
  const inboxUrl = await createInbox(page, slug)
  await createEndpoint(page, endpointName, inboxUrl)
  await sendTo(page, endpointName, body)
  await expect(page.getByTestId('delivery-detail').getByTestId('status-badge').first()).toHaveAttribute('data-status', 'delivered', { timeout: 15_000 })
  await page.getByTestId('edit-replay').click()
  return { inboxUrl, dlg: page.getByTestId('replay-dialog') }
}
