// Inbox: signed requests sent with fetch show the right verdicts and the explainer; a hostile
// body stays text (no dialog, no element created from it).
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createHmac } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { Webhook } from 'standardwebhooks'
import { Agent, request as undiciRequest } from 'undici'
import { test, expect } from './fixtures'
import { CURL_MISSING } from '../fixtures/curl'
import { createInbox, fillHmac, gotoView, setEditorText } from './ui-helpers'

const SECRET = 'whsec_' + Buffer.from('hooklab-e2e-secret-0123456789abcd').toString('base64')

test('valid and invalid signatures show their verdicts and the explainer', async ({ page }) => {
  const url = (await createInbox(page, 'signed', { verify: { scheme: 'standard', secret: SECRET } })).replace(/\/$/, '')
  const body = JSON.stringify({ type: 'invoice.paid', id: 'evt_1' })
  const id = 'msg_e2e_valid'
  const ts = new Date()
  const sig = new Webhook(SECRET).sign(id, ts, body)
  const headers = { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(ts.getTime() / 1000)) }
  expect((await fetch(url + '/good', { method: 'POST', body, headers: { ...headers, 'webhook-signature': sig } })).status).toBeLessThan(500)
  const tampered = body.replace('evt_1', 'evt_2')
  await fetch(url + '/bad', { method: 'POST', body: tampered, headers: { ...headers, 'webhook-id': 'msg_e2e_bad', 'webhook-signature': sig } })

  // Signed correctly but an hour ago: the engine's explainer says the signature matched.
  const old = new Date(Date.now() - 3_600_000)
  const oldSig = new Webhook(SECRET).sign('msg_e2e_old', old, body)
  await fetch(url + '/stale', {
    method: 'POST',
    body,
    headers: { ...headers, 'webhook-id': 'msg_e2e_old', 'webhook-timestamp': String(Math.floor(old.getTime() / 1000)), 'webhook-signature': oldSig },
  })

  const rows = page.getByTestId('capture-row')
  await expect(rows).toHaveCount(3, { timeout: 10_000 })

  await rows.filter({ hasText: '/good' }).click()
  const detail = page.getByTestId('capture-detail')
  await expect(detail.getByTestId('verdict')).toHaveAttribute('data-valid', 'true')
  await expect(detail.getByTestId('verdict')).toContainText('verified')

  await rows.filter({ hasText: '/bad' }).click()
  await expect(detail.getByTestId('verdict')).toHaveAttribute('data-valid', 'false')
  await expect(detail.getByTestId('verdict')).toContainText('invalid')
  await expect(detail.getByTestId('verdict-reason')).toContainText(/mismatch/i)
  await expect(detail.getByTestId('verdict-explainer')).not.toBeEmpty()
  await expect(detail.getByTestId('capture-headers')).toContainText('msg_e2e_bad')

  await rows.filter({ hasText: '/stale' }).click()
  await expect(detail.getByTestId('verdict')).toHaveAttribute('data-valid', 'false')
  await expect(detail.getByTestId('verdict-reason')).toContainText(/old/)
  await expect(detail.getByTestId('verdict-explainer')).toContainText('signature matches')
})

