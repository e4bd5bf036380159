// Review 5 of the UI: what the app says where it used to say nothing or the wrong thing — a chosen
// endpoint outside its event filter, a deleted endpoint's deliveries, a capture refused for memory.
import { test, expect } from './fixtures'
import { createEndpoint, createInbox, gotoView, sendTo, setEditorText } from './ui-helpers'

const SHOTS = 'test-results/shots'

test('Send says when a chosen endpoint does not subscribe to the event type it is given', async ({ page, hooklab }) => {
  await createEndpoint(page, 'billing', `${hooklab.receiverUrl}/in/default/billing`)
  await page.getByTestId('endpoint-row').filter({ hasText: 'billing' }).click()
  await page.getByTestId('edit-endpoint').click()
  const dlg = page.getByTestId('endpoint-dialog')
  await dlg.getByLabel('Event types (filter)').fill('invoice.*')
  await dlg.getByTestId('endpoint-save').click()
  await expect(dlg).toBeHidden()

  await gotoView(page, 'send')
  await page.locator('label.target').filter({ hasText: 'billing' }).getByRole('checkbox').check()
  await setEditorText(page, 'body-editor', '{"id":"cus_1"}')
  await page.getByTestId('event-type').fill('customer.created')
  await expect(page.getByTestId('preview-target-note')).toHaveText(
    'billing subscribes to invoice.*, not customer.created: it gets this because you chose it; sending by event type would leave it out.',
  )
  await page.screenshot({ path: `${SHOTS}/send-filter-note.png` })
  await page.getByTestId('event-type').fill('invoice.paid')
  await expect(page.getByTestId('preview-target')).toHaveCount(1)
  await expect(page.getByTestId('preview-target-note')).toHaveCount(0)
})

test("a deleted endpoint's deliveries keep its name", async ({ page }) => {
  const url = await createInbox(page, 'gone')
  await createEndpoint(page, 'Orders prod', url)
  await sendTo(page, 'Orders prod', '{"n":1}')
  await expect(page.getByTestId('delivery-row').first()).toContainText('Orders prod')

  await gotoView(page, 'endpoints')
  await page.getByTestId('endpoint-row').filter({ hasText: 'Orders prod' }).click()
  await page.getByRole('button', { name: 'Delete', exact: true }).click()
  await page.getByRole('button', { name: 'Delete endpoint' }).click()
  await expect(page.getByTestId('endpoint-row')).toHaveCount(0)

  await gotoView(page, 'deliveries')
  await expect(page.getByTestId('delivery-row').first()).toContainText('Orders prod (deleted)')
  await page.getByTestId('delivery-row').first().click()
  await expect(page.getByRole('heading', { name: 'Orders prod (deleted)' })).toBeVisible()
})

test('a capture refused for memory says so, not "over the size cap"', async ({ page }) => {
  const capture = (id: string, status: number) => ({
    id,
    inbox: { id: 'inb_elsewhere', slug: 'busy' },
    receivedAt: new Date().toISOString(),
    remoteAddress: '127.0.0.1',
    event: null,
    eventFrom: null,
    request: { method: 'POST', path: '/in/busy/up', query: '', headers: [['content-length', '5000']], contentType: null, size: 5000, oversize: true, encoding: 'utf8', body: '' },
    response: { status, headers: [], encoding: 'utf8', body: '' },
    verification: null,
    duplicateOf: null,
    forward: null,
  })
  const doc = { format: 'hooklab.captures/v1', exportedAt: new Date().toISOString(), filters: { inboxId: null, inboxSlug: 'busy', since: null, until: null }, captures: [capture('cap_bigone', 413), capture('cap_busyone', 503)] }
  await gotoView(page, 'inbox')
  await page.getByTestId('import-captures-file').setInputFiles({ name: 'busy.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) })
  await expect(page.getByTestId('capture-row')).toHaveCount(2)
  const detail = page.getByTestId('capture-detail')
  await page.getByTestId('capture-row').filter({ hasText: '503' }).click()
  await expect(detail).toContainText('body not read: Hooklab was holding too many bodies at once (answered 503)')
  await expect(detail).not.toContainText('over the size cap')
  await page.getByTestId('capture-row').filter({ hasText: '413' }).click()
  await expect(detail).toContainText('body over the size cap')
})

test('Copy request of a binary body copies a hex dump of its bytes, not replacement characters', async ({ page, hooklab }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(hooklab.url).origin })
  const url = (await createInbox(page, 'bin')).replace(/\/$/, '')
  await fetch(`${url}/png`, { method: 'POST', body: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff]), headers: { 'content-type': 'image/png' } })
  await page.getByTestId('capture-row').first().click()
  await page.getByRole('button', { name: 'Copy request as text' }).click()
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('(binary, 9 bytes, as hex)')
  const text = await page.evaluate(() => navigator.clipboard.readText())
  expect(text).toMatch(/^POST \/in\/bin\/png/)
  expect(text).toContain('89 50 4e 47 0d 0a 1a 0a ff')
  expect(text).not.toContain('\ufffd')
})

