import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { createEngine } from '../../engine/engine'
import { parseDuration, parseDurationList } from '../../engine/duration'
import { scheduleFromText } from '../../engine/delivery/retry'
import type { RetryPolicy } from '../../engine/delivery/types'
import { outsideFilterNote, validateUrl } from '../../engine/endpoints/service'
import { getScheme, isSchemeId, signRequest } from '../../engine/signing/registry'
import { isHooklabError } from '../../engine/errors'
import type { HeaderPairs, HmacOptions, SchemeId } from '../../engine/signing/types'
import { ATTEMPT_TIMEOUT_MS } from '../../../src-preload/limits'
import { fillVariables } from '../../../src-preload/template-vars'
import { disabledNote, followDelivery, queuedToDisabled } from '../follow'
import { UsageError, collect, endpointByNameOrId, flagName, parseHeaderFlag, resolveHome, signingFlags, trustLocalTls } from '../io'
import { samples } from './samples'
import { collectHmacOptions } from './sign'

interface SendFlags {
  endpoint?: string
  body?: string
  sample?: string
  event?: string
  scheme?: string
  secret?: string
  signedAgo?: string
  hmacHeader?: string
  algorithm?: string
  encoding?: string
  prefix?: string
  header: string[]
  maxAttempts?: string
  timeout?: string
  schedule?: string
  wait?: boolean
  json?: boolean
  home?: string
}

// hooklab send URL: enqueue one webhook into the home's durable queue; --wait delivers it here.
export function registerSend(program: Command): void {
  program
    .command('send')
    .description('Send a webhook through the durable queue (signed, retried, logged): to a URL, or to an endpoint set up in the app.')
    .argument('[url]', 'target URL (or --endpoint)')
    .option('--endpoint <name|id>', 'send to this endpoint: its URL, signing secret, retry policy and timeout')
    .option('--body <json|@file>', 'JSON body, @path to read it from a file, or @- from standard input (default {}); {{uuid}}, {{now}}, {{timestamp}}, {{counter}} filled in')
    .option('--sample <id>', 'send a sample event instead of --body: its body, headers and event type, variables filled in (list: hooklab samples)')
    .option('--event <type>', 'event type (e.g. invoice.paid)')
    .option('--scheme <scheme>', 'signing scheme: standard, stripe, github, shopify, slack, hmac')
    .option('--secret <secret>', 'signing secret')
    .option('--signed-ago <duration>', 'sign as if sent this long ago (e.g. 10m; =-10m for ahead): does the receiver refuse a stale timestamp? (standard, stripe, slack)')
    .option('--hmac-header <name>', 'hmac: signature header (default X-Signature)')
    .option('--algorithm <alg>', 'hmac: sha1 | sha256 | sha512 (default sha256)')
    .option('--encoding <enc>', 'hmac: hex | base64 (default hex)')
    .option('--prefix <text>', 'hmac: text before the digest (default none)')
    .option('-H, --header <header>', "extra header 'Name: value' (repeatable)", collect, [])
    .option('--max-attempts <n>', 'attempts in total, first included')
    .option('--timeout <duration>', 'per-attempt timeout, 100ms to 5m (bare number = ms; 15s default)')
    .option('--schedule <list>', 'retry delays, e.g. 1s,5s,30s, or a preset: svix, stripe, github')
    .option('--wait', 'deliver in this process and exit 0 when delivered, 1 when failed, dead or cancelled; Ctrl-C stops waiting and leaves it queued (exit 130)')
    .option('--json', 'one JSON object per line')
    .option('--home <dir>', 'data dir (default: the app’s, or HOOKLAB_HOME)')
    .action(async (url: string | undefined, flags: SendFlags) => {
      const code = await runSend(url, flags)
      process.exit(code)
    })
}

/** What --endpoint sets itself: these flags would be ignored, so they are refused. */
const ENDPOINT_OWNS = ['scheme', 'secret', 'signedAgo', 'hmacHeader', 'algorithm', 'encoding', 'prefix', 'schedule', 'maxAttempts', 'timeout'] as const

