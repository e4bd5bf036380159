// Browser mode draws the first deliveries page from the HTTP response index.html told Chromium to
// preload, so rows show even while the socket has answered nothing; the socket's page then takes over.
import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { test, expect } from './fixtures'

const CLI = resolve(__dirname, '..', '..', 'out', 'main', 'cli.js')

function sendFromCli(home: string, url: string, event: string): string {
  return execFileSync(process.execPath, [CLI, 'send', url, '--body', '{"n":1}', '--event', event, '--home', home]).toString().trim()
}

test('the first rows come from the preloaded page while the socket answers nothing', async ({ hooklab, context }) => {
  const id = sendFromCli(hooklab.home, `${hooklab.receiverUrl}/nowhere`, 'preview.checked')
  const page = await context.newPage()
  const firstPageRequests: string[] = []
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/first-page') firstPageRequests.push(r.method())
  })
  // The socket opens (Playwright answers the handshake) but nothing it is asked is ever answered.
  const asked: string[] = []
  await page.routeWebSocket(/\/ws/, (ws) => {
    ws.onMessage((m) => asked.push((JSON.parse(String(m)) as { method: string }).method))
  })
  await page.goto(hooklab.url)

  const row = page.locator(`[data-testid="delivery-row"][data-id="${id}"]`)
  await expect(row).toBeVisible()
  await expect(row).toContainText('preview.checked')
  // The status counts come over the socket: until they do, the chips say so instead of "0".
  await expect(page.getByTestId('filter-delivered')).toHaveText('delivered …')
  expect(firstPageRequests).toEqual(['GET'])
  // The socket was asked for the page too (its answer would replace the preview); none came.
  expect(asked).toContain('deliveries.list')
  await page.close()
})

test('with a live socket the list follows the engine after the preview', async ({ page, hooklab }) => {
  const first = sendFromCli(hooklab.home, `${hooklab.receiverUrl}/nowhere`, 'first.event')
  await page.reload()
  await expect(page.locator(`[data-testid="delivery-row"][data-id="${first}"]`)).toBeVisible()
  // Sent after the page loaded: it arrives through the socket's live batches.
  const later = sendFromCli(hooklab.home, `${hooklab.receiverUrl}/nowhere`, 'later.event')
  await expect(page.locator(`[data-testid="delivery-row"][data-id="${later}"]`)).toBeVisible({ timeout: 10_000 })
  await expect(page.getByTestId('delivery-row')).toHaveCount(2)
})
