// captures.verify: checks a stored capture's signature with its inbox's current verification settings
// (engine/receiver/reverify.ts), for one caught before they were set, imported, or checked with a wrong secret.
import { HooklabError } from '../engine/errors'
import { createCaptureRepo } from '../engine/receiver/capture-repo'
import { reverifyCapture } from '../engine/receiver/reverify'
import type { ApiContext } from './context'
import type { Handlers } from './types'
import { captureDetailView } from './views'

export function capturesVerifyHandlers({ engine, env }: ApiContext): Pick<Handlers, 'captures.verify'> {
  const captures = createCaptureRepo(engine.db)
  return {
    'captures.verify': ({ id }) => {
      const receiver = env.receiver
      if (!receiver) throw new HooklabError('E_INTERNAL', 'The receiver is not running in this Hooklab.')
      // The receiver's own view of the inbox: its secrets as it verifies live requests (unsealed by its box).
      const checked = reverifyCapture(captures, (slug) => receiver.inboxes.runtimeBySlug(slug)?.verification ?? null, id)
      // Other windows and tabs showing it take the new verdict.
      engine.bus.emit('capture.updated', { captureId: id, inboxId: checked.inboxId, change: 'verification' })
      return captureDetailView(checked)
    },
  }
}
