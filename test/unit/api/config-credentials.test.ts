// What a config file meant for git leaves out (found by the security review: credentials it kept, and
// values it blanked that were none, re-encoding the rest of the URL so an import posted elsewhere).
import { describe, expect, it } from 'vitest'
import { headersWithoutCredentials, isCredentialName, urlWithoutCredentials } from '../../../src-main/api/config-credentials'

describe('credential names', () => {
  it('are found by their words, camelCase too', () => {
    for (const n of ['Authorization', 'X-Api-Key', 'X-Gitlab-Token', 'Private-Token', 'accessToken', 'authToken', 'clientSecret', 'X-CSRFToken', 'api_key', 'sig', 'X-Signature', 'code', 'Cookie', 'X-Session'])
      expect(isCredentialName(n), n).toBe(true)
  })
  it('leave alone names whose other words say what they are', () => {
    for (const n of ['X-Idempotency-Key', 'Idempotency-Key', 'X-Country-Code', 'country_code', 'sort_key', 'session_timeout', 'X-Signature-Version', 'X-Team', 'Content-Type'])
      expect(isCredentialName(n), n).toBe(false)
  })
})

describe('a URL in a config file', () => {
  it('loses a token used as its user name, and a Slack or Discord webhook token in its path', () => {
    expect(urlWithoutCredentials('https://sk_live_abc123@api.example.com/hooks')).toEqual({ url: 'https://api.example.com/hooks', leftOut: ['the user name in its URL (a token?)'] })
    expect(urlWithoutCredentials('https://hooks.slack.com/services/T000/B000/XXXXSECRET').url).toBe('https://hooks.slack.com/services/T000/B000/')
    expect(urlWithoutCredentials('https://discord.com/api/webhooks/123/tok-SECRET').url).toBe('https://discord.com/api/webhooks/123/')
  })
  it('keeps the rest of its query byte for byte', () => {
    expect(urlWithoutCredentials('http://127.0.0.1:9/x?q=a%20b&list=1,2&flag&token=T&sort_key=k#frag')).toEqual({
      url: 'http://127.0.0.1:9/x?q=a%20b&list=1,2&flag&token=&sort_key=k#frag',
      leftOut: ["its URL's token parameter"],
    })
    expect(urlWithoutCredentials('http://127.0.0.1:9/x?q=a%20b&flag')).toEqual({ url: 'http://127.0.0.1:9/x?q=a%20b&flag', leftOut: [] })
  })
  it('headers lose credential values only', () => {
    expect(headersWithoutCredentials([['Authorization', 'Bearer x'], ['X-Idempotency-Key', 'k1'], ['accessToken', 'a']]).headers).toEqual([
      ['Authorization', ''],
      ['X-Idempotency-Key', 'k1'],
      ['accessToken', ''],
    ])
  })
})