async function runSend(url: string | undefined, flags: SendFlags): Promise<number> {
  if ((url === undefined) === (flags.endpoint === undefined)) throw new UsageError('give a URL or --endpoint NAME (one of them)')
  if (flags.endpoint !== undefined) {
    const own = ENDPOINT_OWNS.find((k) => flags[k] !== undefined)
    if (own) throw new UsageError(`${flagName(own)} is the endpoint's own setting; change it in the app, or send to its URL`)
  }
  refuseSignedHeaders(flags)
  const parsed = parseFlags(url, flags.sample === undefined ? flags : await withSample(flags))
  const home = resolveHome(flags.home)
  // --wait serves only its own delivery: a short-lived CLI must not drain the home's backlog.
  const only = new Set<string>()
  const engine = createEngine({ home, dispatchOnly: flags.wait ? only : undefined, trustLocalTls: trustLocalTls(home) })
  try {
    const endpointId = flags.endpoint === undefined ? undefined : endpointByNameOrId(engine, flags.endpoint)
    const req = endpointId === undefined ? parsed : { ...parsed, url: undefined, endpointId }
    // A disabled endpoint's deliveries wait in the queue until it is enabled: --wait would wait for that in silence.
    const disabled = endpointId === undefined ? null : disabledNote(engine, endpointId)
    // An endpoint named by hand gets the event even when its filter would leave it out: said, not refused.
    const outside = endpointId === undefined ? null : outsideFilterNote(engine.endpoints.row(endpointId)!, req.eventType)
    if (outside) process.stderr.write(`note: ${outside}\n`)
    if (disabled && flags.wait)
      throw new UsageError(`${disabled}: --wait would wait until it is enabled again. Enable it in the app, or send without --wait to queue it for then`)
    if (!flags.wait) {
      const { deliveryId } = engine.delivery.enqueue(req)
      engine.delivery.flush()
      const live = engine.liveEngines()
      process.stdout.write(flags.json ? `${JSON.stringify({ deliveryId, queued: true })}\n` : `${deliveryId}\n`)
      process.stderr.write(
        disabled
          ? queuedToDisabled(disabled, deliveryId, flags.home)
          : live.length
            ? `queued; the running Hooklab on ${home} will deliver it within a second\n`
            : `queued, but no Hooklab is running on ${home}: it will be delivered when the app or \`hooklab serve\` starts (or use --wait)\n`,
      )
      return 0
    }
    const { deliveryId, messageId } = engine.delivery.enqueue(req)
    only.add(deliveryId)
    return await followDelivery(engine, { deliveryId, messageId, endpointId: endpointId ?? null, json: flags.json ?? false, homeFlag: flags.home, home })
  } finally {
    await engine.stop({ graceMs: 1000 })
  }
}

/**
 * A -H that the signature sets itself (webhook-id, X-GitHub-Delivery, the signature headers) would be
 * replaced on the wire without a word: refused, saying how to send one id twice.
 */
function refuseSignedHeaders(flags: SendFlags): void {
  if (flags.scheme === undefined || flags.secret === undefined || !isSchemeId(flags.scheme)) return
  let names: string[]
  try {
    names = signRequest({ scheme: flags.scheme, secret: flags.secret, hmac: hmacFlags(flags.scheme, flags) }, { id: 'msg_x', timestamp: 0, body: Buffer.alloc(0) }).map(([n]) => n.toLowerCase())
  } catch {
    return // a secret that cannot sign is said when the flags are read
  }
  const signed = new Set(['webhook-id', ...names])
  const clash = flags.header.map((h) => parseHeaderFlag(h)[0]).find((n) => signed.has(n.toLowerCase()))
  if (clash)
    throw new UsageError(
      `-H ${clash}: the ${flags.scheme} signature sets this header itself (the id is the message id); to send the same id again, replay the delivery: hooklab replay dlv_…`,
    )
}

const HMAC_FLAGS = ['hmacHeader', 'algorithm', 'encoding', 'prefix'] as const

/** --hmac-header/--algorithm/--encoding/--prefix, read as `sign` reads them: for --scheme hmac only. */
function hmacFlags(scheme: SchemeId | undefined, flags: SendFlags): HmacOptions | undefined {
  if (scheme === undefined) {
    const given = HMAC_FLAGS.find((k) => flags[k] !== undefined)
    if (given) throw new UsageError(`${flagName(given)} needs --scheme hmac --secret S`)
    return undefined
  }
  return collectHmacOptions(scheme, { header: flags.hmacHeader, algorithm: flags.algorithm, encoding: flags.encoding, prefix: flags.prefix }, { scheme: '--scheme', header: '--hmac-header' })
}

/**
 * The flags with the sample's body, event type and headers filled in (its {{uuid}}, {{now}}, … as the
 * Send view fills them for one message). --event and -H still win; --body and --sample exclude each other.
 */
async function withSample(flags: SendFlags): Promise<SendFlags> {
  if (flags.body !== undefined) throw new UsageError('--body and --sample exclude each other')
  const sample = (await samples()).find((s) => s.id === flags.sample)
  if (!sample) throw new UsageError(`no sample "${flags.sample}" (run \`hooklab samples\` to list them)`)
  const now = Date.now()
  const given = new Set(flags.header.map((h) => parseHeaderFlag(h)[0].toLowerCase()))
  // --event names the event: the sample's own event header (X-GitHub-Event: push) gives way to the one the scheme sends for it.
  const eventHeader = flags.event !== undefined && flags.scheme !== undefined && isSchemeId(flags.scheme) ? getScheme(flags.scheme).eventHeader?.name : undefined
  if (eventHeader) given.add(eventHeader.toLowerCase())
  const sampleHeaders = sample.headers.filter(([n]) => !given.has(n.toLowerCase())).map(([n, v]) => `${n}: ${fillVariables(v, 1, now)}`)
  return { ...flags, body: fillVariables(sample.body, 1, now), event: flags.event ?? sample.eventType, header: [...sampleHeaders, ...flags.header] }
}

