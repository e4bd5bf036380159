// endpoints.* and config.*: contract shapes in, engine calls, contract views out.
import { z } from 'zod'
import { EndpointInput as EndpointInputSchema, Template } from '../../src-preload/contract'
import type { EndpointView, MethodOutput } from '../../src-preload/contract'
import { HooklabError } from '../engine/errors'
import type { EndpointInput, EndpointPatch } from '../engine/endpoints/types'
import { DEFAULT_RETRY, retryPlan } from '../engine/delivery/retry'
import { generateSecret } from '../engine/signing/registry'
import type { ApiContext } from './context'
import { formatIssues } from './dispatch'
import type { Handlers, ParsedInput } from './types'
import { endpointView, retryFromView } from './views'
import { headersWithoutCredentials, urlWithoutCredentials } from './config-credentials'

type CreateInput = ParsedInput<'endpoints.create'>
type PatchInput = ParsedInput<'endpoints.update'>['patch']

function signingToEngine(s: CreateInput['signing'] | undefined): EndpointInput['signing'] {
  if (!s || s.scheme === 'none') return null
  return { scheme: s.scheme, hmac: s.hmac, ...(s.secret !== undefined ? { secret: s.secret } : {}) }
}

export function patchToEngine(p: PatchInput): EndpointPatch {
  const out: EndpointPatch = {}
  if (p.name !== undefined) out.name = p.name
  if (p.url !== undefined) out.url = p.url
  if (p.method !== undefined) out.method = p.method
  if (p.headers !== undefined) out.headers = p.headers
  if (p.eventTypes !== undefined) out.eventTypes = p.eventTypes
  if (p.signing !== undefined) out.signing = signingToEngine(p.signing)
  if (p.retry !== undefined) out.retry = retryFromView(p.retry)
  if (p.timeoutMs !== undefined) out.timeoutMs = p.timeoutMs
  if (p.rateLimitPerSec !== undefined) out.rateLimitPerSec = p.rateLimitPerSec
  if (p.maxConcurrency !== undefined) out.maxConcurrency = p.maxConcurrency
  if (p.breakerThreshold !== undefined) out.breakerThreshold = p.breakerThreshold
  if (p.breakerCooldownMs !== undefined) out.breakerCooldownMs = p.breakerCooldownMs
  if (p.autoDisableAfter !== undefined) out.autoDisableAfter = p.autoDisableAfter
  if (p.enabled !== undefined) out.enabled = p.enabled
  return out
}

export function inputToEngine(i: CreateInput): EndpointInput {
  return { ...patchToEngine(i), url: i.url }
}

/** Exported config file: endpoints and templates, never secrets (they go in git). */
const ConfigFile = z.object({
  format: z.literal('hooklab.config/v1'),
  endpoints: z.array(EndpointInputSchema.extend({ credentialsLeftOut: z.array(z.string().max(200)).max(20).optional() })),
  templates: z.array(Template.partial({ id: true })),
})

/** An endpoint's URL and headers as a config file holds them, and what was left out (config-credentials.ts). */
function withoutCredentials(url: string, headers: Array<[string, string]>): { url: string; headers: Array<[string, string]>; leftOut: string[] } {
  const u = urlWithoutCredentials(url)
  const h = headersWithoutCredentials(headers)
  return { url: u.url, headers: h.headers, leftOut: [...u.leftOut, ...h.leftOut].slice(0, 20) }
}

