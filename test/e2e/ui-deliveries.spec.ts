// Send through the UI to a Hooklab inbox scripted "500, 200": the delivery fails, is retried and
// delivered while the user watches; then an edited replay shows its diff and a new attempt.
import { execFileSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { CURL_MISSING } from '../fixtures/curl'
import { editReplayOfDelivered, createEndpoint, createInbox, gotoView, newEndpointDialog, sendTo, setEditorText } from './ui-helpers'

const CLI = resolve(__dirname, '..', '..', 'out', 'main', 'cli.js')

test('a delivery fails then delivers live, and its attempts open', async ({ page }) => {
  const inboxUrl = await createInbox(page, 'flaky', { script: '500, 200' })
  await createEndpoint(page, 'Flaky inbox', inboxUrl, { delays: '300ms', maxAttempts: 3 })
  await sendTo(page, 'Flaky inbox', '{"type":"order.created","order":"{{counter}}"}')

  const row = page.getByTestId('delivery-row').first()
  await expect(row).toContainText('Flaky inbox')
  // Live: the row turns delivered without a reload, after one failed attempt.
  await expect(row.getByTestId('status-badge')).toHaveAttribute('data-status', 'delivered', { timeout: 15_000 })
  await expect(row).toContainText('200')

  const detail = page.getByTestId('delivery-detail')
  const attempts = detail.getByTestId('attempt-item')
  await expect(attempts).toHaveCount(2)
  // Newest first: #2 delivered (200), #1 the scripted 500.
  await expect(attempts.nth(0)).toContainText('#2')
  await expect(attempts.nth(0)).toContainText('200')
  await expect(attempts.nth(1)).toContainText('500')
  await attempts.nth(1).getByRole('button', { expanded: false }).click()
  await expect(attempts.nth(1).getByTestId('request-headers')).toContainText('webhook-signature')
  await expect(attempts.nth(1).getByTestId('request-headers')).toContainText('v1,')
  await expect(detail).toContainText('order.created')

  // The endpoint recovered: its newest attempt reads delivered, the 500 is an older failure, and
  // its row in the list shows no error.
  await gotoView(page, 'endpoints')
  const epRow = page.getByTestId('endpoint-row').filter({ hasText: 'Flaky inbox' })
  await expect(epRow.locator('.err-text')).toHaveCount(0)
  await epRow.click()
  await expect(page.getByTestId('last-attempt')).toHaveText(/✓ 200 delivered/)
  await expect(page.getByTestId('last-failure')).toContainText('HTTP 500')
})

test('an edited replay of a failed delivery shows the diff and a new attempt', async ({ page }) => {
  const inboxUrl = await createInbox(page, 'once', { script: '500, 200' })
  await createEndpoint(page, 'No retries', inboxUrl, { delays: '100ms', maxAttempts: 1 })
  await sendTo(page, 'No retries', '{"note":"original","n":1}')
  const row = page.getByTestId('delivery-row').first()
  await expect(row.getByTestId('status-badge')).toHaveAttribute('data-status', /failed|dead/, { timeout: 15_000 })

  await page.getByTestId('edit-replay').click()
  const dlg = page.getByTestId('replay-dialog')
  await setEditorText(page, 'replay-editor', '{\n  "note": "edited",\n  "n": 1\n}')
  const diff = dlg.getByTestId('replay-diff')
  await expect(diff.locator('.diff-del')).toContainText('"note": "original"')
  await expect(diff.locator('.diff-add')).toContainText('"note": "edited"')
  await expect(dlg.getByTestId('replay-headers')).toHaveValue('')
  await dlg.getByTestId('replay-headers').fill('X-Replayed: by hand')
  await dlg.getByTestId('replay-submit').click()
  await expect(dlg).toBeHidden()

  // The new delivery is selected; its attempt got the inbox's second answer.
  const detail = page.getByTestId('delivery-detail')
  await expect(detail.getByTestId('status-badge').first()).toHaveAttribute('data-status', 'delivered', { timeout: 15_000 })
  await expect(detail.getByTestId('attempt-item')).toHaveCount(1)
  await expect(detail.getByTestId('attempt-item').first()).toContainText('200')
  await expect(detail).toContainText('Replay of')
  await expect(detail.getByTestId('attempt-item').first().locator('[data-testid=body-text]').first()).toContainText('"edited"')

  // The inbox received the edited body, with the added header.
  await gotoView(page, 'inbox')
  await page.getByTestId('capture-row').first().click()
  await expect(page.getByTestId('capture-body')).toContainText('edited')
  await expect(page.getByTestId('capture-headers')).toContainText('X-Replayed')
  await expect(page.getByTestId('capture-headers')).toContainText('by hand')
})

test('new deliveries wait behind an "N new" marker while the user is scrolled down', async ({ page, hooklab }) => {
  // Settings shows the data dir the CLI below writes to.
  await gotoView(page, 'settings')
  await expect(page.getByTestId('home-dir')).toHaveText(hooklab.home)
  const url = await createInbox(page, 'bulk')
  await createEndpoint(page, 'Bulk', url)
  await sendTo(page, 'Bulk', '{"n":"{{counter}}"}', 200)
  await expect(page.getByTestId('delivery-row').first()).toBeVisible()
  await expect(page.getByTestId('filter-delivered')).toContainText('200', { timeout: 20_000 })

  const list = page.getByTestId('delivery-list').getByRole('listbox')
  await list.evaluate((el) => el.scrollTo(0, 1500))
  await list.dispatchEvent('scroll')
  const firstVisible = async () => list.evaluate((el) => {
    const top = el.getBoundingClientRect().top
    const rows = [...el.querySelectorAll<HTMLElement>('[data-testid=delivery-row]')]
    return rows.find((r) => r.getBoundingClientRect().bottom > top + 2)?.dataset.id
  })
  const before = await firstVisible()

  // More arrive from outside the UI (the CLI on the same home): they wait behind the marker.
  for (let i = 0; i < 3; i++) execFileSync(process.execPath, [CLI, 'send', url, '--body', '{"late":true}', '--home', hooklab.home])
  await expect(page.getByTestId('new-marker')).toBeVisible({ timeout: 5000 })
  expect(await firstVisible()).toBe(before)
  await page.getByTestId('new-marker').click()
  // The list jumps to the new rows at the top; later ones then arrive in place, with no marker.
  await expect.poll(() => list.evaluate((el) => el.scrollTop)).toBe(0)
  await expect(page.getByTestId('new-marker')).toHaveCount(0)
})

test('Copy as cURL on an attempt gives the request as sent: signature and webhook-id included, the receiver sees a duplicate', async ({ page, hooklab }) => {
  if (CURL_MISSING) console.log(`${test.info().title}: ${CURL_MISSING}`)
  test.skip(CURL_MISSING !== null, CURL_MISSING ?? '')
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(hooklab.url).origin })
  const inboxUrl = await createInbox(page, 'copied')
  await createEndpoint(page, 'Copied', inboxUrl)
  await sendTo(page, 'Copied', '{"type":"order.created","note":"it\'s"}')
  const detail = page.getByTestId('delivery-detail')
  await expect(detail.getByTestId('attempt-item')).toHaveCount(1, { timeout: 10_000 })
  await detail.getByRole('button', { name: 'Copy as cURL (attempt 1)' }).click()
  const cmd = await page.evaluate(() => navigator.clipboard.readText())
  expect(cmd).toContain(`curl -X POST '${inboxUrl}'`)
  expect(cmd).toMatch(/-H 'webhook-signature: v1,[A-Za-z0-9+/=]+'/)
  expect(cmd).toContain(`--data-raw '{"type":"order.created","note":"it'\\''s"}'`)

  execFileSync('sh', ['-c', `${cmd} --silent --output /dev/null`], { timeout: 10_000 })
  await gotoView(page, 'inbox')
  const rows = page.getByTestId('capture-row')
  await expect(rows).toHaveCount(2, { timeout: 10_000 })
  // Same webhook-id as the delivered attempt: the receiver marks the copy as a duplicate.
  await expect(rows.first()).toContainText('dup')
})

