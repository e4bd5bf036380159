// Export from the UI downloads one document that matches the published schema: the attempt log
// (hooklab.attempts/v1) from Deliveries, the captures (hooklab.captures/v1) from the Inbox.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { test, expect } from './fixtures'
import { createEndpoint, createInbox, sendTo } from './ui-helpers'

const schemaOf = (name: string) => z.fromJSONSchema(JSON.parse(readFileSync(join(__dirname, `../../resources/schema/${name}.schema.json`), 'utf8')) as never)
const schema = schemaOf('hooklab.attempts.v1')

test('export downloads a valid hooklab.attempts/v1 file', async ({ page }) => {
  const url = await createInbox(page, 'sink')
  await createEndpoint(page, 'Sink', url)
  await sendTo(page, 'Sink', '{"hello":"{{counter}}"}', 3)
  await expect(page.getByTestId('delivery-row')).toHaveCount(3)
  await expect(page.getByTestId('delivery-row').getByTestId('status-badge').filter({ hasText: 'delivered' })).toHaveCount(3, { timeout: 15_000 })

  await page.getByTestId('open-export').click()
  const dlg = page.getByTestId('export-dialog')
  await dlg.getByLabel('Status').selectOption('delivered')
  const [download] = await Promise.all([page.waitForEvent('download'), dlg.getByTestId('export-submit').click()])
  expect(download.suggestedFilename()).toMatch(/^hooklab-attempts-.*\.json$/)
  const file = await download.path()
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { format: string; filters: { status: string | null }; deliveries: { attempts: unknown[] }[] }
  expect(doc.format).toBe('hooklab.attempts/v1')
  expect(doc.filters.status).toBe('delivered')
  expect(doc.deliveries).toHaveLength(3)
  for (const d of doc.deliveries) expect(d.attempts.length).toBeGreaterThan(0)
  expect(schema.safeParse(doc).success).toBe(true)
  // Secrets never leave: the generated whsec_ secret is not in the file.
  expect(readFileSync(file, 'utf8')).not.toContain('whsec_')
})

test('the inbox exports its captures as a valid hooklab.captures/v1 file', async ({ page }) => {
  const other = await createInbox(page, 'other')
  const url = await createInbox(page, 'github')
  await fetch(other, { method: 'POST', body: '{"not":"this one"}' })
  const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00])
  await fetch(new URL('push', url), { method: 'POST', body: '{"ref":"refs/heads/main"}', headers: { 'content-type': 'application/json', 'x-github-event': 'push' } })
  await fetch(new URL('png', url), { method: 'POST', body: bytes, headers: { 'content-type': 'image/png' } })
  await expect(page.getByTestId('capture-row')).toHaveCount(2)

  await page.getByTestId('open-capture-export').click()
  const dlg = page.getByTestId('capture-export-dialog')
  // Opened from the github inbox, it exports that inbox unless the user picks another.
  await expect(dlg.getByLabel('Inbox')).toHaveValue(/.+/)
  await expect(dlg.getByLabel('Inbox').locator('option:checked')).toHaveText(/^github/)
  const [download] = await Promise.all([page.waitForEvent('download'), dlg.getByTestId('export-submit').click()])
  expect(download.suggestedFilename()).toMatch(/^hooklab-captures-.*\.json$/)
  const doc = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
    format: string
    captures: Array<{ event: string | null; request: { path: string; encoding: string; body: string } }>
  }
  expect(doc.format).toBe('hooklab.captures/v1')
  expect(schemaOf('hooklab.captures.v1').safeParse(doc).success).toBe(true)
  expect(doc.captures.map((c) => c.request.path)).toEqual(['/in/github/push', '/in/github/png'])
  expect(doc.captures[0]!.event).toBe('push')
  expect(doc.captures[1]!.request.encoding).toBe('base64')
  expect([...Buffer.from(doc.captures[1]!.request.body, 'base64')]).toEqual([...bytes])
})

test('captures exported on one machine are imported on another, into their inbox, and only once', async ({ page }) => {
  const url = await createInbox(page, 'github')
  await fetch(new URL('push', url), { method: 'POST', body: '{"ref":"refs/heads/main"}', headers: { 'content-type': 'application/json', 'x-github-event': 'push' } })
  await fetch(new URL('png', url), { method: 'POST', body: new Uint8Array([0x89, 0x50, 0xff, 0x00]), headers: { 'content-type': 'image/png' } })
  await expect(page.getByTestId('capture-row')).toHaveCount(2)
  await page.getByTestId('open-capture-export').click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('capture-export-dialog').getByTestId('export-submit').click()])
  // As a colleague's machine would have it: other ids, their inbox "from-alice".
  const doc = JSON.parse(readFileSync(await download.path(), 'utf8')) as { captures: Array<{ id: string; inbox: { slug: string } }> }
  for (const c of doc.captures) {
    c.id = `${c.id}a`
    c.inbox.slug = 'from-alice'
  }
  const file = { name: 'alice.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) }

  await page.getByTestId('import-captures-file').setInputFiles(file)
  await expect(page.getByTestId('toast-info').last()).toContainText('Imported 2 captures into from-alice')
  await expect(page.getByTestId('inbox-select').locator('option:checked')).toHaveText(/^from-alice/)
  const rows = page.getByTestId('capture-row')
  await expect(rows).toHaveCount(2)
  await rows.filter({ hasText: '/in/github/push' }).click()
  await expect(page.getByTestId('capture-detail')).toContainText('refs/heads/main')

  await page.getByTestId('import-captures-file').setInputFiles(file)
  await expect(page.getByTestId('toast-info').last()).toContainText('2 were here already')
  await expect(rows).toHaveCount(2)
  // Not a captures export: said so, nothing imported.
  await page.getByTestId('import-captures-file').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"hooklab.attempts/v1"}') })
  await expect(page.getByTestId('toast-error').last()).toContainText('Not a hooklab.captures/v1 document')
})

test('endpoints exported as a config file come back with Import config, without their secrets', async ({ page }) => {
  const url = await createInbox(page, 'cfg')
  await createEndpoint(page, 'Billing', url)
  await page.getByTestId('nav-endpoints').click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export config' }).click()])
  const text = readFileSync(await download.path(), 'utf8')
  expect(text).toContain('Billing')
  expect(text).not.toMatch(/whsec_/)
  const renamed = text.replace('"Billing"', '"Billing (imported)"')
  await page.getByLabel('Import config file').setInputFiles({ name: 'hooklab.config.json', mimeType: 'application/json', buffer: Buffer.from(renamed) })
  const toast = page.getByTestId('toast-info').last()
  await expect(toast).toContainText('Imported 1 endpoint and 0 templates')
  await expect(toast).toContainText('1 signed endpoint stays disabled until you set its secret')
  const row = page.getByTestId('endpoint-row').filter({ hasText: 'Billing (imported)' })
  await row.click()
  await expect(page.getByText('no secret yet: set it, then enable the endpoint')).toBeVisible()
})
