// Inbox settings: create, rename, response rules, verification, forward-to, clear, delete.
// A default inbox (slug `default`) always exists. Verification secrets are sealed at rest.
import type { EventBus } from '../events'
import type { Clock } from '../clock'
import type { Db } from '../db/open'
import { HooklabError } from '../errors'
import { checkSecret } from '../signing/registry'
import { newId } from '../ids'
import type { SecretBox } from '../secrets'
import { openSecret, plainSecretBox, sealSecret } from '../secrets'
import { SCHEME_IDS } from '../signing/types'
import type { HmacOptions, SchemeId } from '../signing/types'
import { pointsAtReceiver, SELF_FORWARD } from './forward'
import type { CaptureRepo } from './capture-repo'
import type { InboxRecord, InboxRepo } from './inbox-repo'
import { DEFAULT_RULE, effectiveSteps, formatResponseScript, parseResponseScript, validateRule } from './response-rules'
import type { ResponseRule } from './response-rules'
import type { InboxPatch, InboxView, VerificationSettings } from './types'

export const DEFAULT_INBOX_SLUG = 'default'
const SLUG = /^[a-z0-9][a-z0-9_-]{0,63}$/

/** What the request path needs per inbox, decoded once and cached briefly. */
export interface InboxRuntime {
  id: string
  slug: string
  response: ResponseRule
  verification: VerificationSettings | null
  forwardTo: string | null
}

interface StoredVerification {
  scheme: SchemeId
  toleranceSec: number
  hmac?: HmacOptions | undefined
  /** How many secrets verify (more than one during a rotation); stored in the clear so a list never unseals them. */
  secretCount?: number
}

export interface InboxServiceDeps {
  db: Db
  bus: EventBus
  clock: Clock
  inboxes: InboxRepo
  captures: CaptureRepo
  secretBox: SecretBox
  /** Called when an inbox's response rule changes, so its script starts over. */
  onRuleChanged: (inboxId: string) => void
  baseUrl: () => string
  /** '' while the receiver has no https listener. */
  httpsBaseUrl: () => string
}

export type InboxService = ReturnType<typeof createInboxService>

