// A 9 MB one-line JSON capture opened in Send: the editor shows it in its plain mode and says so, takes
// typing (the JSON check follows it), shows the draft again after leaving Send, and what is sent is the
// body shown, byte for byte. How long each step takes is not a pass/fail matter (timings belong in the bench).
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHash } from 'node:crypto'
import { test, expect } from './fixtures'
import { createInbox, gotoView } from './ui-helpers'

test.setTimeout(180_000)

/** About 9 MB of minified JSON on one line (like an export or a big batch webhook). */
function bigJson(): string {
  const items: unknown[] = []
  for (let i = 0, size = 0; size < 9_000_000; i++) {
    const item = { id: i, name: `item-${i}`, tags: ['a', 'b'], v: i / 7 }
    size += JSON.stringify(item).length + 1
    items.push(item)
  }
  items.push({ id: 'LAST', needle: 'zebra-needle-at-the-end' })
  return JSON.stringify({ items })
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex')

test('a 9 MB JSON capture opened in Send takes typing, in the plain editor, and is sent byte for byte', async ({ page }) => {
  const got: Buffer[] = []
  const sink = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      got.push(Buffer.concat(chunks))
      res.end('ok')
    })
  })
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r))
  try {
    const body = bigJson()
    const url = await createInbox(page, 'big')
    expect((await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } })).status).toBe(200)
    await page.getByTestId('capture-row').first().click()
    await expect(page.getByTestId('capture-detail')).toBeVisible()

    // Open in Send: the editor shows the body (how long it takes is measured by hand, not here: see the commit).
    await page.getByTestId('capture-open-in-send').click()
    const content = page.getByTestId('body-editor').locator('.cm-content')
    await expect(content).toBeVisible({ timeout: 30_000 })
    await expect(content).toContainText('{"items":[{"id":0,"name":"item-0"', { timeout: 30_000 })

    // Break the JSON at its end and mend it again: both are seen (the check runs on the large body).
    await content.click()
    await page.keyboard.press('ControlOrMeta+End')
    await page.keyboard.press('Backspace')
    await expect(page.getByTestId('json-error')).toBeVisible({ timeout: 20_000 })
    await page.keyboard.type('}')
    await expect(page.getByTestId('json-error')).toHaveCount(0, { timeout: 20_000 })

    // Away and back: Send shows the draft again.
    await gotoView(page, 'inbox')
    await expect(page.getByTestId('capture-detail')).toBeVisible()
    await gotoView(page, 'send')
    await expect(content).toContainText('{"items":[{"id":0', { timeout: 30_000 })

    // With a URL the preview signs the whole body: typing goes on while it does.
    await page.getByRole('radio', { name: 'Ad-hoc URL' }).click()
    await page.getByTestId('adhoc-url').fill(`http://127.0.0.1:${(sink.address() as AddressInfo).port}/big`)
    await expect(page.getByTestId('preview-target')).toBeVisible({ timeout: 20_000 })
    await content.click()
    await page.keyboard.press('ControlOrMeta+End')
    await page.keyboard.press('Backspace')
    await page.keyboard.type('}')
    await page.waitForTimeout(3000)
    await expect(page.getByTestId('json-error')).toHaveCount(0)
    // One line says why the editor is plain.
    await expect(page.getByTestId('large-body-note')).toContainText('plain editor')

    // Sent to the URL: the sink gets exactly the captured bytes, the body shown (no pretty-printing on the way).
    await page.getByTestId('send-button').click()
    await expect(page.getByTestId('nav-deliveries')).toHaveAttribute('aria-current', 'page', { timeout: 30_000 })
    await expect.poll(() => got.length, { timeout: 30_000 }).toBe(1)
    expect(got[0]!.length).toBe(Buffer.byteLength(body))
    expect(sha(got[0]!)).toBe(sha(body))
  } finally {
    sink.close()
  }
})