/** An endpoint sent to one at a time whose breaker opens on the first failure, for five minutes. */
async function fragileEndpoint(page: Page, name: string, url: string): Promise<void> {
  const dlg = await newEndpointDialog(page, name, url, 'none')
  await dlg.getByLabel('Max concurrency').fill('1')
  await dlg.getByLabel('Open after (failures)').fill('1')
  await dlg.getByLabel('Cool-down').fill('5m')
  await dlg.getByTestId('endpoint-save').click()
  await expect(dlg).toBeHidden()
}

test('deliveries held by an open circuit breaker say so, and the endpoint says when it probes', async ({ page }) => {
  await fragileEndpoint(page, 'Down', 'http://127.0.0.1:9/hook')

  // One at a time: the first attempt is refused and opens the breaker; the other two were never tried.
  await sendTo(page, 'Down', '{"n":"{{counter}}"}', 3)
  const rows = page.getByTestId('delivery-row')
  await expect(rows).toHaveCount(3)
  await expect(rows.getByTestId('next-attempt').filter({ hasText: /^breaker [45]m$/ })).toHaveCount(3, { timeout: 10_000 })
  await expect(rows.getByTestId('next-attempt').first()).toHaveAttribute('title', /^held: breaker open, probe in [45]m$/)
  const untried = rows.filter({ has: page.locator('[title="attempts"]', { hasText: /^0$/ }) }).first()
  await untried.click()
  await expect(page.getByTestId('delivery-detail')).toContainText(/No attempt yet — next: held: breaker open, probe in [45]m\./)

  await gotoView(page, 'endpoints')
  await page.getByTestId('endpoint-row').filter({ hasText: 'Down' }).click()
  await expect(page.getByTestId('breaker-probe')).toHaveText(/^probe in [45]m · deliveries held until then$/)
})

