// Review 5, the Inbox: how your dev server answered a forward is in the row and at the top of the
// detail (its error body too), a cURL can go straight to it; a search that matches nothing says so; a
// capture caught before verification was set can be checked afterwards.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import { test, expect } from './fixtures'
import { createInbox } from './ui-helpers'

const stripe = new Stripe('sk_test_x')

test('a forward your server failed shows in the row (→ 500, → refused) and, with its error body, at the top of the detail', async ({ page, hooklab }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(hooklab.url).origin })
  const dev = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(500, { 'content-type': 'application/json' })
      res.end('{"error":"TypeError: cannot read customer of undefined"}')
    })
  })
  await new Promise<void>((r) => dev.listen(0, '127.0.0.1', r))
  const devUrl = `http://127.0.0.1:${(dev.address() as AddressInfo).port}/gh`
  const url = await createInbox(page, 'fwd')
  await page.getByTestId('inbox-settings').click()
  const dlg = page.getByTestId('inbox-settings-dialog')
  await dlg.getByLabel('Forward to (optional)').fill(devUrl)
  await dlg.getByTestId('inbox-save').click()
  await expect(dlg).toBeHidden()

  const rows = page.getByTestId('capture-row')
  expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"push"}' })).status).toBe(200)
  const failed = rows.first().getByTestId('capture-row-forward')
  await expect(failed).toHaveText('→ 500', { timeout: 10_000 })
  await expect(failed).toHaveClass(/\bbad\b/)

  // The dev server is down: the next forward is refused, and the row says so.
  dev.closeAllConnections()
  await new Promise((r) => dev.close(r))
  await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"push"}' })
  await expect(rows).toHaveCount(2, { timeout: 10_000 })
  await expect(rows.first().getByTestId('capture-row-forward')).toHaveText('→ refused', { timeout: 10_000 })
  await expect(rows.first().getByTestId('capture-row-forward')).toHaveAttribute('title', /ECONNREFUSED/)

  await rows.nth(1).click()
  const detail = page.getByTestId('capture-detail')
  await expect(detail.getByTestId('forward-result')).toContainText('500')
  const answer = detail.getByTestId('forward-body')
  await expect(answer).toContainText('TypeError: cannot read customer of undefined')
  // Above the request's headers: read without scrolling past the whole request.
  const answerTop = (await answer.boundingBox())!.y
  expect(answerTop).toBeLessThan((await detail.getByTestId('capture-headers').boundingBox())!.y)

  // Copy as cURL can go straight to the dev server (its answer prints in the terminal, not Hooklab's 200).
  await detail.getByRole('button', { name: `Copy as cURL to ${devUrl}`, exact: true }).click()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(`curl -X POST '${devUrl}'`)
  await detail.getByRole('button', { name: 'Copy as cURL', exact: true }).click()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(`curl -X POST '${url.replace(/\/$/, '')}/'`)
})

test('a search that matches nothing says so and offers to clear it, instead of “Waiting for requests…”', async ({ page }) => {
  const url = await createInbox(page, 'find')
  await fetch(url, { method: 'POST', body: '{"id":"cus_2042"}' })
  const rows = page.getByTestId('capture-row')
  await expect(rows).toHaveCount(1, { timeout: 10_000 })
  const search = page.getByRole('searchbox', { name: 'Search captures' })
  await search.fill('type:customer.subscription.updated')
  const empty = page.getByTestId('capture-search-empty')
  await expect(empty).toContainText('No capture matches “type:customer.subscription.updated”')
  await expect(page.getByText('Waiting for requests…')).toHaveCount(0)
  await empty.getByTestId('clear-capture-search').click()
  await expect(search).toHaveValue('')
  await expect(rows).toHaveCount(1)
})

test('a capture caught before verification was set is checked on request; the verdict shows in the detail and the row', async ({ page }) => {
  const url = await createInbox(page, 'late')
  const body = '{"id":"evt_1","type":"customer.created"}'
  const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_test123' })
  await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': header }, body })
  const rows = page.getByTestId('capture-row')
  await expect(rows).toHaveCount(1, { timeout: 10_000 })

  const setSecret = async (secret: string) => {
    await page.getByTestId('inbox-settings').click()
    const dlg = page.getByTestId('inbox-settings-dialog')
    await dlg.getByTestId('verify-scheme').selectOption('stripe')
    await dlg.getByTestId('verify-secret').fill(secret)
    await dlg.getByTestId('inbox-save').click()
    await expect(dlg).toBeHidden()
  }
  await setSecret('whsec_wrong')
  await expect(page.locator('.inbox-summary')).toContainText('verifies stripe')
  await rows.first().click()
  const detail = page.getByTestId('capture-detail')
  await expect(detail.getByTestId('verdict-none')).toContainText('Caught before verification was set')
  await detail.getByTestId('check-signature').click()
  await expect(detail.getByTestId('verdict')).toHaveAttribute('data-valid', 'false')
  await expect(rows.first()).toContainText('sig bad')

  // The secret fixed: checked again, it verifies (stored, so the row agrees after a reload too).
  await setSecret('whsec_test123')
  await detail.getByTestId('check-signature').click()
  await expect(detail.getByTestId('verdict')).toHaveAttribute('data-valid', 'true')
  await expect(detail.getByTestId('verdict')).toContainText('stripe')
  await expect(rows.first()).toContainText('sig ok')
  await page.reload()
  await expect(page.getByTestId('capture-row').first()).toContainText('sig ok', { timeout: 10_000 })
})