export function createInboxService(deps: InboxServiceDeps) {
  const { inboxes, clock, bus } = deps
  const cache = new Map<string, { at: number; runtime: InboxRuntime | null }>()
  // Short TTL so settings changed by another process (the app while the CLI listens) apply soon.
  const CACHE_MS = 1000

  function toView(r: InboxRecord): InboxView {
    // Rules stored before shared headers and body existed have neither.
    const response: Required<ResponseRule> = { headers: [], body: '', relay: false, ...(JSON.parse(r.response_json) as ResponseRule) }
    const stored = r.verification_json ? (JSON.parse(r.verification_json) as StoredVerification) : null
    const at = (base: string): string => (base === '' ? '' : r.slug === DEFAULT_INBOX_SLUG ? `${base}/` : `${base}/in/${r.slug}/`)
    return {
      id: r.id,
      slug: r.slug,
      name: r.name,
      url: at(deps.baseUrl()),
      httpsUrl: at(deps.httpsBaseUrl()),
      response,
      responseScript: formatResponseScript(response.steps),
      verification: stored
        ? {
            scheme: stored.scheme,
            hasSecret: r.verification_secret !== null,
            secretCount: r.verification_secret === null ? 0 : (stored.secretCount ?? 1),
            toleranceSec: stored.toleranceSec,
            hmac: stored.hmac,
          }
        : null,
      forwardTo: r.forward_to,
      captureCount: inboxes.captureCount(r.id),
      createdAt: r.created_at,
    }
  }

  function mustGet(id: string): InboxRecord {
    const r = inboxes.get(id)
    if (!r) throw new HooklabError('E_NOT_FOUND', `no inbox with id ${id}`)
    return r
  }

  function checkSlug(slug: string): void {
    if (!SLUG.test(slug))
      throw new HooklabError('E_INVALID_INPUT', `inbox slug "${slug}" must be 1-64 lower-case letters, digits, - and _`)
  }

  function changed(id: string): void {
    cache.clear()
    bus.emit('inbox.updated', { inboxId: id })
  }

  function create(input: { slug: string; name?: string | undefined }): InboxView {
    checkSlug(input.slug)
    if (inboxes.getBySlug(input.slug)) throw new HooklabError('E_CONFLICT', `an inbox with slug "${input.slug}" already exists`)
    const now = clock.now()
    const record: InboxRecord = {
      id: newId('inb', now),
      slug: input.slug,
      name: input.name ?? input.slug,
      response_json: JSON.stringify(DEFAULT_RULE),
      verification_json: null,
      verification_secret: null,
      forward_to: null,
      created_at: now,
      updated_at: now,
    }
    try {
      inboxes.insert(record)
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
        throw new HooklabError('E_CONFLICT', `an inbox with slug "${input.slug}" already exists`)
      throw err
    }
    changed(record.id)
    return toView(record)
  }

  function ensureDefault(): void {
    if (inboxes.getBySlug(DEFAULT_INBOX_SLUG)) return
    try {
      create({ slug: DEFAULT_INBOX_SLUG, name: 'Default' })
    } catch (err) {
      // Another process created it between our check and insert.
      if (!(err instanceof HooklabError && err.code === 'E_CONFLICT')) throw err
    }
  }

  function update(id: string, patch: InboxPatch): InboxView {
    const r = { ...mustGet(id) }
    if (patch.slug !== undefined && patch.slug !== r.slug) {
      if (r.slug === DEFAULT_INBOX_SLUG) throw new HooklabError('E_CONFLICT', 'the default inbox keeps its slug')
      checkSlug(patch.slug)
      if (inboxes.getBySlug(patch.slug)) throw new HooklabError('E_CONFLICT', `an inbox with slug "${patch.slug}" already exists`)
      r.slug = patch.slug
    }
    if (patch.name !== undefined) r.name = patch.name
    let ruleChanged = false
    if (patch.response !== undefined || patch.responseScript !== undefined) {
      const current = JSON.parse(r.response_json) as ResponseRule
      const rule: ResponseRule = {
        failRate: patch.response?.failRate ?? current.failRate,
        steps:
          patch.responseScript !== undefined
            ? parseResponseScript(patch.responseScript)
            : (patch.response?.steps ?? current.steps),
        headers: patch.response?.headers ?? current.headers ?? [],
        body: patch.response?.body ?? current.body ?? '',
        relay: patch.response?.relay ?? current.relay ?? false,
      }
      r.response_json = JSON.stringify(validateRule(rule))
      ruleChanged = true
    }
    if (patch.verification !== undefined) {
      if (patch.verification === null) {
        r.verification_json = null
        r.verification_secret = null
      } else {
        const v = patch.verification
        if (!(SCHEME_IDS as readonly string[]).includes(v.scheme))
          throw new HooklabError('E_UNKNOWN_SCHEME', `unknown scheme "${v.scheme}" (known: ${SCHEME_IDS.join(', ')})`)
        const secrets = v.secrets ?? (v.secret !== undefined ? [v.secret] : undefined)
        if (secrets !== undefined && (secrets.length === 0 || secrets.length > 5 || secrets.some((s) => s.length === 0)))
          throw new HooklabError('E_INVALID_INPUT', 'verification takes 1 to 5 secrets, none empty')
        for (const secret of secrets ?? []) checkSecret(v.scheme, secret, 'verify')
        const before = r.verification_json ? (JSON.parse(r.verification_json) as StoredVerification) : null
        const stored: StoredVerification = {
          scheme: v.scheme,
          toleranceSec: v.toleranceSec ?? before?.toleranceSec ?? 300,
          hmac: v.hmac,
          secretCount: secrets?.length ?? before?.secretCount ?? 1,
        }
        r.verification_json = JSON.stringify(stored)
        // No secret in the patch keeps the stored ones (the UI never sees them to send them back).
        if (secrets !== undefined) r.verification_secret = sealSecret(deps.secretBox, JSON.stringify(secrets))
      }
    }
    if (patch.forwardTo !== undefined) {
      if (patch.forwardTo !== null) {
        checkHttpUrl(patch.forwardTo, 'forward-to URL')
        const own = [deps.baseUrl(), deps.httpsBaseUrl()].filter((b) => b !== '').map((b) => Number(new URL(b).port))
        if (own.some((port) => pointsAtReceiver(patch.forwardTo!, port)))
          throw new HooklabError('E_INVALID_INPUT', `${SELF_FORWARD}. Forward to your own server's URL.`)
      }
      r.forward_to = patch.forwardTo
    }
    r.updated_at = clock.now()
    try {
      inboxes.update(r)
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
        throw new HooklabError('E_CONFLICT', `an inbox with slug "${r.slug}" already exists`)
      throw err
    }
    if (ruleChanged) deps.onRuleChanged(id)
    changed(id)
    return toView(r)
  }

  // The captures go by id (not by the foreign key's cascade) so open lists everywhere can drop
  // them: the same capture.pruned event retention sends.
  const deleteWithCaptures = deps.db.transaction((id: string): string[] => {
    const ids = deps.captures.clearInbox(id)
    inboxes.delete(id)
    return ids
  })

  function remove(id: string): void {
    const r = mustGet(id)
    if (r.slug === DEFAULT_INBOX_SLUG) throw new HooklabError('E_CONFLICT', 'the default inbox cannot be deleted (clear it instead)')
    const ids = deleteWithCaptures.immediate(id)
    deps.onRuleChanged(id)
    if (ids.length > 0) bus.emit('capture.pruned', { captureIds: ids })
    changed(id)
  }

  function clear(id: string): { deleted: number } {
    mustGet(id)
    const ids = deps.captures.clearInbox(id)
    deps.onRuleChanged(id)
    if (ids.length > 0) bus.emit('capture.pruned', { captureIds: ids })
    changed(id)
    return { deleted: ids.length }
  }

  function runtimeOf(r: InboxRecord): InboxRuntime {
    const stored = r.verification_json ? (JSON.parse(r.verification_json) as StoredVerification) : null
    let verification: VerificationSettings | null = null
    if (stored) {
      const secrets = r.verification_secret
        ? (JSON.parse(openSecret([deps.secretBox, plainSecretBox], r.verification_secret)) as string[])
        : []
      verification = { scheme: stored.scheme, secrets, toleranceSec: stored.toleranceSec, hmac: stored.hmac }
    }
    return {
      id: r.id,
      slug: r.slug,
      response: answeredRule(JSON.parse(r.response_json) as ResponseRule),
      verification,
      forwardTo: r.forward_to,
    }
  }

  /** The request path's view of an inbox by slug (null = no such inbox). */
  function runtimeBySlug(slug: string): InboxRuntime | null {
    const now = clock.now()
    const hit = cache.get(slug)
    if (hit && now - hit.at < CACHE_MS) return hit.runtime
    const r = inboxes.getBySlug(slug)
    const runtime = r ? runtimeOf(r) : null
    cache.set(slug, { at: now, runtime })
    return runtime
  }

  return {
    create,
    update,
    delete: remove,
    clear,
    ensureDefault,
    list: (): InboxView[] => inboxes.list().map(toView),
    get: (id: string): InboxView => toView(mustGet(id)),
    getBySlug: (slug: string): InboxView | null => {
      const r = inboxes.getBySlug(slug)
      return r ? toView(r) : null
    },
    runtimeBySlug,
  }
}

/** The rule the request path answers with: shared headers and body folded into each step (the headers kept for random failures). */
function answeredRule(rule: ResponseRule): ResponseRule {
  return { failRate: rule.failRate, steps: effectiveSteps(rule), headers: rule.headers ?? [], relay: rule.relay ?? false }
}

export function checkHttpUrl(text: string, what: string): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new HooklabError('E_INVALID_INPUT', `${what} "${text}" is not a URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new HooklabError('E_INVALID_INPUT', `${what} "${text}" must be http:// or https://`)
  return url
}
