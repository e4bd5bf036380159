// Round 3 of the UI fixes, at the unit level: one message per field, header lines refused in the forms'
// words, and one event type per purpose in Send (fan-out's apart from the others').
import { describe, expect, it } from 'vitest'
import { headerLinesProblem, parseHeaderLines } from '../../../src-renderer/src/lib/header-lines'
import { userMessage } from '../../../src-renderer/src/lib/user-error'
import { switchMode, useCompose } from '../../../src-renderer/src/stores/compose'

describe('userMessage says one thing per field', () => {
  it('an empty slug is "cannot be empty", not that and the pattern beside it', () => {
    const msg = 'inboxes.create: input.slug: Too small: expected string to have >=1 characters; input.slug: use lower-case letters, digits, - and _'
    expect(userMessage({ message: msg }, { slug: 'Slug' })).toBe('Slug: cannot be empty')
  })
  it('different fields are each said', () => {
    const msg = 'x.y: input.a: Too small: expected number to be >=1; input.b: Too big: expected string to have <=64 characters; input.a: again'
    expect(userMessage({ message: msg })).toBe('A: must be at least 1; B: must be at most 64 characters')
  })
})

describe('headerLinesProblem', () => {
  it('words the lines that are not "Name: value" as the forms do; null when all are', () => {
    expect(headerLinesProblem(parseHeaderLines('X-Ok: 1').invalid)).toBeNull()
    expect(headerLinesProblem(['just words'])).toBe('"just words" is not "Name: value"')
    expect(headerLinesProblem(parseHeaderLines('no colon line\nX-Ok: 1\n: empty').invalid)).toBe('"no colon line" and ": empty" are not "Name: value"')
    expect(headerLinesProblem(['a', 'b', 'c'])).toBe('"a", "b" and "c" are not "Name: value"')
  })
})

describe('Send keeps one event type for fan-out and one for the other modes', () => {
  it('what is typed in fan-out does not stay when going back to endpoints, and comes back in fan-out', () => {
    let s = switchMode({ mode: 'endpoints', eventType: 'order.created', otherEventType: null }, 'event')
    expect(s.eventType).toBe('order.created') // fan-out starts from what was typed
    s = { ...s, eventType: 'invoice.paid' }
    s = switchMode(s, 'endpoints')
    expect(s.eventType).toBe('order.created')
    s = switchMode(s, 'url')
    expect(s.eventType).toBe('order.created') // endpoints and URL label the message alike
    s = switchMode(s, 'event')
    expect(s.eventType).toBe('invoice.paid')
  })
  it('a draft reloaded in fan-out mode leaves it with no event type rather than the filter', () => {
    expect(switchMode({ mode: 'event', eventType: 'invoice.paid', otherEventType: null }, 'endpoints').eventType).toBe('')
  })
  it('the store swaps on set({ mode }), and a mode change that names its event type keeps that one', () => {
    useCompose.setState({ mode: 'endpoints', eventType: 'order.created', otherEventType: null })
    useCompose.getState().set({ mode: 'event' })
    useCompose.getState().set({ eventType: 'invoice.paid' })
    useCompose.getState().set({ mode: 'endpoints' })
    expect(useCompose.getState().eventType).toBe('order.created')
    useCompose.getState().set({ mode: 'event' })
    useCompose.getState().set({ mode: 'url', eventType: 'from.curl' })
    expect(useCompose.getState().eventType).toBe('from.curl')
    useCompose.getState().setTargets(['ep_1'])
    expect(useCompose.getState()).toMatchObject({ mode: 'endpoints', eventType: 'from.curl', endpointIds: ['ep_1'] })
  })
})
