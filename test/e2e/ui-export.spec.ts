// Export from the UI downloads one hooklab.attempts/v1 document that matches the published schema.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { test, expect } from './fixtures'
import { createEndpoint, createInbox, sendTo } from './ui-helpers'

const schema = z.fromJSONSchema(JSON.parse(readFileSync(join(__dirname, '../../resources/schema/hooklab.attempts.v1.schema.json'), 'utf8')) as never)

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
