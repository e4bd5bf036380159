// Browser mode end to end: the built UI loads through `hooklab serve`, reaches the engine over
// the WebSocket, and a webhook sent to this run's receiver shows up live in the UI.
import { test, expect } from './fixtures'

test('the app loads through hooklab serve and the engine is live', async ({ page, hooklab }, testInfo) => {
  // The token moved into a cookie and left the address bar.
  expect(page.url()).not.toContain('token=')
  await expect(page.getByTestId('engine-status')).toHaveAttribute('title', 'Engine connected')

  // Settings shows what app.info reports: this run's data dir and receiver.
  await page.getByTestId('nav-settings').click()
  await expect(page.getByText(hooklab.home).first()).toBeVisible()

  // A request to the receiver appears in the inbox without a reload.
  await page.getByTestId('nav-inbox').click()
  const res = await fetch(`${hooklab.receiverUrl}/smoke-path`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"smoke":true}',
  })
  expect(res.status).toBe(200)
  await expect(page.getByTestId('capture-row').first()).toContainText('/smoke-path')

  await page.screenshot({ path: testInfo.outputPath('smoke.png'), fullPage: true })
  await page.screenshot({ path: 'test-results/smoke.png', fullPage: true })
})

test('a first visit loads with no failed request and nothing on the console', async ({ hooklab, browser }) => {
  // A fresh context: the favicon and the preloaded first page are asked for as on a first visit.
  const context = await browser.newContext()
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`))
  await page.goto(hooklab.url)
  await expect(page.getByTestId('engine-status')).toHaveAttribute('title', 'Engine connected')
  // Chromium warns about an unused preload a few seconds after load.
  await page.waitForTimeout(3500)
  expect(problems).toEqual([])
  await context.close()
})

test('without the token the page is refused', async ({ page, hooklab }) => {
  const bare = hooklab.url.replace(/\?token=.*$/, '')
  const context = await page.context().browser()?.newContext()
  if (!context) throw new Error('no browser')
  const fresh = await context.newPage()
  const response = await fresh.goto(bare)
  expect(response?.status()).toBe(401)
  await context.close()
})