test('a capture replayed to a verifying inbox: as captured it verifies, edited it does not, edited and re-signed it does', async ({ page }) => {
  const dst = (await createInbox(page, 'dst', { verify: { scheme: 'standard', secret: SECRET } })).replace(/\/$/, '')
  const src = await createInbox(page, 'src')
  const body = JSON.stringify({ type: 'invoice.paid', amount: 1 })
  const ts = new Date()
  const signed = { 'webhook-id': 'msg_replayed', 'webhook-timestamp': String(Math.floor(ts.getTime() / 1000)), 'webhook-signature': new Webhook(SECRET).sign('msg_replayed', ts, body) }
  await fetch(src, { method: 'POST', body, headers: { 'content-type': 'application/json', ...signed } })
  await page.getByTestId('capture-row').first().click()

  const replay = async (path: string, edited: string | null, resign: boolean, bare = false): Promise<void> => {
    await page.getByTestId('capture-replay').click()
    const dlg = page.getByTestId('capture-replay-dialog')
    // Typed without its scheme (as copied from a terminal): it goes over http://, and the dialog says so.
    await dlg.getByLabel('Target URL').fill(bare ? dst.replace(/^http:\/\//, '') + path : dst + path)
    if (bare) await expect(dlg.getByTestId('replay-target-hint')).toContainText(`Goes to ${dst}${path}`)
    else await expect(dlg.getByTestId('replay-target-hint')).toHaveCount(0)
    if (resign) {
      await dlg.getByRole('radio', { name: 're-sign' }).click()
      await dlg.getByLabel('Scheme').selectOption('standard')
      await dlg.getByLabel('Secret').fill(SECRET)
    }
    if (edited !== null) {
      await dlg.getByTestId('capture-replay-edit').check()
      await expect(dlg.getByTestId('capture-replay-edit-note')).toContainText(resign ? 'Signed over the edited body' : 'should reject this')
      await setEditorText(page, 'capture-replay-editor', edited)
      await expect(dlg.getByTestId('capture-replay-diff')).toContainText(edited)
    }
    await dlg.getByTestId('capture-replay-send').click()
    await expect(dlg).toBeHidden()
  }
  await replay('/as-captured', null, false, true)
  await replay('/edited', '{"type":"invoice.paid","amount":2}', false)
  await replay('/re-signed', '{"type":"invoice.paid","amount":3}', true)

  const select = page.getByTestId('inbox-select')
  await select.selectOption((await select.locator('option', { hasText: /^dst / }).getAttribute('value')) ?? '')
  const rows = page.getByTestId('capture-row')
  await expect(rows).toHaveCount(3, { timeout: 15_000 })
  const detail = page.getByTestId('capture-detail')
  for (const [path, valid, amount] of [['/as-captured', 'true', 1], ['/edited', 'false', 2], ['/re-signed', 'true', 3]] as const) {
    await rows.filter({ hasText: path }).click()
    await expect(detail.getByTestId('verdict')).toHaveAttribute('data-valid', valid)
    await expect(detail.getByTestId('capture-body').getByTestId('body-text')).toContainText(`"amount": ${amount}`)
  }
})

const ACME = { header: 'X-Acme-Signature', encoding: 'base64', prefix: 'sha256=' }

test('custom HMAC: an inbox verifies it (settings kept when reopened), a re-signed capture replay and an ad-hoc send sign with it', async ({ page }) => {
  const url = await createInbox(page, 'custom')
  await page.getByTestId('inbox-settings').click()
  const dlg = page.getByTestId('inbox-settings-dialog')
  await dlg.getByTestId('verify-scheme').selectOption('hmac')
  await expect(dlg.getByLabel('Tolerance (s)')).toHaveCount(0) // nothing timestamped to tolerate
  await dlg.getByTestId('verify-secret').fill('s3cret')
  await fillHmac(dlg, ACME)
  await dlg.getByTestId('inbox-save').click()
  await expect(dlg).toBeHidden()

  const body = '{"event":"order.paid"}'
  const sig = 'sha256=' + createHmac('sha256', 's3cret').update(body).digest('base64')
  await fetch(url + 'good', { method: 'POST', body, headers: { 'content-type': 'application/json', 'X-Acme-Signature': sig } })
  await fetch(url + 'bad', { method: 'POST', body: body.replace('paid', 'void'), headers: { 'content-type': 'application/json', 'X-Acme-Signature': sig } })
  const rows = page.getByTestId('capture-row')
  await expect(rows).toHaveCount(2, { timeout: 10_000 })
  const verdict = page.getByTestId('capture-detail').getByTestId('verdict')
  await rows.filter({ hasText: '/good' }).click()
  await expect(verdict).toHaveAttribute('data-valid', 'true')
  await rows.filter({ hasText: '/bad' }).click()
  await expect(verdict).toHaveAttribute('data-valid', 'false')

  await page.getByTestId('inbox-settings').click()
  await expect(dlg.getByTestId('verify-scheme')).toHaveValue('hmac')
  await expect(dlg.getByLabel('Header', { exact: true })).toHaveValue('X-Acme-Signature')
  await expect(dlg.getByLabel('Encoding')).toHaveValue('base64')
  await expect(dlg.getByLabel('Prefix')).toHaveValue('sha256=')
  await page.keyboard.press('Escape')

  // The tampered capture, replayed re-signed with the same custom HMAC, verifies.
  await rows.filter({ hasText: '/bad' }).click()
  await page.getByTestId('capture-replay').click()
  const replay = page.getByTestId('capture-replay-dialog')
  await replay.getByLabel('Target URL').fill(url + 'resigned')
  await replay.getByRole('radio', { name: 're-sign' }).click()
  await replay.getByLabel('Scheme').selectOption('hmac')
  await replay.getByLabel('Secret').fill('s3cret')
  await fillHmac(replay, ACME)
  await replay.getByTestId('capture-replay-send').click()
  await expect(replay).toBeHidden()

  // And so does a webhook sent from the Send view to the URL, signed with that custom HMAC.
  await gotoView(page, 'send')
  await page.getByRole('radio', { name: 'Ad-hoc URL' }).click()
  await page.getByTestId('adhoc-url').fill(url + 'composed')
  await page.getByLabel('Signing').selectOption('hmac')
  await page.getByLabel('Secret').fill('s3cret')
  await fillHmac(page, ACME)
  await expect(page.getByTestId('preview-headers')).toContainText(/X-Acme-Signature\s*sha256=[A-Za-z0-9+/]+=*/)
  await page.getByTestId('send-button').click()
  // Sending shows Deliveries once the send is queued: wait for that before going elsewhere.
  await expect(page.getByTestId('nav-deliveries')).toHaveAttribute('aria-current', 'page')

  await gotoView(page, 'inbox')
  await expect(rows).toHaveCount(4, { timeout: 10_000 })
  for (const path of ['/resigned', '/composed']) {
    await rows.filter({ hasText: path }).click()
    await expect(verdict).toHaveAttribute('data-valid', 'true')
  }
})

test('a hostile capture body stays inert text', async ({ page }) => {
  let dialogs = 0
  page.on('dialog', (d) => {
    dialogs++
    void d.dismiss()
  })
  const url = await createInbox(page, 'xss')
  const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>'
  await fetch(url, { method: 'POST', body: hostile, headers: { 'content-type': 'text/html', 'x-evil': '<img src=y onerror=alert(3)>' } })
  const row = page.getByTestId('capture-row').first()
  await expect(row).toBeVisible({ timeout: 10_000 })
  await row.click()
  const detail = page.getByTestId('capture-detail')
  await expect(detail.getByTestId('capture-body')).toContainText(hostile)
  await expect(detail.getByTestId('capture-headers')).toContainText('<img src=y onerror=alert(3)>')
  // Nothing from the body became an element, and nothing ran.
  await expect(page.locator('img[src="x"], img[src="y"]')).toHaveCount(0)
  await expect(page.locator('#root script')).toHaveCount(0)
  for (const mode of ['raw', 'hex']) await detail.getByRole('tab', { name: mode }).click()
  await page.waitForTimeout(200)
  expect(dialogs).toBe(0)
})

test('a body whose Content-Type says JSON but does not parse is pointed out, with where', async ({ page }) => {
  const url = await createInbox(page, 'badjson')
  await fetch(url, { method: 'POST', body: '{"ok":true}', headers: { 'content-type': 'application/json' } })
  await fetch(url, { method: 'POST', body: '{"a":1,\n "b":}', headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' } })
  const rows = page.getByTestId('capture-row')
  await expect(rows).toHaveCount(2, { timeout: 10_000 })
  const body = page.getByTestId('capture-detail').getByTestId('capture-body')
  await rows.nth(0).click() // newest first: the broken one
  await expect(body.getByTestId('body-note')).toContainText('Content-Type says JSON, but the body is not valid JSON')
  await expect(body.getByTestId('body-note')).toHaveText("Content-Type says JSON, but the body is not valid JSON: Unexpected token '}' (line 2, column 6).")
  await expect(body.getByTestId('body-text')).toHaveText('{"a":1,\n "b":}')
  await rows.nth(1).click()
  await expect(body.getByTestId('body-text')).toContainText('"ok": true')
  await expect(body.getByTestId('body-note')).toHaveCount(0)
})

test("a form post (Slack's interactive payload) shows its fields decoded, the JSON one pretty; the query is a table too", async ({ page }) => {
  const url = await createInbox(page, 'slack')
  const payload = JSON.stringify({ type: 'block_actions', user: { id: 'U1', name: 'ada' }, actions: [{ action_id: 'approve' }] })
  const form = `payload=${encodeURIComponent(payload)}&team_id=T123&text=deploy+api+to+prod&tag=a&tag=b`
  await fetch(url + 'interactive?retry=1&source=slack%20app', { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  await page.getByTestId('capture-row').first().click()
  const detail = page.getByTestId('capture-detail')
  const fields = detail.getByTestId('capture-body').getByTestId('body-form')
  await expect(detail.getByTestId('capture-body').getByRole('tab', { name: 'form' })).toHaveAttribute('aria-selected', 'true')
  await expect(fields.locator('th')).toHaveText(['payload', 'team_id', 'text', 'tag', 'tag'])
  await expect(fields.locator('td')).toHaveText([JSON.stringify(JSON.parse(payload), null, 2), 'T123', 'deploy api to prod', 'a', 'b'])
  await expect(detail.getByTestId('capture-query').locator('td')).toHaveText(['1', 'slack app'])
  await detail.getByTestId('capture-body').getByRole('tab', { name: 'raw' }).click()
  await expect(detail.getByTestId('capture-body').getByTestId('body-text')).toHaveText(form)
})

test('a multipart post (SendGrid Inbound Parse) shows its parts: text fields, JSON pretty, a file with its name, type and size', async ({ page }) => {
  const url = await createInbox(page, 'parse')
  const form = new FormData()
  form.append('from', 'Ada <ada@example.com>')
  form.append('envelope', '{"to":["in@parse.example.com"],"from":"ada@example.com"}')
  form.append('attachment1', new Blob([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0xff])], { type: 'application/pdf' }), 'invoice.pdf')
  await fetch(url, { method: 'POST', body: form })
  await page.getByTestId('capture-row').first().click()
  const body = page.getByTestId('capture-detail').getByTestId('capture-body')
  await expect(body.getByRole('tab', { name: 'parts' })).toHaveAttribute('aria-selected', 'true')
  const parts = body.getByTestId('body-parts')
  await expect(parts.locator('th')).toHaveText(['from', 'envelope', 'attachment1'])
  await expect(parts.locator('td').nth(0)).toHaveText('Ada <ada@example.com>')
  await expect(parts.locator('td').nth(1)).toHaveText(JSON.stringify({ to: ['in@parse.example.com'], from: 'ada@example.com' }, null, 2))
  await expect(parts.locator('td').nth(2)).toContainText('invoice.pdf')
  await expect(parts.locator('td').nth(2)).toContainText('application/pdf · 6 B')
  const download = page.waitForEvent('download')
  await parts.locator('td').nth(2).getByRole('button', { name: 'Download' }).click()
  expect((await download).suggestedFilename()).toBe('invoice.pdf')
  expect([...readFileSync((await (await download).path())!)]).toEqual([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]) // the bytes as sent
})

test('a gzip-encoded webhook is shown decoded, with the bytes as received one click away', async ({ page }) => {
  const url = await createInbox(page, 'gz')
  const json = '{"type":"invoice.paid","amount":4200}'
  await fetch(url + '?source=gz', { method: 'POST', body: gzipSync(json), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } })
  await expect(page.getByTestId('capture-row').first()).toContainText('/in/gz/?source=gz') // the list shows the query too
  await page.getByTestId('capture-row').first().click()
  const detail = page.getByTestId('capture-detail')
  await expect(detail.getByTestId('body-decoding')).toContainText('Content-Encoding gzip')
  await expect(detail.getByTestId('capture-event')).toHaveText('event invoice.paid (body.type)') // read from the decoded body
  await expect(detail.getByTestId('capture-body').getByTestId('body-text')).toContainText('"amount": 4200')
  await detail.getByText('As received (gzip)').click()
  await detail.getByTestId('capture-body-received').getByRole('tab', { name: 'hex' }).click()
  await expect(detail.getByTestId('capture-body-received').getByTestId('body-text')).toContainText('1f 8b') // the gzip magic
  // A plain JSON webhook names its event in its row too, live and after a reload.
  await fetch(url, { method: 'POST', body: '{"type":"customer.created"}', headers: { 'content-type': 'application/json' } })
  await expect(page.getByTestId('capture-row').first().getByTestId('capture-row-event')).toHaveText('customer.created')
  await page.reload() // the same inbox comes back (remembered), its rows from captures.list
  await expect(page.getByTestId('inbox-select').locator('option:checked')).toHaveText(/^gz /)
  await expect(page.getByTestId('capture-row').first().getByTestId('capture-row-event')).toHaveText('customer.created')
  // The gzip one names its event in its row too, read from the decoded body (it showed none).
  await expect(page.getByTestId('capture-row').nth(1).getByTestId('capture-row-event')).toHaveText('invoice.paid')
})

test('a redelivered webhook is marked as a duplicate, and the marker opens the first capture', async ({ page }) => {
  const url = (await createInbox(page, 'dups')).replace(/\/$/, '')
  const headers = { 'content-type': 'application/json', 'webhook-id': 'msg_e2e_twice' }
  await fetch(url + '/first', { method: 'POST', body: '{"try":1}', headers })
  const rows = page.getByTestId('capture-row')
  await expect(rows).toHaveCount(1, { timeout: 10_000 })
  await fetch(url + '/again', { method: 'POST', body: '{"try":2}', headers })
  await expect(rows).toHaveCount(2, { timeout: 10_000 })

  await rows.filter({ hasText: '/first' }).click()
  const detail = page.getByTestId('capture-detail')
  await expect(detail.locator('.detail-head h2')).toContainText('/first')
  await expect(detail.getByTestId('duplicate')).toHaveCount(0)
  const firstId = (await detail.locator('.detail-head .small .mono').last().innerText()).trim()

  await rows.filter({ hasText: '/again' }).click()
  await expect(detail.locator('.detail-head h2')).toContainText('/again')
  await expect(detail.getByTestId('duplicate')).toContainText(`duplicate of ${firstId}`)
  await detail.getByTestId('duplicate').click()
  await expect(detail.locator('.detail-head h2')).toContainText('/first')
  await expect(rows.filter({ hasText: '/first' })).toHaveAttribute('aria-selected', 'true')
})

test('an inbox is deleted from its settings, after a confirmation naming its captures; the default inbox cannot be', async ({ page }) => {
  const url = (await createInbox(page, 'temp')).replace(/\/$/, '')
  await fetch(url + '/one', { method: 'POST', body: '{}' })
  await expect(page.getByTestId('capture-row')).toHaveCount(1, { timeout: 10_000 })

  await page.getByTestId('inbox-settings').click()
  const dlg = page.getByTestId('inbox-settings-dialog')
  // The app's own confirmation, with the current count; Cancel has the focus (Enter deletes nothing).
  const confirm = page.getByTestId('confirm-dialog')
  await dlg.getByTestId('inbox-delete').click()
  await expect(confirm.getByTestId('confirm-message')).toContainText('Delete inbox "temp" and its 1 capture?')
  await expect(confirm.getByTestId('confirm-cancel')).toBeFocused()
  await page.keyboard.press('Escape')
  // Cancelled: nothing deleted.
  await expect(confirm).toBeHidden()
  await expect(dlg).toBeVisible()
  await expect(page.getByTestId('inbox-select').locator('option')).toHaveCount(2)
  await dlg.getByTestId('inbox-delete').click()
  await confirm.getByTestId('confirm-ok').click()
  await expect(dlg).toBeHidden()
  await expect(page.getByTestId('inbox-select').locator('option')).toHaveText([/^default \(/])
  expect((await fetch(url + '/two', { method: 'POST', body: '{}' })).status).toBe(404)

  // The default inbox offers no delete (it catches every path outside /in/<slug>/).
  await page.getByTestId('inbox-settings').click()
  await expect(page.getByTestId('inbox-settings-dialog')).toBeVisible()
  await expect(page.getByTestId('inbox-delete')).toHaveCount(0)
})

test('Copy as cURL on a capture gives a command that, run in a shell, captures the same request again', async ({ page, hooklab }) => {
  if (CURL_MISSING) console.log(`${test.info().title}: ${CURL_MISSING}`)
  test.skip(CURL_MISSING !== null, CURL_MISSING ?? '')
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(hooklab.url).origin })
  const url = (await createInbox(page, 'again')).replace(/\/$/, '')
  const body = `{"note": "it's here", "n": 1}`
  await fetch(url + '/orders?from=test', { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-trace': 'abc 123' } })
  const rows = page.getByTestId('capture-row')
  await expect(rows).toHaveCount(1, { timeout: 10_000 })
  await rows.first().click()
  await page.getByRole('button', { name: 'Copy as cURL', exact: true }).click()
  const cmd = await page.evaluate(() => navigator.clipboard.readText())
  expect(cmd).toContain(`curl -X POST '${url}/orders?from=test'`)

  execFileSync('sh', ['-c', `${cmd} --silent --output /dev/null`], { timeout: 10_000 })
  await expect(rows).toHaveCount(2, { timeout: 10_000 })
  await rows.first().click()
  const detail = page.getByTestId('capture-detail')
  await expect(detail.locator('.detail-head h2')).toHaveText('/in/again/orders?from=test')
  await expect(detail.getByTestId('capture-headers')).toContainText('abc 123')
  await expect(detail.getByTestId('capture-body')).toContainText(`"note": "it's here"`)
})

test('one capture is deleted from its detail; the next one is shown and the deletion survives a reload', async ({ page }) => {
  const url = (await createInbox(page, 'del')).replace(/\/$/, '')
  const rows = page.getByTestId('capture-row')
  for (const [i, p] of ['/a', '/b', '/c'].entries()) {
    await fetch(url + p, { method: 'POST', body: '{}' })
    await expect(rows).toHaveCount(i + 1, { timeout: 10_000 })
  }
  await rows.filter({ hasText: '/in/del/b' }).click()
  const detail = page.getByTestId('capture-detail')
  await expect(detail.locator('.detail-head h2')).toHaveText('/in/del/b')
  await detail.getByTestId('capture-delete').click()
  await expect(rows).toHaveCount(2)
  await expect(rows.filter({ hasText: '/in/del/b' })).toHaveCount(0)
  // Newest first (c, b, a): the row after the deleted one is shown.
  await expect(detail.locator('.detail-head h2')).toHaveText('/in/del/a')
  await expect(page.getByTestId('inbox-select')).toContainText('del (2)')

  await page.reload()
  await gotoView(page, 'inbox')
  await page.getByTestId('inbox-select').selectOption({ label: 'del (2)' })
  await expect(rows).toHaveCount(2)
  await expect(rows.filter({ hasText: '/in/del/b' })).toHaveCount(0)
})

test('a body is copied as shown (pretty or raw); a binary one offers no lossy copy', async ({ page, hooklab }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(hooklab.url).origin })
  const url = await createInbox(page, 'copy')
  await fetch(url, { method: 'POST', body: '{"a":1,"b":[true]}', headers: { 'content-type': 'application/json' } })
  await page.getByTestId('capture-row').first().click()
  const body = page.getByTestId('capture-detail').getByTestId('capture-body')
  await body.getByRole('button', { name: 'Copy captured body (pretty)' }).click()
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('{\n  "a": 1,\n  "b": [\n    true\n  ]\n}')
  await body.getByRole('tab', { name: 'raw' }).click()
  await body.getByRole('button', { name: 'Copy captured body', exact: true }).click()
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('{"a":1,"b":[true]}')
  await fetch(url, { method: 'POST', body: new Uint8Array([0xff, 0xfe, 0x00, 0x41]), headers: { 'content-type': 'application/octet-stream' } })
  await expect(page.getByTestId('capture-row')).toHaveCount(2)
  await page.getByTestId('capture-row').first().click()
  await expect(body.getByRole('tab', { name: 'raw' })).toBeVisible()
  await expect(body.getByRole('button', { name: /^Copy/ })).toHaveCount(0)
})

test('an inbox answers with its own headers and body (kept when reopened); a bad header is named before anything is saved', async ({ page }) => {
  const url = await createInbox(page, 'own-answer')
  await page.getByTestId('inbox-settings').click()
  const dlg = page.getByTestId('inbox-settings-dialog')
  await dlg.getByLabel('Response sequence').fill('202')
  await dlg.getByText('Response headers and body').click()
  await dlg.getByLabel('Headers, one per line').fill('Access-Control-Allow-Origin: *\nX-Handled-By: hooklab')
  await dlg.getByLabel('Body', { exact: true }).fill('thanks!')
  await dlg.getByTestId('inbox-save').click()
  await expect(dlg).toBeHidden()
  await expect(page.locator('.inbox-summary')).toContainText('responds 202 with your headers and body')

  const res = await fetch(url + 'hook', { method: 'POST', body: '{}' })
  expect(res.status).toBe(202)
  expect(res.headers.get('access-control-allow-origin')).toBe('*')
  expect(res.headers.get('x-handled-by')).toBe('hooklab')
  expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
  expect(await res.text()).toBe('thanks!')
  // The capture records what was answered.
  await page.getByTestId('capture-row').first().click()
  await expect(page.getByTestId('capture-detail')).toContainText('X-Handled-By')

  await page.getByTestId('inbox-settings').click()
  await expect(dlg.getByTestId('response-custom')).toHaveAttribute('open', '')
  await expect(dlg.getByLabel('Headers, one per line')).toHaveValue('Access-Control-Allow-Origin: *\nX-Handled-By: hooklab')
  await expect(dlg.getByLabel('Body', { exact: true })).toHaveValue('thanks!')
  await dlg.getByLabel('Headers, one per line').fill('just words')
  await dlg.getByTestId('inbox-save').click()
  await expect(dlg.getByTestId('inbox-error')).toHaveText('Response header "just words" is not "Name: value".')
  await dlg.getByLabel('Headers, one per line').fill('Bad Name: x')
  await dlg.getByTestId('inbox-save').click()
  await expect(dlg.getByTestId('inbox-error')).toContainText('"Bad Name" is not a valid header name')
  await dlg.getByRole('button', { name: 'Cancel' }).click()
  // Nothing of the refused edits was saved.
  const again = await fetch(url + 'hook', { method: 'POST', body: '{}' })
  expect(again.headers.get('x-handled-by')).toBe('hooklab')
})

test('requests arriving while the inbox settings are open do not wipe what the user is typing', async ({ page }) => {
  const url = await createInbox(page, 'busy')
  await page.getByTestId('inbox-settings').click()
  const dlg = page.getByTestId('inbox-settings-dialog')
  await dlg.getByLabel('Response sequence').fill('503, 200')
  await dlg.getByText('Response headers and body').click()
  await dlg.getByLabel('Body', { exact: true }).fill('half-typed')
  // A webhook lands meanwhile: the inbox's count moves (the live update reaches the open dialog's inbox).
  await fetch(url + 'hook', { method: 'POST', body: '{}' })
  await expect(page.getByTestId('inbox-select').locator('option:checked')).toHaveText('busy (1)')
  await expect(dlg.getByLabel('Response sequence')).toHaveValue('503, 200')
  await expect(dlg.getByLabel('Body', { exact: true })).toHaveValue('half-typed')
  await dlg.getByTestId('inbox-save').click()
  await expect(dlg).toBeHidden()
  await expect(page.locator('.inbox-summary')).toContainText('responds 503, 200 with your body')
})

test('"Replay all…" sends what the list shows (this inbox, this search) to a URL, oldest first', async ({ page }) => {
  const sink = await createInbox(page, 'my-handler')
  const url = await createInbox(page, 'stripe')
  for (const type of ['invoice.paid', 'customer.created', 'charge.paid'])
    await fetch(url, { method: 'POST', body: JSON.stringify({ type }), headers: { 'content-type': 'application/json' } })
  await expect(page.getByTestId('capture-row')).toHaveCount(3)
  await page.getByLabel('Search captures').fill('paid')
  await expect(page.getByTestId('capture-row')).toHaveCount(2)

  await page.getByTestId('open-replay-captures').click()
  const dlg = page.getByTestId('replay-captures-dialog')
  await expect(dlg).toContainText('Every capture of “stripe” matching “paid”, oldest first')
  await dlg.getByLabel('Target URL').fill(sink)
  await dlg.getByTestId('replay-captures-send').click()
  await expect(dlg).toBeHidden()
  await expect(page.getByText('Replayed 2 captures')).toBeVisible()

  // They arrive at the target in the order they were first received.
  await page.getByLabel('Search captures').fill('')
  const select = page.getByTestId('inbox-select')
  await select.selectOption((await select.locator('option', { hasText: 'my-handler' }).getAttribute('value'))!)
  await expect(page.getByTestId('capture-row')).toHaveCount(2, { timeout: 10_000 })
  await expect(page.getByTestId('capture-row').nth(1)).toContainText('invoice.paid')
  await expect(page.getByTestId('capture-row').nth(0)).toContainText('charge.paid')
})

test('while searching, a webhook that arrives and matches by its body joins the list live; one that does not stays out', async ({ page }) => {
  const url = await createInbox(page, 'live-search')
  const post = (type: string) => fetch(url, { method: 'POST', body: JSON.stringify({ type }), headers: { 'content-type': 'application/json' } })
  await post('charge.failed')
  await expect(page.getByTestId('capture-row')).toHaveCount(1)
  await page.getByLabel('Search captures').fill('invoice.paid')
  await expect(page.getByTestId('capture-row')).toHaveCount(0) // the search is applied
  await post('customer.created')
  await post('invoice.paid')
  await expect(page.getByTestId('inbox-select').locator('option:checked')).toHaveText('live-search (3)')
  await expect(page.getByTestId('capture-row')).toHaveCount(1)
  await expect(page.getByTestId('capture-row')).toContainText('invoice.paid')
})

test('"Open in Send" turns a caught webhook into a draft that goes out edited and freshly signed', async ({ page }) => {
  const target = await createInbox(page, 'my-handler', { verify: { scheme: 'github', secret: 's3cret' } })
  const url = await createInbox(page, 'caught')
  const body = '{"ref":"refs/heads/main","commits":[]}'
  await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-hub-signature-256': 'sha256=from-someone-else' },
  })
  await page.getByTestId('capture-row').first().click()
  await page.getByTestId('capture-open-in-send').click()

  await expect(page.getByTestId('compose')).toBeVisible()
  await expect(page.getByTestId('event-type')).toHaveValue('push')
  await expect(page.getByTestId('body-editor')).toContainText('"ref": "refs/heads/main"')
  const extra = page.getByLabel('Extra headers (Name: value per line)')
  await expect(extra).toHaveValue(/X-GitHub-Event: push/i)
  await expect(extra).not.toHaveValue(/signature/i)

  // Edited and sent to the handler, signed with its secret: the handler's inbox verifies it.
  await setEditorText(page, 'body-editor', '{"ref":"refs/heads/release","commits":[]}')
  await page.getByRole('radio', { name: 'Ad-hoc URL' }).click()
  await page.getByTestId('adhoc-url').fill(target)
  await page.getByLabel('Signing').selectOption('github')
  await page.getByLabel('Secret').fill('s3cret')
  await page.getByTestId('send-button').click()
  // Sending shows Deliveries once the send is queued: wait for that before going elsewhere.
  await expect(page.getByTestId('nav-deliveries')).toHaveAttribute('aria-current', 'page')
  await gotoView(page, 'inbox')
  const select = page.getByTestId('inbox-select')
  await select.selectOption((await select.locator('option', { hasText: 'my-handler' }).getAttribute('value'))!)
  await page.getByTestId('capture-row').first().click()
  await expect(page.getByTestId('capture-detail').getByTestId('verdict')).toHaveAttribute('data-valid', 'true')
  await expect(page.getByTestId('capture-detail')).toContainText('refs/heads/release')
  await expect(page.getByTestId('capture-detail').getByTestId('capture-event')).toContainText('push')
})

