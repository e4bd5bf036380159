// Every view, light and dark: an axe-core scan finds no serious or critical issue, and a
// screenshot is saved under test-results/screenshots/ (the README's images come from these).
import { mkdirSync } from 'node:fs'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { createEndpoint, createInbox, gotoView, newEndpointDialog, sendTo, setEditorText } from './ui-helpers'

// Overridable so a run can keep its images outside Playwright's output dir (emptied by every run).
const SHOTS = process.env.HOOKLAB_SCREENSHOTS ?? 'test-results/screenshots'
const VIEWS = ['send', 'deliveries', 'inbox', 'endpoints', 'stats', 'settings'] as const

async function seriousIssues(page: Page): Promise<string[]> {
  const res = await new AxeBuilder({ page }).analyze()
  return res.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)
}

test('each view passes axe and is captured in light and dark', async ({ page }) => {
  test.setTimeout(90_000)
  mkdirSync(SHOTS, { recursive: true })
  await page.setViewportSize({ width: 1400, height: 860 })
  const url = await createInbox(page, 'demo', { script: '500, 200' })
  await createEndpoint(page, 'Orders service', url, { delays: '200ms', maxAttempts: 3 })
  await gotoView(page, 'send')
  await page.getByTestId('event-type').fill('order.created')
  await sendTo(page, 'Orders service', '{\n  "type": "order.created",\n  "id": "{{uuid}}",\n  "amount": 4200\n}', 3)
  await expect(page.getByTestId('delivery-row').getByTestId('status-badge').filter({ hasText: 'delivered' })).toHaveCount(3, { timeout: 20_000 })
  await fetch(url.replace(/\/$/, '') + '/github', { method: 'POST', body: '{"zen":"Keep it logically awesome."}', headers: { 'content-type': 'application/json', 'x-github-event': 'ping' } })

  for (const theme of ['light', 'dark'] as const) {
    await gotoView(page, 'settings')
    await page.getByTestId(`theme-${theme}`).click()
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
    for (const view of VIEWS) {
      await gotoView(page, view)
      if (view === 'deliveries') {
        // The one that met the scripted 500 (two attempts): its timeline shows a retry.
        await page.getByTestId('delivery-row').filter({ has: page.locator('[title="attempts"]', { hasText: /^2$/ }) }).click()
        await expect(page.getByTestId('attempt-item')).toHaveCount(2)
      }
      if (view === 'inbox') {
        await page.getByTestId('capture-row').first().click()
        await expect(page.getByTestId('capture-detail')).toBeVisible()
      }
      if (view === 'endpoints') await page.getByTestId('endpoint-row').first().click()
      if (view === 'send') await expect(page.getByTestId('preview-headers').first()).toContainText('webhook-signature', { timeout: 5000 })
      if (view === 'stats') {
        await expect(page.getByTestId('latency-chart')).toBeVisible()
        // The counts over the histogram's bars add up to the attempts charted: 3 messages, one retried after a 500.
        await expect(page.getByTestId('success-chart').locator('..')).toContainText('4 attempts')
        const counts = await page.getByTestId('latency-count').allTextContents()
        expect(counts.reduce((a, c) => a + Number(c), 0)).toBe(4)
      }
      // Confirmation toasts from the set-up steps would cover the detail pane in the images.
      for (const b of await page.getByRole('button', { name: 'Dismiss notification' }).all()) await b.click({ timeout: 500 }).catch(() => undefined)
      expect(await seriousIssues(page), `${view} (${theme})`).toEqual([])
      await page.screenshot({ path: `${SHOTS}/${view}-${theme}.png` })
    }
  }
  // The dialogs too (dark theme is on now).
  await gotoView(page, 'endpoints')
  await page.getByTestId('edit-endpoint').click()
  await expect(page.getByTestId('endpoint-dialog')).toBeVisible()
  expect(await seriousIssues(page), 'endpoint dialog').toEqual([])
  await page.screenshot({ path: `${SHOTS}/endpoint-dialog-dark.png` })
  await page.keyboard.press('Escape')

  await gotoView(page, 'deliveries')
  await page.getByTestId('delivery-row').last().click()
  await page.getByTestId('edit-replay').click()
  await setEditorText(page, 'replay-editor', '{\n  "type": "order.updated",\n  "amount": 5100\n}')
  await expect(page.getByTestId('replay-diff').locator('.diff-add').first()).toBeVisible()
  expect(await seriousIssues(page), 'replay dialog').toEqual([])
  await page.screenshot({ path: `${SHOTS}/replay-dark.png` })
  await page.keyboard.press('Escape')

  await page.getByTestId('open-export').click()
  await expect(page.getByTestId('export-dialog')).toBeVisible()
  expect(await seriousIssues(page), 'export dialog').toEqual([])
  await page.keyboard.press('Escape')

  await gotoView(page, 'inbox')
  await page.getByTestId('open-capture-export').click()
  await expect(page.getByTestId('capture-export-dialog')).toBeVisible()
  expect(await seriousIssues(page), 'capture export dialog').toEqual([])
  await page.keyboard.press('Escape')
  await page.getByTestId('open-replay-captures').click()
  await page.getByTestId('replay-captures-dialog').getByRole('radio', { name: 're-sign' }).click()
  expect(await seriousIssues(page), 'replay captures dialog').toEqual([])
  await page.keyboard.press('Escape')
  await page.getByTestId('open-shortcuts').click()
  await expect(page.getByTestId('shortcuts-dialog')).toBeVisible()
  expect(await seriousIssues(page), 'shortcuts dialog').toEqual([])
  await page.keyboard.press('Escape')

  await gotoView(page, 'send')
  await page.getByTestId('open-curl-import').click()
  await page.getByTestId('curl-command').fill("curl -X PUT http://127.0.0.1:9/x -H 'Stripe-Signature: t=1,v1=x' -d '{}'")
  await expect(page.getByTestId('curl-notes')).toBeVisible()
  expect(await seriousIssues(page), 'paste cURL dialog').toEqual([])
  await page.getByTestId('curl-command').fill('curl -F a=@b http://127.0.0.1:9/x')
  await expect(page.getByTestId('curl-error')).toBeVisible()
  expect(await seriousIssues(page), 'paste cURL dialog, an error').toEqual([])
  await page.keyboard.press('Escape')

  await gotoView(page, 'inbox')
  await page.getByTestId('inbox-settings').click()
  await expect(page.getByTestId('inbox-settings-dialog')).toBeVisible()
  await page.getByTestId('inbox-settings-dialog').getByText('Response headers and body').click()
  expect(await seriousIssues(page), 'inbox settings dialog').toEqual([])
  await page.screenshot({ path: `${SHOTS}/inbox-settings-dark.png` })
})