test('a delivery whose attempt is on the wire says so in its detail', async ({ page }) => {
  const url = await createInbox(page, 'slow', { script: 'hang' })
  await createEndpoint(page, 'Slow', url)
  await sendTo(page, 'Slow', '{"n":1}')
  const row = page.getByTestId('delivery-row').first()
  await expect(row.getByTestId('status-badge')).toHaveAttribute('data-status', 'sending', { timeout: 10_000 })
  await expect(page.getByTestId('attempt-in-flight')).toHaveText(/^Attempt 1 in flight, sent \d+s ago\.$/)
  await expect(page.getByTestId('delivery-detail')).not.toContainText('No attempt yet')
})

test('the time range narrows the list to recent deliveries, and back', async ({ page, hooklab }) => {
  // A delivery from two days ago, written into the file the running app uses (as an earlier run would have left it).
  const old = Date.now() - 2 * 86_400_000
  const db = new Database(join(hooklab.home, 'hooklab.db'))
  db.prepare("INSERT INTO message (id, event_type, body, content_type, created_at) VALUES ('msg_old', 'old.event', ?, 'application/json', ?)").run(Buffer.from('{}'), old)
  db.prepare(
    "INSERT INTO delivery (id, message_id, url, event_type, status, attempts, created_at, updated_at, completed_at) VALUES ('dlv_old', 'msg_old', 'http://127.0.0.1:9/old', 'old.event', 'delivered', 1, ?, ?, ?)",
  ).run(old, old, old)
  db.close()
  const url = await createInbox(page, 'recent')
  await createEndpoint(page, 'Recent', url)
  await sendTo(page, 'Recent', '{"n":1}')
  await page.reload()
  const rows = page.getByTestId('delivery-row')
  await expect(rows).toHaveCount(2)
  await page.getByTestId('time-range').selectOption('1h')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('Recent')
  await page.getByTestId('time-range').selectOption('7d')
  await expect(rows).toHaveCount(2)
  await page.getByTestId('time-range').selectOption('any')
  await expect(rows.filter({ hasText: 'old.event' })).toHaveCount(1)
})