test('while a sender rotates its secret, the inbox accepts the new and the previous one', async ({ page }) => {
  const url = await createInbox(page, 'rotating')
  await page.getByTestId('inbox-settings').click()
  const dlg = page.getByTestId('inbox-settings-dialog')
  await dlg.getByTestId('verify-scheme').selectOption('github')
  await dlg.getByTestId('verify-previous-secret').fill('old-secret')
  await dlg.getByTestId('inbox-save').click()
  await expect(dlg.getByTestId('inbox-error')).toHaveText('Enter the current secret too: the previous one is accepted beside it.')
  await dlg.getByTestId('verify-secret').fill('new-secret')
  await dlg.getByTestId('inbox-save').click()
  await expect(dlg).toBeHidden()
  await expect(page.locator('.inbox-summary')).toContainText('verifies github with 2 secrets (rotation)')

  const body = '{"zen":"rotate often"}'
  for (const [path, secret] of [['old', 'old-secret'], ['new', 'new-secret'], ['other', 'someone-else']] as const)
    await fetch(url + path, { method: 'POST', body, headers: { 'content-type': 'application/json', 'X-Hub-Signature-256': 'sha256=' + createHmac('sha256', secret).update(body).digest('hex') } })
  const rows = page.getByTestId('capture-row')
  await expect(rows).toHaveCount(3)
  const verdict = page.getByTestId('capture-detail').getByTestId('verdict')
  for (const [path, valid] of [['/old', 'true'], ['/new', 'true'], ['/other', 'false']] as const) {
    await rows.filter({ hasText: path }).click()
    await expect(verdict).toHaveAttribute('data-valid', valid)
  }
})