test('"?" lists the keyboard shortcuts, except while typing in a field', async ({ page }) => {
  await gotoView(page, 'deliveries')
  await page.getByRole('main').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('Shift+Slash')
  const dlg = page.getByTestId('shortcuts-dialog')
  await expect(dlg).toBeVisible()
  await expect(dlg.getByRole('row', { name: /Alt\+1 … Alt\+6/ })).toContainText('Send, Deliveries, Inbox, Endpoints, Stats, Settings')
  await expect(dlg.getByRole('row', { name: /Ctrl\+Enter/ })).toContainText('Send (in Send)')
  await page.keyboard.press('Escape')
  await expect(dlg).toBeHidden()
  // In a field, "?" is a character like any other.
  const search = page.getByLabel('Search deliveries')
  await search.fill('')
  await search.press('Shift+Slash')
  await expect(search).toHaveValue('?')
  await expect(dlg).toBeHidden()
  // Settings lists the same shortcuts.
  await gotoView(page, 'settings')
  await expect(page.getByRole('main').getByRole('row', { name: /Alt\+1 … Alt\+6/ })).toContainText('Send, Deliveries, Inbox, Endpoints, Stats, Settings')
})

test('on a small window the detail pane keeps room, and the chosen list width comes back on a large one', async ({ page }) => {
  const url = await createInbox(page, 'narrow')
  await createEndpoint(page, 'Narrow', url)
  await sendTo(page, 'Narrow', '{"n": 1}')
  await expect(page.getByTestId('delivery-detail')).toBeVisible()
  const width = (sel: string) => page.locator(sel).first().evaluate((el) => el.getBoundingClientRect().width)

  await page.setViewportSize({ width: 1400, height: 800 })
  await expect.poll(() => width('.split-left')).toBe(720) // the Deliveries list's default
  await page.setViewportSize({ width: 1024, height: 640 })
  // The rail takes ~76 px; the list gives way so the detail keeps at least 360 px.
  await expect.poll(() => width('.split-right')).toBeGreaterThanOrEqual(360)
  await expect(page.getByTestId('delivery-detail').getByRole('button', { name: 'Replay', exact: true })).toBeInViewport()
  await page.setViewportSize({ width: 1400, height: 800 })
  await expect.poll(() => width('.split-left')).toBe(720)

  // A width chosen with the keyboard is remembered across a reload.
  await page.getByRole('separator', { name: 'Resize list' }).focus()
  await page.keyboard.press('ArrowLeft')
  await expect.poll(() => width('.split-left')).toBe(696)
  await page.reload()
  await expect(page.getByTestId('delivery-row')).toHaveCount(1)
  await expect.poll(() => width('.split-left')).toBe(696)
})

