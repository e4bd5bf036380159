// Endpoints through a config file (Endpoints → Export config / Import config): the file never holds a
// secret, so a signed endpoint arrives disabled, says why, and cannot be enabled until its secret is set;
// and no edit leaves an enabled endpoint signing with a scheme but no secret (it would send unsigned).
import { afterEach, expect, it } from 'vitest'
import { dispatch } from '../../../src-main/api/dispatch'
import { createRuntime, type Runtime } from '../../../src-main/api/runtime'
import { tmpDir } from '../hardening/helpers'

const started: Array<{ rt: Runtime; cleanup: () => void }> = []
afterEach(async () => {
  for (const s of started.splice(0)) {
    await s.rt.stop()
    s.cleanup()
  }
})

async function start() {
  const home = tmpDir('hooklab-config-')
  const rt = createRuntime({ home: home.dir, mode: 'browser', receiverPort: 0, exportFile: async () => ({ kind: 'cancelled' }), send: () => {} })
  started.push({ rt, cleanup: home.cleanup })
  await rt.start()
  return async (method: string, input: unknown) => {
    const r = await dispatch(rt.handlers, method, input)
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
    return r.result as Record<string, unknown>
  }
}

it('a signed endpoint comes back from its config file disabled until its secret is set', async () => {
  const call = await start()
  await call('endpoints.create', { name: 'GitHub app', url: 'http://127.0.0.1:9/gh', signing: { scheme: 'github', secret: 's3cret' } })
  await call('endpoints.create', { name: 'Plain', url: 'http://127.0.0.1:9/plain' })
  const { json } = (await call('config.export', {})) as { json: string }
  expect(json).not.toContain('s3cret')

  const renamed = json.replace('"GitHub app"', '"GitHub app 2"').replace('"Plain"', '"Plain 2"')
  expect(await call('config.import', { json: renamed })).toEqual({ endpoints: 2, templates: 0, needSecret: 1, skipped: 0 })
  const list = (await call('endpoints.list', {})) as unknown as Array<{ id: string; name: string; enabled: boolean; disabledReason: string | null; signing: { scheme: string; hasSecret: boolean } }>
  const signed = list.find((e) => e.name === 'GitHub app 2')!
  expect(signed).toMatchObject({ enabled: false, signing: { scheme: 'github', hasSecret: false } })
  expect(signed.disabledReason).toMatch(/no secret yet/)
  expect(list.find((e) => e.name === 'Plain 2')).toMatchObject({ enabled: true })

  await expect(call('endpoints.setEnabled', { id: signed.id, enabled: true })).rejects.toThrow('Signing scheme github needs a secret before the endpoint is enabled.')
  await call('endpoints.update', { id: signed.id, patch: { signing: { scheme: 'github', secret: 'n3w' } } })
  expect(await call('endpoints.setEnabled', { id: signed.id, enabled: true })).toMatchObject({ enabled: true })
})

it('an edit that gives an endpoint a scheme without a secret is refused instead of sending unsigned', async () => {
  const call = await start()
  const ep = await call('endpoints.create', { name: 'Plain', url: 'http://127.0.0.1:9/plain' })
  await expect(call('endpoints.update', { id: ep.id, patch: { signing: { scheme: 'stripe' } } })).rejects.toThrow('Signing scheme stripe needs a secret.')
  expect(await call('endpoints.get', { id: ep.id })).toMatchObject({ signing: { scheme: 'none' } })
})

it('a config file imported twice adds nothing the second time', async () => {
  const call = await start()
  await call('endpoints.create', { name: 'Orders', url: 'http://127.0.0.1:9/orders' })
  await call('templates.save', { name: 'Invoice', body: '{"type":"invoice.paid"}', eventType: 'invoice.paid', headers: [], contentType: 'application/json' })
  const { json } = (await call('config.export', {})) as { json: string }
  // Here already: nothing added (it made a second "Orders" and a second "Invoice" each time).
  expect(await call('config.import', { json })).toEqual({ endpoints: 0, templates: 0, needSecret: 0, skipped: 2 })
  expect(await call('endpoints.list', {})).toHaveLength(1)
  expect(await call('templates.list', {})).toHaveLength(1)
  // Another name or URL is another endpoint.
  expect(await call('config.import', { json: json.replace('/orders', '/orders-v2') })).toMatchObject({ endpoints: 1, skipped: 1 })
})