test('an inbox that relays answers each sender with the dev server’s response, and shows it waiting until then', async ({ page }) => {
  // The dev server: the first webhook it holds until the test lets it go and then fails; the next one it accepts.
  let release: (() => void) | null = null
  let n = 0
  const dev = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      n++
      const answer = (status: number, body: string) => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-handler': 'orders' })
        res.end(body)
      }
      if (n === 1) release = () => answer(503, '{"error":"database is down"}')
      else answer(200, '{"ok":true}')
    })
  })
  await new Promise<void>((r) => dev.listen(0, '127.0.0.1', r))
  try {
    const devUrl = `http://127.0.0.1:${(dev.address() as AddressInfo).port}/webhooks`
    const url = await createInbox(page, 'proxied')
    await page.getByTestId('inbox-settings').click()
    const dlg = page.getByTestId('inbox-settings-dialog')
    await expect(dlg.getByTestId('relay')).toBeDisabled() // needs a forward-to URL
    await dlg.getByLabel('Forward to (optional)').fill(devUrl)
    await dlg.getByTestId('relay').check()
    await dlg.getByRole('button', { name: 'Save' }).click()
    await expect(dlg).toBeHidden()
    await expect(page.locator('.inbox-summary')).toContainText('answers with the response of its forward target')

    const first = fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"order.paid"}' })
    const row = page.getByTestId('capture-row').first()
    await expect(row.getByTestId('relaying')).toBeVisible({ timeout: 10_000 })
    await row.click()
    const detail = page.getByTestId('capture-detail')
    await expect(detail.getByTestId('relayed-note')).toContainText(`Waiting for ${devUrl}`)
    await expect.poll(() => release !== null).toBe(true)
    release!()
    const res = await first
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ error: 'database is down' })
    // The open detail and the row follow without a reload.
    await expect(detail.getByTestId('relayed-note')).toContainText('Your server’s answer, relayed to the sender')
    await expect(detail).toContainText('database is down')
    await expect(row).toContainText('503')
    await expect(detail.getByTestId('forward-result')).toContainText('503')

    expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(200)
    await expect(page.getByTestId('capture-row')).toHaveCount(2)
    await expect(page.getByTestId('capture-row').first()).toContainText('200')
  } finally {
    await new Promise((r) => dev.close(r))
  }
})

