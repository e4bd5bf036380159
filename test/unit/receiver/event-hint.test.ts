import { describe, expect, it } from 'vitest'
import { eventHint } from '../../../src-main/engine/receiver/event-hint'

const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v))

describe('eventHint', () => {
  it("reads GitHub's header with the body's action, Shopify's topic, and generic event headers", () => {
    expect(eventHint([['X-GitHub-Event', 'pull_request']], enc({ action: 'opened' }), 'application/json')).toEqual({ type: 'pull_request.opened', from: 'X-GitHub-Event' })
    expect(eventHint([['X-GitHub-Event', 'push']], enc({ ref: 'main' }), 'application/json')).toEqual({ type: 'push', from: 'X-GitHub-Event' })
    expect(eventHint([['X-Shopify-Topic', 'orders/create']], enc({ id: 1 }), 'application/json')).toEqual({ type: 'orders/create', from: 'X-Shopify-Topic' })
    expect(eventHint([['x-event-type', 'build.finished']], enc(''), null)).toEqual({ type: 'build.finished', from: 'x-event-type' })
  })

  it("reads a JSON body's top-level type (Stripe, Standard Webhooks), not a nested one", () => {
    expect(eventHint([], enc({ id: 'evt_1', type: 'payment_intent.succeeded' }), 'application/json; charset=utf-8')).toEqual({ type: 'payment_intent.succeeded', from: 'body.type' })
    expect(eventHint([], enc({ data: { type: 'nested' } }), 'application/json')).toBeNull()
  })

  it('gives none for a body that is not JSON, says it is something else, is over 64 KB, or has a non-string type', () => {
    expect(eventHint([], enc('type=x'), 'application/x-www-form-urlencoded')).toBeNull()
    expect(eventHint([], enc('{"type":'), 'application/json')).toBeNull()
    expect(eventHint([], enc({ type: 42 }), 'application/json')).toBeNull()
    expect(eventHint([], enc({ type: 'x', pad: 'y'.repeat(64 * 1024) }), 'application/json')).toBeNull()
    expect(eventHint([['X-GitHub-Event', '  ']], enc(''), null)).toBeNull()
  })
})