it('credentials stay out of the file like secrets: a URL password and an Authorization header; the import says what to set', async () => {
  const call = await start()
  await call('endpoints.create', { name: 'Partner', url: 'http://hooks:pa55w0rd@127.0.0.1:9/partner', headers: [['Authorization', 'Bearer tok_live_123'], ['X-Team', 'billing']] })
  const { json } = (await call('config.export', {})) as { json: string }
  expect(json).not.toContain('pa55w0rd')
  expect(json).not.toContain('tok_live_123')
  const entry = (JSON.parse(json) as { endpoints: Array<Record<string, unknown>> }).endpoints[0]!
  expect(entry).toMatchObject({ url: 'http://hooks@127.0.0.1:9/partner', headers: [['Authorization', ''], ['X-Team', 'billing']], credentialsLeftOut: ['the password in its URL', 'its Authorization header'] })
  // Here already (its URL less the password): nothing added.
  expect(await call('config.import', { json })).toMatchObject({ endpoints: 0, skipped: 1 })
  // Elsewhere: it arrives disabled, saying what to set.
  const other = await start()
  expect(await other('config.import', { json })).toMatchObject({ endpoints: 1 })
  const [made] = (await other('endpoints.list', {})) as unknown as Array<{ enabled: boolean; disabledReason: string }>
  expect(made).toMatchObject({ enabled: false, disabledReason: 'not in the config file: set the password in its URL and its Authorization header, then enable it' })
})

it('a file that is not a config says so in one sentence', async () => {
  const call = await start()
  await expect(call('config.import', { json: '{"version": 99}' })).rejects.toThrow('Not a Hooklab config file: export one from Endpoints → Export config.')
  await expect(call('config.import', { json: '{"format":"hooklab.captures/v1","captures":[]}' })).rejects.toThrow('Not a Hooklab config file (its format is "hooklab.captures/v1"): export one from Endpoints → Export config.')
})

it('credentials in a query string or in token headers of any name stay out of the file too', async () => {
  const call = await start()
  await call('endpoints.create', {
    name: 'Tokens',
    url: 'http://127.0.0.1:9/hook?api_key=KEYINQUERY&token=TOKQ&code=AZCODE&team=billing',
    headers: [['X-Webhook-Token', 'WHTOK'], ['X-Shopify-Access-Token', 'SHPAT'], ['X-Gitlab-Token', 'GLTOK'], ['Private-Token', 'PRIV'], ['Idempotency-Key', 'idem-1'], ['X-Team', 'billing']],
  })
  const { json } = (await call('config.export', {})) as { json: string }
  for (const secret of ['KEYINQUERY', 'TOKQ', 'AZCODE', 'WHTOK', 'SHPAT', 'GLTOK', 'PRIV']) expect(json).not.toContain(secret)
  const entry = (JSON.parse(json) as { endpoints: Array<Record<string, unknown>> }).endpoints[0]!
  expect(entry).toMatchObject({
    url: 'http://127.0.0.1:9/hook?api_key=&token=&code=&team=billing',
    headers: [['X-Webhook-Token', ''], ['X-Shopify-Access-Token', ''], ['X-Gitlab-Token', ''], ['Private-Token', ''], ['Idempotency-Key', 'idem-1'], ['X-Team', 'billing']],
  })
  expect(entry.credentialsLeftOut).toEqual([
    "its URL's api_key parameter",
    "its URL's token parameter",
    "its URL's code parameter",
    'its X-Webhook-Token header',
    'its X-Shopify-Access-Token header',
    'its X-Gitlab-Token header',
    'its Private-Token header',
  ])
  // Here already: nothing added.
  expect(await call('config.import', { json })).toMatchObject({ endpoints: 0, skipped: 1 })
})

it('a saved template’s credential headers stay out of the file too', async () => {
  const call = await start()
  await call('templates.save', { name: 'Partner ping', eventType: null, contentType: 'application/json', body: '{}', headers: [['Authorization', 'Bearer tok_live_TEMPLATE'], ['X-Team', 'billing']] })
  const { json } = (await call('config.export', {})) as { json: string }
  expect(json).not.toContain('tok_live_TEMPLATE')
  expect((JSON.parse(json) as { templates: Array<{ headers: unknown }> }).templates[0]!.headers).toEqual([['Authorization', ''], ['X-Team', 'billing']])
})
