// inboxes.* and captures.*: the receiver's inbox/capture API behind the contract.
import { HooklabError } from '../engine/errors'
import type { Receiver } from '../engine/receiver'
import type { ApiContext } from './context'
import type { Handlers } from './types'
import { captureDetailView, captureRowView } from './views'

export function receivingHandlers({ env }: ApiContext) {
  const receiver = (): Receiver => {
    if (!env.receiver) throw new HooklabError('E_INTERNAL', 'The receiver is not running in this Hooklab.')
    return env.receiver
  }

  const handlers: Pick<
    Handlers,
    'inboxes.list' | 'inboxes.create' | 'inboxes.update' | 'inboxes.delete' | 'inboxes.clear' | 'captures.list' | 'captures.get' | 'captures.delete' | 'captures.replay'
  > = {
    'inboxes.list': () => receiver().inboxes.list(),
    'inboxes.create': ({ slug, name }) => receiver().inboxes.create({ slug, name }),
    'inboxes.update': ({ id, patch }) => receiver().inboxes.update(id, patch),
    'inboxes.delete': ({ id }) => {
      receiver().inboxes.delete(id)
      return { ok: true as const }
    },
    'inboxes.clear': ({ id }) => receiver().inboxes.clear(id),
    'captures.list': ({ inboxId, text, cursor, limit }) => {
      const page = receiver().listCaptures({ ...(inboxId ? { inboxId } : {}), ...(text ? { text } : {}) }, { cursor, limit })
      return { items: page.items.map(captureRowView), nextCursor: page.nextCursor }
    },
    'captures.get': ({ id }) => captureDetailView(receiver().getCapture(id)),
    'captures.delete': ({ id }) => {
      receiver().deleteCapture(id)
      return { ok: true as const }
    },
    'captures.replay': ({ id, to, mode, signing, body }) => {
      let config
      if (mode === 're-sign') {
        if (!signing || signing.scheme === 'none') throw new HooklabError('E_INVALID_INPUT', 'Re-signing needs a signing scheme.')
        if (!signing.secret) throw new HooklabError('E_INVALID_INPUT', `Re-signing with ${signing.scheme} needs a secret.`)
        config = { scheme: signing.scheme, secret: signing.secret, hmac: signing.hmac }
      }
      return receiver().replayCapture(id, { to, mode, ...(config ? { signing: config } : {}), ...(body !== undefined ? { body } : {}) })
    },
  }
  return handlers
}