function parseFlags(url: string | undefined, flags: SendFlags) {
  if (url !== undefined) {
    try {
      validateUrl(url)
    } catch (err) {
      throw new UsageError(isHooklabError(err) ? err.message : `bad URL ${url}`)
    }
  }
  // {{uuid}}, {{now}}, {{timestamp}} and {{counter}} (1) are filled in as Send fills them for one message.
  const now = Date.now()
  const headers: HeaderPairs = flags.header.map(parseHeaderFlag).map(([n, v]) => [n, fillVariables(v, 1, now)])
  const explicitType = headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1]
  let body: Buffer
  const raw = flags.body ?? '{}'
  if (raw.startsWith('@')) {
    // @- is standard input: `jq … | hooklab send URL --body @-`.
    const file = raw === '@-' ? 0 : raw.slice(1)
    try {
      body = readFileSync(file)
    } catch {
      throw new UsageError(raw === '@-' ? 'cannot read the body from standard input' : `cannot read body file ${raw.slice(1)}`)
    }
  } else body = Buffer.from(raw, 'utf8')
  body = withVariables(body, now)
  const isJson = !explicitType || /json/i.test(explicitType)
  if (isJson) {
    try {
      JSON.parse(body.toString('utf8'))
    } catch (err) {
      throw new UsageError(`--body is not valid JSON (${(err as Error).message}); pass JSON, or set -H 'Content-Type: ...' for other bodies`)
    }
  }
  const signing = signingFlags(flags.scheme, flags.secret)
  const hmac = hmacFlags(signing?.scheme, flags)
  if (signing && hmac) Object.assign(signing, { hmac })
  if (flags.signedAgo !== undefined) {
    if (!signing || !['standard', 'stripe', 'slack'].includes(signing.scheme)) throw new UsageError('--signed-ago needs --scheme standard, stripe or slack (a scheme that signs a timestamp)')
    // A leading '-' signs ahead: a sender whose clock runs fast (--signed-ago=-10m).
    const ahead = flags.signedAgo.startsWith('-')
    let ms: number
    try {
      ms = parseDuration(ahead ? flags.signedAgo.slice(1) : flags.signedAgo, 's')
    } catch (err) {
      throw new UsageError(`--signed-ago: ${(err as Error).message}`)
    }
    // A year at most, as in the app: past that the timestamp is no test of freshness (and can go negative).
    if (ms > 365 * 24 * 3600_000) throw new UsageError(`--signed-ago ${flags.signedAgo}: at most a year (365d) either way`)
    Object.assign(signing, { timestampOffsetSec: Math.round(ms / 1000) * (ahead ? -1 : 1) })
  }
  let timeoutMs: number | undefined
  let retry: RetryPolicy | undefined
  try {
    if (flags.timeout !== undefined) timeoutMs = parseDuration(flags.timeout, 'ms')
    if (flags.schedule !== undefined || flags.maxAttempts !== undefined) {
      retry = { schedule: flags.schedule ? scheduleFromText(flags.schedule, parseDurationList) : { kind: 'exponential' } }
      if (flags.maxAttempts !== undefined) {
        const n = Number(flags.maxAttempts)
        if (!Number.isInteger(n) || n < 1) throw new UsageError('--max-attempts must be a whole number of 1 or more')
        retry.maxAttempts = n
      }
    }
  } catch (err) {
    if (err instanceof UsageError) throw err
    throw new UsageError((err as Error).message)
  }
  if (timeoutMs !== undefined && !(timeoutMs >= ATTEMPT_TIMEOUT_MS.min && timeoutMs <= ATTEMPT_TIMEOUT_MS.max))
    throw new UsageError(`--timeout ${flags.timeout}: an attempt's timeout is 100ms to 5m (as in the app)`)
  return {
    url,
    body,
    contentType: explicitType ?? 'application/json',
    headers: headers.filter(([n]) => n.toLowerCase() !== 'content-type'),
    eventType: flags.event ?? null,
    signing,
    retry,
    timeoutMs,
  }
}

/** The body with its variables filled in, when it is UTF-8 text that has any (bytes that are not stay as they are). */
function withVariables(body: Buffer, now: number): Buffer {
  if (!body.includes('{{')) return body
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body)
  } catch {
    return body
  }
  return Buffer.from(fillVariables(text, 1, now), 'utf8')
}
