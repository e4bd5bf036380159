// The built CLI, on what the fifth review round found it keeping quiet about.
import { expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import { run, tempHome } from './helpers'

it('send --endpoint says when the endpoint does not subscribe to the --event given (it still queues it)', async () => {
  const home = tempHome()
  const engine = createEngine({ home })
  engine.endpoints.create({ name: 'billing', url: 'http://127.0.0.1:9/hook', eventTypes: ['invoice.*'] })
  await engine.stop()

  const outside = await run(['send', '--endpoint', 'billing', '--event', 'customer.created', '--home', home])
  expect(outside.code).toBe(0)
  expect(outside.stdout).toMatch(/^dlv_\w+\n$/)
  expect(outside.stderr).toContain('note: billing subscribes to invoice.*, not customer.created: it gets this because you chose it; sending by event type would leave it out.')

  const inside = await run(['send', '--endpoint', 'billing', '--event', 'invoice.paid', '--home', home])
  expect(inside.code).toBe(0)
  expect(inside.stderr).not.toContain('note:')
  const none = await run(['send', '--endpoint', 'billing', '--home', home])
  expect(none.stderr).toContain('note: billing subscribes to invoice.* (this message has no event type)')
})