test("the Slack preset answers Slack's URL check with its challenge", async ({ page }) => {
  const url = await createInbox(page, 'slack')
  await page.getByTestId('inbox-settings').click()
  const dlg = page.getByTestId('inbox-settings-dialog')
  await dlg.getByText('Response headers and body').click()
  await dlg.getByTestId('handshake-preset').selectOption('slack')
  await expect(dlg.getByLabel('Body', { exact: true })).toHaveValue('{{body.challenge}}')
  await dlg.getByRole('button', { name: 'Save' }).click()
  await expect(dlg).toBeHidden()
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"url_verification","challenge":"3eZbrw1aBm2rZgRNFdxV"}' })
  expect(await res.text()).toBe('3eZbrw1aBm2rZgRNFdxV')
  // The capture shows the answer as it was sent.
  await page.getByTestId('capture-row').first().click()
  await expect(page.getByTestId('capture-detail')).toContainText('3eZbrw1aBm2rZgRNFdxV')
})

test('turned on in Settings, the receiver also catches over https with its own certificate, which a sender trusts by its file', async ({ page }) => {
  await gotoView(page, 'settings')
  await page.getByTestId('receiver-https').check()
  await page.getByTestId('receiver-https-port').fill('0')
  const certFile = (await page.getByTestId('receiver-cert-file').textContent())!.trim()
  await page.getByRole('button', { name: 'Apply receiver settings' }).click()
  await expect(page.getByTestId('toast-info').last()).toContainText('Settings saved')

  await createInbox(page, 'tls')
  const httpsUrl = page.getByTestId('receiver-https-url')
  await expect(httpsUrl).toHaveText(/^https:\/\/localhost:\d+\/in\/tls\/$/)
  const agent = new Agent({ connect: { ca: readFileSync(certFile, 'utf8') } })
  try {
    const res = await undiciRequest(`${await httpsUrl.textContent()}secure`, { method: 'POST', body: '{"over":"https"}', dispatcher: agent })
    expect(res.statusCode).toBe(200)
    await res.body.text()
  } finally {
    await agent.close()
  }
  await expect(page.getByTestId('capture-row').first()).toContainText('/in/tls/secure')
})

