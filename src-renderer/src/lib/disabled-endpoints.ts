// A send to a disabled endpoint is still queued: the delivery waits until the endpoint is enabled again.
// The CLI's `send` says so on stderr; Send says it where the endpoint is picked, in the preview and in
// the toast after sending, rather than only in Deliveries afterwards ("held: endpoint disabled").
import type { EndpointView } from '../../../src-preload/contract'

type Endpoint = Pick<EndpointView, 'name' | 'enabled' | 'disabledReason'>

/** "disabled", or "disabled (after 20 consecutive failures)" with its reason; null when it is enabled. */
export function disabledLabel(e: Endpoint): string | null {
  if (e.enabled) return null
  const why = e.disabledReason?.replace(/^disabled /, '').trim()
  return why ? `disabled (${why})` : 'disabled'
}

/** What a send to these endpoints leaves waiting, or null when none of them is disabled. */
export function waitingNote(picked: readonly Endpoint[]): string | null {
  const off = picked.filter((e) => !e.enabled)
  if (off.length === 0) return null
  const names = off.map((e) => `"${e.name}"`).join(', ')
  return off.length === 1
    ? `Endpoint ${names} is disabled: its delivery waits in the queue until it is enabled again.`
    : `Endpoints ${names} are disabled: their deliveries wait in the queue until they are enabled again.`
}