test('the event-type filter suggests the types sent, newest first, and picking one filters the list', async ({ page }) => {
  const url = await createInbox(page, 'types')
  await createEndpoint(page, 'Typed', url)
  for (const type of ['invoice.paid', 'user.created']) {
    await gotoView(page, 'send')
    await page.getByTestId('event-type').fill(type)
    await sendTo(page, 'Typed', `{"type": "${type}"}`)
  }
  await expect(page.getByTestId('delivery-row')).toHaveCount(2)
  const filter = page.getByTestId('event-type-filter')
  await filter.focus()
  await expect(page.locator('#event-type-options option')).toHaveCount(2)
  expect(await page.locator('#event-type-options option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['user.created', 'invoice.paid'])
  await filter.fill('invoice.paid') // what choosing the suggestion does: an input event with its value
  await expect(page.getByTestId('delivery-row')).toHaveCount(1)
  await expect(page.getByTestId('delivery-row')).toContainText('invoice.paid')
})

test('edit and replay keeps the body byte for byte unless it is edited, and a binary body is never edited as text', async ({ page }) => {
  const { inboxUrl, dlg } = await editReplayOfDelivered(page, 'bytes', 'Bytes', '{"a":1,"b":[1,2]}') // minified: the editor shows it pretty-printed
  await dlg.getByTestId('replay-headers').fill('X-Only: headers changed')
  await dlg.getByTestId('replay-submit').click()
  await expect(dlg).toBeHidden()
  await gotoView(page, 'inbox')
  await expect(page.getByTestId('capture-row')).toHaveCount(2)
  await page.getByTestId('capture-row').first().click()
  await expect(page.getByTestId('capture-headers')).toContainText('headers changed')
  await page.getByTestId('capture-body').getByRole('tab', { name: 'raw' }).click()
  await expect(page.getByTestId('capture-body').getByTestId('body-text')).toHaveText('{"a":1,"b":[1,2]}')

  // A binary capture: its replay cannot be edited; replayed, the delivery's edit-and-replay says why not.
  await fetch(inboxUrl, { method: 'POST', body: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00, 0xfe]), headers: { 'content-type': 'application/octet-stream' } })
  await expect(page.getByTestId('capture-row')).toHaveCount(3)
  await page.getByTestId('capture-row').first().click()
  await page.getByTestId('capture-replay').click()
  const replay = page.getByTestId('capture-replay-dialog')
  await expect(replay.getByTestId('capture-replay-edit')).toBeDisabled()
  await expect(replay).toContainText('binary body: replayed byte for byte')
  await replay.getByLabel('Target URL').fill(inboxUrl)
  await replay.getByTestId('capture-replay-send').click()
  await expect(page.getByTestId('capture-row')).toHaveCount(4)
  await gotoView(page, 'deliveries')
  await page.getByTestId('delivery-row').first().click()
  await page.getByTestId('edit-replay').click()
  await expect(dlg.getByTestId('replay-binary')).toContainText('binary (not UTF-8)')
  await dlg.getByTestId('replay-submit').click()
  await gotoView(page, 'inbox')
  await expect(page.getByTestId('capture-row')).toHaveCount(5)
  await page.getByTestId('capture-row').first().click()
  await page.getByTestId('capture-body').getByRole('tab', { name: 'hex' }).click()
  await expect(page.getByTestId('capture-body').getByTestId('body-text')).toContainText('89 50 4e 47 ff 00 fe') // the same bytes
})