test('a webhook sent to a slug with no inbox is said above the captures, not lost in silence', async ({ page }) => {
  const url = (await createInbox(page, 'stripe')).replace(/\/in\/stripe\/$/, '')
  // The sender's URL has a typo: the receiver answers 404 and captures nothing.
  expect((await fetch(`${url}/in/strpie/events`, { method: 'POST', body: '{"type":"invoice.paid"}' })).status).toBe(404)
  const refused = page.getByTestId('refused-requests')
  await expect(refused).toContainText('1 request was answered without a capture', { timeout: 10_000 })
  await expect(refused).toContainText('404 POST /in/strpie/events — no inbox "strpie"')
  await expect(page.getByTestId('capture-row')).toHaveCount(0)
  // A second one, then the list of both; Dismiss hides them until the next.
  await fetch(`${url}/in/strpie/again`, { method: 'POST', body: '{}' })
  await expect(refused).toContainText('2 requests were answered without a capture')
  await refused.getByRole('button', { name: 'Show all' }).click()
  await expect(page.getByTestId('refused-list').locator('li')).toHaveCount(2)
  await refused.getByRole('button', { name: 'Dismiss' }).click()
  await expect(refused).toBeHidden()
  // Dismissed stays dismissed across a reload (the same ones came back).
  await page.reload()
  await gotoView(page, 'inbox')
  await expect(page.getByTestId('receiver-url')).toBeVisible()
  await expect(refused).toBeHidden()
  await fetch(`${url}/in/nope/x`, { method: 'POST', body: '{}' })
  await expect(refused).toContainText('1 request was answered without a capture')
  await expect(refused).toContainText('no inbox "nope"')
})

test('a sender that gives up on a held answer: the open capture says after how long, live', async ({ page }) => {
  const url = await createInbox(page, 'timeouts', { script: 'hang' })
  const sent = fetch(url, { method: 'POST', body: '{"type":"slow.check"}', signal: AbortSignal.timeout(700) }).catch((e: Error) => e.name)
  const row = page.getByTestId('capture-row').first()
  await expect(row).toBeVisible()
  await row.click()
  const detail = page.getByTestId('capture-detail')
  await expect(detail).toContainText('held open (hang)')
  expect(await sent).toBe('TimeoutError')
  // The detail follows without a reload once the sender has closed the connection.
  await expect(detail.getByTestId('capture-unanswered')).toContainText(/^No answer: the sender closed the connection after \d+ ms \(its timeout\)/)
})