export function endpointHandlers({ engine, env }: ApiContext) {
  const view = (id: string): EndpointView => {
    return endpointView(engine.endpoints.get(id), engine.endpoints.health(id))
  }

  const handlers: Pick<
    Handlers,
    | 'endpoints.list'
    | 'endpoints.get'
    | 'endpoints.create'
    | 'endpoints.update'
    | 'endpoints.delete'
    | 'endpoints.setEnabled'
    | 'endpoints.resetBreaker'
    | 'endpoints.retryPlan'
    | 'endpoints.generateSecret'
    | 'config.export'
    | 'config.import'
  > = {
    'endpoints.list': () => engine.endpoints.list().map((e) => view(e.id)),
    'endpoints.get': ({ id }) => view(id),
    'endpoints.create': (input) => view(engine.endpoints.create(inputToEngine(input)).id),
    'endpoints.update': ({ id, patch }) => view(engine.endpoints.update(id, patchToEngine(patch)).id),
    'endpoints.delete': ({ id }) => {
      engine.endpoints.delete(id)
      return { ok: true as const }
    },
    'endpoints.setEnabled': ({ id, enabled }) => view(engine.endpoints.update(id, { enabled }).id),
    // The engine closes the breaker (and clears the failure streak) whenever an endpoint is
    // (re-)enabled; a disabled endpoint is not re-enabled behind the user's back.
    'endpoints.resetBreaker': ({ id }) => {
      if (!engine.endpoints.get(id).enabled) throw new HooklabError('E_CONFLICT', 'Enable the endpoint to reset its breaker.')
      return view(engine.endpoints.update(id, { enabled: true }).id)
    },
    'endpoints.retryPlan': ({ retry }) => retryPlan(retry ? retryFromView(retry) : DEFAULT_RETRY),
    'endpoints.generateSecret': ({ scheme }) => ({ secret: generateSecret(scheme) }),

    'config.export': (): MethodOutput<'config.export'> => {
      const endpoints = engine.endpoints.list().map((e) => {
        const v = view(e.id)
        const bare = withoutCredentials(v.url, v.headers)
        return {
          name: v.name,
          url: bare.url,
          method: v.method,
          headers: bare.headers,
          ...(bare.leftOut.length ? { credentialsLeftOut: bare.leftOut } : {}),
          eventTypes: v.eventTypes,
          // The scheme travels, the secret does not: set it again after import.
          signing: { scheme: v.signing.scheme, ...(v.signing.hmac ? { hmac: v.signing.hmac } : {}) },
          retry: v.retry,
          timeoutMs: v.timeoutMs,
          rateLimitPerSec: v.rateLimitPerSec,
          maxConcurrency: v.maxConcurrency,
          breakerThreshold: v.breaker.threshold,
          breakerCooldownMs: v.breaker.cooldownMs,
          autoDisableAfter: v.autoDisableAfter,
          enabled: v.enabled,
        }
      })
      // A template's headers are left without credentials too (its Authorization would go into git).
      const templates = env.templates.list().map((t) => ({ ...t, headers: headersWithoutCredentials(t.headers).headers }))
      return { json: `${JSON.stringify({ format: 'hooklab.config/v1', endpoints, templates }, null, 2)}\n` }
    },
    'config.import': ({ json }) => {
      let data: unknown
      try {
        data = JSON.parse(json)
      } catch {
        throw new HooklabError('E_INVALID_INPUT', 'The config file is not valid JSON.')
      }
      const format = (data as { format?: unknown } | null)?.format
      if (format !== 'hooklab.config/v1')
        throw new HooklabError('E_INVALID_INPUT', `Not a Hooklab config file${typeof format === 'string' ? ` (its format is "${format}")` : ''}: export one from Endpoints → Export config.`)
      const parsed = ConfigFile.safeParse(data)
      if (!parsed.success) throw new HooklabError('E_INVALID_INPUT', `The config file has something Hooklab cannot take: ${formatIssues(parsed.error, 'config')}`)
      // Validate everything first, so a bad entry imports nothing.
      const entries = parsed.data.endpoints.map((e) => ({ input: inputToEngine(e), leftOut: e.credentialsLeftOut ?? [] }))
      const inputs = entries.map((e) => e.input)
      // What is here already (an endpoint by name and URL, a template by name) is left as it is: a file
      // imported twice adds nothing.
      const here = new Set(engine.endpoints.list().map((e) => `${e.name}\n${withoutCredentials(e.url, []).url}`))
      const fresh = entries.filter(({ input }) => !here.has(`${input.name}\n${input.url}`))
      const templatesHere = new Set(env.templates.list().map((t) => t.name))
      const freshTemplates = parsed.data.templates.filter((t) => !templatesHere.has(t.name))
      // A file never holds secrets: a signed endpoint arrives disabled until its secret is set.
      // Credentials left out of the file likewise: it arrives disabled, saying which to set.
      const made = fresh.map(({ input, leftOut }) =>
        engine.endpoints.create(input, { secretLater: true, ...(leftOut.length ? { disabledReason: `not in the config file: set ${leftOut.join(' and ')}, then enable it` } : {}) }),
      )
      for (const t of freshTemplates) env.templates.save({ ...t, id: undefined })
      return {
        endpoints: made.length,
        templates: freshTemplates.length,
        needSecret: made.filter((e) => e.signing !== null && !e.hasSecret).length,
        skipped: inputs.length - fresh.length + parsed.data.templates.length - freshTemplates.length,
      }
    },
  }
  return handlers
}