test('"Cancel pending" stops what waits for an endpoint, after a confirmation that says how many and where', async ({ page }) => {
  const url = await createInbox(page, 'paused')
  await createEndpoint(page, 'Paused service', url)
  await gotoView(page, 'endpoints')
  await page.getByTestId('endpoint-row').first().click()
  await page.getByRole('button', { name: 'Disable', exact: true }).click()
  await expect(page.getByRole('button', { name: 'Enable', exact: true })).toBeVisible()
  await sendTo(page, 'Paused service', '{"n":"{{counter}}"}', 3)
  await expect(page.getByTestId('delivery-row').getByTestId('status-badge').filter({ hasText: 'pending' })).toHaveCount(3)

  await page.getByLabel('Filter by endpoint').selectOption({ label: 'Paused service' })
  await page.getByTestId('bulk-cancel').click()
  const confirm = page.getByTestId('confirm-dialog')
  await expect(confirm.getByTestId('confirm-message')).toHaveText(/^Cancel 3 pending deliveries to Paused service\?/)
  await confirm.getByTestId('confirm-ok').click()
  await expect(page.getByTestId('delivery-row').getByTestId('status-badge').filter({ hasText: 'cancelled' })).toHaveCount(3)
  await expect(page.getByTestId('bulk-cancel')).toBeDisabled() // nothing pending left (it keeps its place: the list does not move)
  await expect(page.getByTestId('filter-cancelled')).toContainText('3')
})

test('the search finds a delivery by what its payload says, and a new one whose payload matches joins the list live', async ({ page, hooklab }) => {
  const url = await createInbox(page, 'orders')
  await createEndpoint(page, 'Orders', url)
  await sendTo(page, 'Orders', '{"type":"order.created","data":{"id":"ord_7Q2"}}')
  await sendTo(page, 'Orders', '{"type":"order.created","data":{"id":"ord_9Z"}}')
  const rows = page.getByTestId('delivery-row')
  await expect(rows).toHaveCount(2)

  await page.getByLabel('Search deliveries').fill('ord_7Q2')
  await expect(rows).toHaveCount(1)
  await rows.first().click()
  await expect(page.getByTestId('delivery-detail')).toContainText('ord_7Q2')

  // From outside the UI (the CLI on the same home): only the one that mentions ord_7Q2 joins the search.
  for (const id of ['ord_1AA', 'ord_7Q2']) {
    execFileSync(process.execPath, [CLI, 'send', url, '--body', `{"type":"refund.created","data":{"order":"${id}"}}`, '--event', 'refund.created', '--home', hooklab.home])
  }
  await expect(rows).toHaveCount(2, { timeout: 5000 })
  await expect(rows.first()).toContainText('refund.created')
  await expect(page.getByTestId('filter-delivered')).toContainText('2', { timeout: 5000 }) // the counts follow the search too
  await page.getByLabel('Search deliveries').fill('')
  await expect(rows).toHaveCount(4)
})

test('a first run sends a test webhook in one click: it fails once, is retried, and the demo inbox shows it verified', async ({ page }) => {
  await gotoView(page, 'deliveries')
  await page.getByTestId('demo-send').click()
  const row = page.getByTestId('delivery-row').first()
  await expect(row).toContainText('Demo: Hooklab inbox')
  await expect(row.getByTestId('status-badge')).toHaveAttribute('data-status', 'delivered', { timeout: 15_000 })
  const attempts = page.getByTestId('delivery-detail').getByTestId('attempt-item')
  await expect(attempts).toHaveCount(2)
  await expect(attempts.nth(1)).toContainText('500')
  await expect(attempts.nth(0)).toContainText('200')

  await gotoView(page, 'inbox')
  // It opens on the demo inbox, where they are (it used to show the default one, empty).
  await expect(page.getByTestId('inbox-select').locator('option:checked')).toHaveText(/^demo /)
  const captures = page.getByTestId('capture-row')
  await expect(captures).toHaveCount(2)
  for (const i of [0, 1]) {
    await captures.nth(i).click()
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-valid', 'true')
  }
})

