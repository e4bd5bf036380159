// Send says when a picked endpoint is disabled, as `hooklab send` does on stderr: the list's label and
// the note shown in the preview and the Queued toast (lib/disabled-endpoints.ts).
import { describe, expect, it } from 'vitest'
import { disabledLabel, waitingNote } from '../../../src-renderer/src/lib/disabled-endpoints'

const ep = (name: string, enabled: boolean, disabledReason: string | null = null) => ({
  name,
  enabled,
  disabledReason,
})

describe('disabledLabel', () => {
  it('is null for an enabled endpoint', () => {
    expect(disabledLabel(ep('Orders', true))).toBeNull()
  })
  it('says why, without repeating "disabled"', () => {
    expect(disabledLabel(ep('Orders', false, 'disabled by user'))).toBe('disabled (by user)')
    expect(disabledLabel(ep('Orders', false, 'disabled after 20 consecutive failures'))).toBe(
      'disabled (after 20 consecutive failures)',
    )
    expect(disabledLabel(ep('Orders', false, null))).toBe('disabled')
  })
})

describe('waitingNote', () => {
  it('is null when every picked endpoint is enabled (or none is picked)', () => {
    expect(waitingNote([ep('A', true), ep('B', true)])).toBeNull()
    expect(waitingNote([])).toBeNull()
  })
  it('names the disabled one and says its delivery waits until it is enabled', () => {
    expect(waitingNote([ep('A', true), ep('GH', false, 'disabled by user')])).toBe(
      'Endpoint "GH" is disabled: its delivery waits in the queue until it is enabled again.',
    )
  })
  it('names every disabled one', () => {
    expect(waitingNote([ep('A', false), ep('B', true), ep('C', false)])).toBe(
      'Endpoints "A", "C" are disabled: their deliveries wait in the queue until they are enabled again.',
    )
  })
})
