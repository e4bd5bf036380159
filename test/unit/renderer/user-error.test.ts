// What a user reads for a failed call (lib/user-error.ts), the retry delays as typed, the settings'
// number check, a URL typed without its scheme, and Send's kept draft read back.
import { describe, expect, it } from 'vitest'
import { errorIssues, errorTitle, plainIssue, readableName, userMessage } from '../../../src-renderer/src/lib/user-error'
import { parseDelayList } from '../../../src-renderer/src/lib/duration'
import { checkNumber } from '../../../src-renderer/src/lib/check-number'
import { withDefaultScheme } from '../../../src-renderer/src/lib/url-scheme'
import { MAX_KEPT_BODY, parseSendDraft } from '../../../src-renderer/src/lib/send-draft'

describe('userMessage', () => {
  it('drops the code and the method, and names the field by its label or its last segment', () => {
    const err = { code: 'E_INVALID_INPUT', message: 'compose.preview: input.url: must be an http:// or https:// URL' }
    expect(userMessage(err)).toBe('URL: must be an http:// or https:// URL')
    expect(userMessage(err, { url: 'Target URL' })).toBe('Target URL: must be an http:// or https:// URL')
  })
  it('drops an update\'s "patch", puts zod in plain words and keeps every issue', () => {
    const msg = 'settings.update: input.patch.retention.maxCapturesPerInbox: Too small: expected number to be >=10; input.patch.receiverPort: Too big: expected number to be <=65535'
    expect(userMessage({ message: msg })).toBe('Max captures per inbox: must be at least 10; Receiver port: must be at most 65535')
    expect(userMessage({ message: msg }, { 'retention.maxCapturesPerInbox': 'Captures kept per inbox' })).toMatch(/^Captures kept per inbox: must be at least 10; /)
  })
  it('takes the longest labelled prefix of a path, and skips array indexes', () => {
    expect(userMessage({ message: 'endpoints.create: input.retry.schedule.delaysMs: Too small: expected array to have >=1 items' }, { 'retry.schedule': 'Schedule' })).toBe(
      'Schedule: needs at least one value',
    )
    expect(userMessage({ message: 'compose.send: input.headers.0.0: Too small: expected string to have >=1 characters' })).toBe('Headers: cannot be empty')
  })
  it('leaves an engine sentence as it is, without its code', () => {
    expect(userMessage({ code: 'E_INVALID_INPUT', message: 'Headers: Content-Length is set from the body' })).toBe('Headers: Content-Length is set from the body')
    expect(userMessage('E_CONFLICT: Port 8787 is in use; pick another')).toBe('Port 8787 is in use; pick another')
    expect(userMessage({ message: 'compose.send returned an invalid result (output.x: Invalid input)' })).toBe('compose.send returned an invalid result (output.x: Invalid input)')
  })
  it('keeps a message that holds "; " itself with its field', () => {
    expect(errorIssues('inboxes.update: input.patch.responseScript: step 2 "abc" is not a status; use 200, 500 or hang')).toEqual([
      { path: ['responseScript'], message: 'step 2 "abc" is not a status; use 200, 500 or hang' },
    ])
  })
})

describe('plainIssue', () => {
  it.each([
    ['Too small: expected number to be >=1', 'must be at least 1'],
    ['Too small: expected number to be >0', 'must be more than 0'],
    ['Too big: expected number to be <=100', 'must be at most 100'],
    ['Too small: expected array to have >=1 items', 'needs at least one value'],
    ['Too small: expected array to have >=2 items', 'needs at least 2 values'],
    ['Too big: expected array to have <=50 items', 'takes at most 50 values'],
    ['Too small: expected string to have >=1 characters', 'cannot be empty'],
    ['Too big: expected string to have <=2048 characters', 'must be at most 2048 characters'],
    ['Invalid input: expected number, received NaN', 'must be a number'],
    ['Invalid input: expected int, received number', 'must be a whole number'],
    ['Invalid input: expected string, received undefined', 'is required'],
    ['Invalid option: expected one of "127.0.0.1"|"0.0.0.0"', 'must be one of 127.0.0.1, 0.0.0.0'],
    ['Invalid URL', 'is not a valid URL'],
    ['must be an http:// or https:// URL', 'must be an http:// or https:// URL'],
  ])('%s → %s', (raw, plain) => expect(plainIssue(raw)).toBe(plain))
})

describe('errorTitle and readableName', () => {
  it('turns a code into words and keeps a title that is words', () => {
    expect(errorTitle('E_INVALID_INPUT')).not.toMatch(/E_/)
    expect(errorTitle('E_SOMETHING_NEW')).toBe('Something went wrong')
    expect(errorTitle('Binary body')).toBe('Binary body')
  })
  it('reads camelCase and acronyms', () => {
    expect(readableName('endpointIds')).toBe('Endpoint IDs')
    expect(readableName('timeoutMs')).toBe('Timeout ms')
    expect(readableName('url')).toBe('URL')
  })
})

describe('parseDelayList', () => {
  it('names each part that is not a delay, and a negative one', () => {
    expect(parseDelayList('1s, 5s, 30s')).toEqual({ delays: [1000, 5000, 30000], problems: [] })
    expect(parseDelayList('1s, banana, -5').problems).toEqual(['"banana" is not a duration (e.g. 500ms, 5s, 2m)', '"-5" is negative (a delay is 0ms or more)'])
    expect(parseDelayList(' , ').problems).toEqual(['enter at least one delay, e.g. 1s, 5s, 30s'])
  })
})

describe('checkNumber', () => {
  const r = { min: 10, max: 100 }
  it('refuses empty, fractional and out-of-range text', () => {
    expect(checkNumber('', r)).toEqual({ error: 'enter a number' })
    expect(checkNumber('12.5', r)).toEqual({ error: 'must be a whole number' })
    expect(checkNumber('5', r)).toEqual({ error: 'must be at least 10' })
    expect(checkNumber('101', r)).toEqual({ error: 'must be at most 100' })
    expect(checkNumber(' 50 ', r)).toEqual({ value: 50 })
  })
})

describe('withDefaultScheme', () => {
  it.each([
    ['localhost:3000/hook', 'http://localhost:3000/hook', true],
    ['127.0.0.1:8080', 'http://127.0.0.1:8080', true],
    ['example.com/webhooks?x=1', 'http://example.com/webhooks?x=1', true],
    ['[::1]:3000/h', 'http://[::1]:3000/h', true],
    ['https://example.com/a', 'https://example.com/a', false],
    ['ftp://example.com', 'ftp://example.com', false],
    ['not a url', 'not a url', false],
    ['  ', '', false],
  ])('%s → %s', (text, url, assumed) => expect(withDefaultScheme(text)).toEqual({ url, assumed }))
})

describe('parseSendDraft', () => {
  it('reads back the fields that are well formed and drops the rest', () => {
    const text = JSON.stringify({ mode: 'url', url: 'http://x', endpointIds: ['ep_1', 2], body: '{}', scheme: 'bogus', hmac: { header: 'X', algorithm: 'sha256', encoding: 'hex', prefix: '' } })
    expect(parseSendDraft(text)).toEqual({ mode: 'url', url: 'http://x', body: '{}', hmac: { header: 'X', algorithm: 'sha256', encoding: 'hex', prefix: '' } })
    expect(parseSendDraft('{not json')).toEqual({})
    expect(parseSendDraft(null)).toEqual({})
    expect(MAX_KEPT_BODY).toBeGreaterThan(100_000)
  })
})