test('"Reset breaker" delivers what the open breaker held at once, instead of after its cool-down', async ({ page }) => {
  const url = await createInbox(page, 'recovering', { script: '500, 200' })
  await fragileEndpoint(page, 'Recovering', url)
  await sendTo(page, 'Recovering', '{"n":"{{counter}}"}', 2)
  const rows = page.getByTestId('delivery-row')
  await expect(rows.getByTestId('next-attempt').filter({ hasText: /^breaker [45]m$/ })).toHaveCount(2, { timeout: 10_000 })

  // The server is back (the inbox answers 200 from now on): the user resets the breaker.
  await gotoView(page, 'endpoints')
  await page.getByTestId('endpoint-row').filter({ hasText: 'Recovering' }).click()
  await page.getByRole('button', { name: 'Reset breaker' }).click()
  await expect(page.getByTestId('breaker-probe')).toHaveCount(0)
  await gotoView(page, 'deliveries')
  await expect(rows.locator('[data-testid="status-badge"][data-status="delivered"]')).toHaveCount(2, { timeout: 10_000 })
})

test('"Open in Send" on a delivery makes it a draft aimed at its endpoint, to edit and send as a new message', async ({ page }) => {
  const url = await createInbox(page, 'drafts')
  await createEndpoint(page, 'Drafts', url)
  await sendTo(page, 'Drafts', '{"type":"order.created","total":100}')
  await page.getByTestId('delivery-row').first().click()
  await page.getByTestId('delivery-open-in-send').click()
  await expect(page.getByTestId('nav-send')).toHaveAttribute('aria-current', 'page')
  await expect(page.locator('label.target').filter({ hasText: 'Drafts' }).getByRole('checkbox')).toBeChecked()
  await expect(page.getByTestId('body-editor')).toContainText('"total": 100')
  await setEditorText(page, 'body-editor', '{"type":"order.created","total":250}')
  await page.getByTestId('send-button').click()
  await expect(page.getByTestId('nav-deliveries')).toHaveAttribute('aria-current', 'page')
  await expect(page.getByTestId('delivery-row')).toHaveCount(2)
  await gotoView(page, 'inbox')
  await expect(page.getByTestId('capture-row')).toHaveCount(2, { timeout: 10_000 })
  await page.getByTestId('capture-row').first().click()
  await expect(page.getByTestId('capture-detail')).toContainText('250')
})

test('"all its deliveries" lists every delivery of one message: the endpoints it fanned out to and its replays', async ({ page }) => {
  const url = await createInbox(page, 'fan')
  await createEndpoint(page, 'First', url)
  await createEndpoint(page, 'Second', url)
  await gotoView(page, 'send')
  for (const name of ['First', 'Second']) await page.locator('label.target').filter({ hasText: name }).getByRole('checkbox').check()
  await setEditorText(page, 'body-editor', '{"type":"fan.out"}')
  await page.getByTestId('send-button').click()
  await expect(page.getByTestId('nav-deliveries')).toHaveAttribute('aria-current', 'page')
  await gotoView(page, 'send')
  await page.locator('label.target').filter({ hasText: 'Second' }).getByRole('checkbox').uncheck()
  await sendTo(page, 'First', '{"type":"another.message"}') // not of it
  const rows = page.getByTestId('delivery-row')
  await expect(rows).toHaveCount(3)
  await rows.filter({ hasText: 'Second' }).click()
  await page.getByTestId('replay').click() // a plain replay keeps the message id
  await expect(rows).toHaveCount(4)
  await rows.filter({ hasText: 'Second' }).last().click()
  await page.getByTestId('message-deliveries').click()
  await expect(page.getByLabel('Search deliveries')).toHaveValue(/^msg_/)
  await expect(rows).toHaveCount(3)
  await expect(rows.filter({ hasText: 'First' })).toHaveCount(1)
  await expect(rows.filter({ hasText: 'Second' })).toHaveCount(2)
})