test("the first screen's CLI hint names this data dir, so the command sent lands in this window", async ({ page, hooklab }) => {
  await expect(page.getByTestId('deliveries-empty-cli')).toHaveText(`hooklab send URL --body '{…}' --home '${hooklab.home}'`)
})

test("the Inbox's Export says that its search is not applied", async ({ page }) => {
  const url = (await createInbox(page, 'exp')).replace(/\/$/, '')
  for (const n of [1, 2]) await fetch(`${url}/o${n}`, { method: 'POST', body: JSON.stringify({ order: n }), headers: { 'content-type': 'application/json' } })
  await expect(page.getByTestId('capture-row')).toHaveCount(2)
  await page.getByTestId('open-capture-export').click()
  await expect(page.getByTestId('capture-export-search-note')).toHaveCount(0)
  await page.keyboard.press('Escape')
  await page.locator('[data-search]').fill('"order":2')
  await expect(page.getByTestId('capture-row')).toHaveCount(1)
  await page.getByTestId('open-capture-export').click()
  await expect(page.getByTestId('capture-export-search-note')).toHaveText('Not applied, an export cannot filter by it: search “"order":2”. Every capture of the inbox in the range is written.')
})

test('the toast of a capture replay has View, which opens the delivery it made', async ({ page }) => {
  const url = (await createInbox(page, 'rp')).replace(/\/$/, '')
  await fetch(`${url}/hook`, { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json' } })
  await page.getByTestId('capture-row').first().click()
  await page.getByTestId('capture-replay').click()
  const dlg = page.getByTestId('capture-replay-dialog')
  await dlg.getByLabel('Target URL').fill(`${url}/again`)
  await dlg.getByTestId('capture-replay-send').click()
  const toastBox = page.getByTestId('toast-info').filter({ hasText: 'Capture sent' })
  const id = ((await toastBox.locator('.toast-msg').textContent()) ?? '').match(/dlv_\w+/)?.[0]
  expect(id).toBeTruthy()
  await toastBox.getByTestId('toast-action').click()
  await expect(page.getByTestId('nav-deliveries')).toHaveAttribute('aria-current', 'page')
  await expect(page.getByTestId('delivery-row').filter({ hasText: '/again' })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByText(id!)).toBeVisible()
})

test("a view whose code cannot be fetched says so in its pane; the rail and the other views stay (it blanked the page)", async ({ context, hooklab }) => {
  const page = await context.newPage()
  // As when `hooklab serve` has stopped: the Inbox view's code never arrives.
  await page.route(/InboxView-[^/]*\.js$/, (route) => route.abort())
  await page.goto(hooklab.url)
  await expect(page.getByTestId('nav-deliveries')).toHaveAttribute('aria-current', 'page')
  await page.getByTestId('nav-inbox').click()
  await expect(page.getByTestId('view-failed')).toContainText('The Inbox view could not be loaded')
  await expect(page.getByTestId('view-failed')).toContainText('is Hooklab still running?')
  await page.screenshot({ path: `${SHOTS}/view-failed.png` })
  await page.getByTestId('nav-deliveries').click()
  await expect(page.getByTestId('view-failed')).toHaveCount(0)
  await expect(page.getByTestId('deliveries-empty')).toBeVisible()
})

test("the Inbox's CLI hint names this data dir", async ({ page, hooklab }) => {
  await gotoView(page, 'inbox')
  await expect(page.getByTestId('inbox-empty-cli')).toContainText(`--sample github.push --wait --home '${hooklab.home}'`)
})
