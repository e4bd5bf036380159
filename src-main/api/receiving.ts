// inboxes.* and captures.*: the receiver's inbox/capture API behind the contract.
import { HooklabError } from '../engine/errors'
import type { Receiver, ReplayCaptureOptions } from '../engine/receiver'
import { resigningSecret } from '../engine/receiver/verification'
import type { VerificationSettings } from '../engine/receiver/types'
import type { MethodInput } from '../../src-preload/contract'
import type { ApiContext } from './context'
import { commitQueued } from './deliveries'
import { parseCapturesDocument } from './captures-import'
import type { Handlers } from './types'
import { captureDetailView, captureRowView } from './views'

/** The verification an inbox stores (scheme, secrets newest first, custom HMAC), or null. */
export type InboxVerification = VerificationSettings | null

/**
 * Where and how a capture replay goes; re-signing needs a scheme and a secret. Re-signing with the inbox's
 * own scheme and no secret given uses the secret the inbox verifies with (its newest), as the dialog says.
 */
function replayTarget(
  to: string,
  mode: 'as-is' | 're-sign',
  signing: MethodInput<'captures.replay'>['signing'],
  inboxVerification: () => InboxVerification,
): Omit<ReplayCaptureOptions, 'body'> {
  if (mode !== 're-sign') return { to, mode }
  if (!signing || signing.scheme === 'none') throw new HooklabError('E_INVALID_INPUT', 'Re-signing needs a signing scheme.')
  if (signing.secret) return { to, mode, signing: { scheme: signing.scheme, secret: signing.secret, hmac: signing.hmac } }
  const stored = inboxVerification()
  const secret = resigningSecret(stored, signing.scheme)
  if (!secret) {
    const why = !stored ? 'the inbox verifies no signatures' : stored.scheme !== signing.scheme ? `the inbox verifies ${stored.scheme}` : 'the inbox stores no secret that can sign (a whpk_ public key only verifies)'
    throw new HooklabError('E_INVALID_INPUT', `Re-signing with ${signing.scheme} needs a secret (${why}, so there is none to use).`)
  }
  return { to, mode, signing: { scheme: signing.scheme, secret, hmac: signing.hmac ?? stored?.hmac } }
}

export function receivingHandlers({ env, engine }: ApiContext) {
  const receiver = (): Receiver => {
    if (!env.receiver) throw new HooklabError('E_INTERNAL', 'The receiver is not running in this Hooklab.')
    return env.receiver
  }

  /** An inbox's verification as the receiver holds it (secrets unsealed by its box), for a re-sign left without a secret. */
  const verificationOf = (inboxId: string | undefined) => (): InboxVerification => {
    if (!inboxId) return null
    const r = receiver()
    return r.inboxes.runtimeBySlug(r.inboxes.get(inboxId).slug)?.verification ?? null
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
    'captures.replay': ({ id, to, mode, signing, body }) => {
      const inboxOf = (): InboxVerification => verificationOf(receiver().getCapture(id).inboxId)()
      const result = receiver().replayCapture(id, { ...replayTarget(to, mode, signing, inboxOf), ...(body !== undefined ? { body } : {}) })
      // Written before answering: a database that refuses it says so here, not after the UI said "sent".
      commitQueued(engine, 1)
      return result
    },
    'captures.replayMany': ({ inboxId, text, to, mode, signing }) => {
      const result = receiver().replayCaptures({ ...(inboxId ? { inboxId } : {}), ...(text ? { text } : {}) }, replayTarget(to, mode, signing, verificationOf(inboxId)))
      commitQueued(engine, result.enqueued)
      return result
    },
    'captures.import': ({ text, inboxId }) => receiver().importCaptures(parseCapturesDocument(text), inboxId ? { inboxId } : {}),
    'receiver.refusals': () => receiver().refusals(),
  }
  return handlers
}