test('the endpoint dialog says when the attempts would go out, as the engine computes them', async ({ page }) => {
  const dlg = await newEndpointDialog(page, 'Planned', 'http://127.0.0.1:9/hook', 'none')
  const plan = dlg.getByTestId('retry-plan')
  await expect(plan).toHaveText('8 attempts: the first at once, then each after a random wait of up to 1s, 2s, 4s, 8s, 16s, 32s, 1m 4s (full jitter); the last within 2m 7s at most. A 4xx answer ends it (but 408, 409, 425, 429).')
  await dlg.getByLabel('Schedule').selectOption('preset')
  await expect(plan).toHaveText('8 attempts: the first at once, then after 5s, 5m, 30m, 2h, 5h, 10h, 10h; the last 1d 3h after the first. Any answer but a 2xx is retried, a 4xx too, as the provider does.')
  await expect(dlg.getByText('full jitter')).toHaveCount(0) // jitter is for exponential schedules only
  // A preset is a whole schedule: Stripe's three days are 15 attempts, and max attempts follows.
  await dlg.getByLabel('Preset').selectOption('stripe')
  await expect(dlg.getByLabel('Max attempts')).toHaveValue('15')
  await expect(plan).toHaveText('15 attempts: the first at once, then after 1m, 2m, 4m, 8m, 16m, 32m, …, 12h, 12h; the last 2d 17h after the first. Any answer but a 2xx is retried, a 4xx too, as the provider does.')
  await dlg.getByLabel('Schedule').selectOption('list')
  await dlg.getByLabel('Delays').fill('1s, 5s')
  await dlg.getByLabel('Max attempts').fill('4')
  await dlg.getByLabel('Time scale').fill('0.5')
  await expect(plan).toHaveText('4 attempts: the first at once, then after 500ms, 2.5s, 2.5s; the last 5.5s after the first. A 4xx answer ends it (but 408, 409, 425, 429).')
  await dlg.getByLabel('Delays').fill('soon') // not a duration: no plan, the field says why
  await expect(plan).toHaveCount(0)
  // Saved, the endpoint's detail says the same.
  await dlg.getByLabel('Delays').fill('1s, 5s')
  await dlg.getByTestId('endpoint-save').click()
  await expect(dlg).toBeHidden()
  await page.getByTestId('endpoint-row').filter({ hasText: 'Planned' }).click()
  await expect(page.getByTestId('retry-plan')).toHaveText('4 attempts: the first at once, then after 500ms, 2.5s, 2.5s; the last 5.5s after the first. A 4xx answer ends it (but 408, 409, 425, 429).')
})

test("Settings: accepting a dev server's certificate on this machine is on by default, and turning it off is kept", async ({ page }) => {
  await gotoView(page, 'settings')
  const box = page.getByLabel(/Accept a dev server's own certificate on this machine/)
  await expect(box).toBeChecked()
  await box.uncheck()
  await expect(page.getByText('Settings saved')).toBeVisible()
  await page.reload()
  await gotoView(page, 'settings')
  await expect(page.getByLabel(/Accept a dev server's own certificate on this machine/)).not.toBeChecked()
})
