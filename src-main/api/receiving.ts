// inboxes.* and captures.*: the receiver's inbox/capture API behind the contract.
import { HooklabError } from '../engine/errors'
import type { Receiver, ReplayCaptureOptions } from '../engine/receiver'
import type { MethodInput } from '../../src-preload/contract'
import type { ApiContext } from './context'
import { parseCapturesDocument } from './captures-import'
import type { Handlers } from './types'
import { captureDetailView, captureRowView } from './views'

/** Where and how a capture replay goes; re-signing needs a scheme and a secret. */
function replayTarget(to: string, mode: 'as-is' | 're-sign', signing: MethodInput<'captures.replay'>['signing']): Omit<ReplayCaptureOptions, 'body'> {
  if (mode !== 're-sign') return { to, mode }
  if (!signing || signing.scheme === 'none') throw new HooklabError('E_INVALID_INPUT', 'Re-signing needs a signing scheme.')
  if (!signing.secret) throw new HooklabError('E_INVALID_INPUT', `Re-signing with ${signing.scheme} needs a secret.`)
  return { to, mode, signing: { scheme: signing.scheme, secret: signing.secret, hmac: signing.hmac } }
}

export function receivingHandlers({ env, engine }: ApiContext) {
  const receiver = (): Receiver => {
    if (!env.receiver) throw new HooklabError('E_INTERNAL', 'The receiver is not running in this Hooklab.')
    return env.receiver
  }

  const handlers: Pick<
    Handlers,
    'inboxes.list' | 'inboxes.create' | 'inboxes.update' | 'inboxes.delete' | 'inboxes.clear' | 'captures.list' | 'captures.get' | 'captures.delete' | 'captures.replay' | 'captures.replayMany' | 'captures.import' | 'receiver.refusals'
  > = {
    'inboxes.list': () => receiver().inboxes.list(),
    'inboxes.create': ({ slug, name }) => receiver().inboxes.create({ slug, name }),
    'inboxes.update': ({ id, patch }) => receiver().inboxes.update(id, patch),
    'inboxes.delete': ({ id }) => {
      receiver().inboxes.delete(id)
      return { ok: true as const }
    },
    'inboxes.clear': ({ id }) => receiver().inboxes.clear(id),
    'captures.list': async ({ inboxId, text, fromSeq, cursor, limit }) => {
      receiver()
      const page = await engine.search.captures({ ...(inboxId ? { inboxId } : {}), ...(text ? { text } : {}), ...(fromSeq !== undefined ? { fromSeq } : {}) }, { cursor, limit })
      return { items: page.items.map(captureRowView), nextCursor: page.nextCursor }
    },
    'captures.get': ({ id }) => captureDetailView(receiver().getCapture(id)),
    'captures.delete': ({ id }) => {
      receiver().deleteCapture(id)
      return { ok: true as const }
    },
    'captures.replay': ({ id, to, mode, signing, body }) =>
      receiver().replayCapture(id, { ...replayTarget(to, mode, signing), ...(body !== undefined ? { body } : {}) }),
    'captures.replayMany': ({ inboxId, text, to, mode, signing }) =>
      receiver().replayCaptures({ ...(inboxId ? { inboxId } : {}), ...(text ? { text } : {}) }, replayTarget(to, mode, signing)),
    'captures.import': ({ text, inboxId }) => receiver().importCaptures(parseCapturesDocument(text), inboxId ? { inboxId } : {}),
    'receiver.refusals': () => receiver().refusals(),
  }
  return handlers
}
