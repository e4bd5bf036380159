import { describe, expect, it } from 'vitest'
import { formFields, isFormType } from '../../../src-renderer/src/lib/form-fields'

describe('form fields', () => {
  it('decodes pairs in order, keeps repeats, turns + into spaces', () => {
    expect(formFields('command=%2Fdeploy&text=api+to+prod&tag=a&tag=b&empty=&flag')).toEqual([
      ['command', '/deploy'],
      ['text', 'api to prod'],
      ['tag', 'a'],
      ['tag', 'b'],
      ['empty', ''],
      ['flag', ''],
    ])
  })

  it("decodes Slack's interactive payload= to its JSON text", () => {
    const json = '{"type":"block_actions","user":{"id":"U1"}}'
    expect(formFields(`payload=${encodeURIComponent(json)}`)).toEqual([['payload', json]])
  })

  it('refuses an empty text and a malformed escape', () => {
    expect(formFields('')).toBeNull()
    expect(formFields('a=%zz')).toBeNull()
  })

  it('knows the content type, with or without a charset', () => {
    expect(isFormType('application/x-www-form-urlencoded')).toBe(true)
    expect(isFormType('application/x-www-form-urlencoded; charset=utf-8')).toBe(true)
    expect(isFormType('application/json')).toBe(false)
    expect(isFormType(null)).toBe(false)
  })
})
