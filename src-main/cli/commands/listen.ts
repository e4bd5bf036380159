import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { systemClock } from '../../engine/clock'
import { startCheckpointer } from '../../engine/db/checkpointer'
import { openDb } from '../../engine/db/open'
import { EventBus } from '../../engine/events'
import { consoleLogger } from '../../engine/logger'
import { dbFile } from '../../engine/paths'
import { createReceiver, DEFAULT_INBOX_SLUG } from '../../engine/receiver'
import type { InboxOverride } from '../../engine/receiver'
import type { VerificationSettings } from '../../engine/receiver/types'
import { pointsAtReceiver, SELF_FORWARD } from '../../engine/receiver/forward'
import { checkHeaders, effectiveSteps, parseResponseScript } from '../../engine/receiver/response-rules'
import type { ResponseRule, ResponseStep } from '../../engine/receiver/response-rules'
import { receiverCert } from '../../engine/receiver/tls-cert'
import { checkVars } from '../../engine/receiver/response-vars'
import type { StepWithBytes } from '../../engine/receiver/answer'
import { SCHEME_IDS } from '../../engine/signing/types'
import { captureJsonLine, forwardLine, humanLine, printable, unansweredLine } from '../capture-lines'
import { collect, flagName, parseHeaderFlag, parseScheme, printJsonLine, resolveHome, trustLocalTls, UsageError } from '../io'
import { collectHmacOptions } from './sign'

// `hooklab listen`: the receiver in the foreground, one line per capture. The flags apply to
// this run only (in memory), so they never overwrite what the app has stored for the inbox.
export const DEFAULT_LISTEN_PORT = 7788

interface ListenFlags {
  port?: string
  httpsPort?: string
  inbox?: string
  verify?: string
  secret?: string[]
  tolerance?: string
  hmacHeader?: string
  algorithm?: string
  encoding?: string
  prefix?: string
  respond?: string
  respondHeader?: string[]
  respondBody?: string
  delay?: string
  forwardTo?: string
  relay?: boolean
  json?: boolean
  home?: string
}

export function registerListen(program: Command): void {
  program
    .command('listen')
    .description('Catch webhooks on a local port and print each one (paths under /in/<slug>/ go to that inbox).')
    .option('--port <n>', `port to listen on, 0 = any free port (default ${DEFAULT_LISTEN_PORT})`)
    .option('--https-port <n>', 'also listen on https on this port (0 = any free one), with the receiver’s own certificate for localhost')
    .option('--inbox <slug>', 'inbox for paths not under /in/<slug>/ (created if missing)')
    .option('--verify <scheme>', `verify signatures with this scheme (${SCHEME_IDS.join(', ')})`)
    .option('--secret <secret>', 'secret for --verify (or whpk_ public key); repeat for a rotation, the current first: any of them verifies, and one signed only with a later one says “valid with the previous secret”', collect)
    .option('--tolerance <sec>', '--verify: allowed timestamp age/skew in seconds (default 300; standard, stripe, slack)')
    .option('--hmac-header <name>', '--verify hmac: signature header (default X-Signature)')
    .option('--algorithm <alg>', '--verify hmac: sha1 | sha256 | sha512 (default sha256)')
    .option('--encoding <enc>', '--verify hmac: hex | base64 (default hex)')
    .option('--prefix <text>', '--verify hmac: text before the digest (default none)')
    .option('--respond <status|script>', 'status to answer with (default 200 with a small JSON body), or a script whose steps advance per request: "500, 429 retry-after=2, hang, 200" (the last repeats)')
    .option('--respond-header <header>', "a header to answer with, 'Name: value' (repeatable)", collect)
    .option('--respond-body <text>', 'the body to answer with (@FILE reads a file)')
    .option('--delay <ms>', 'wait this long before answering')
    .option('--forward-to <url>', 'forward every capture to this URL and record its answer')
    .option('--relay', "answer each sender with the --forward-to server's response (status, headers, body), like a proxy")
    .option('--json', 'one JSON object per capture')
    .option('--home <dir>', 'data dir (default: the desktop app’s, or HOOKLAB_HOME)')
    .action(async (flags: ListenFlags) => {
      await runListen(flags)
    })
}

function parseIntFlag(name: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`)
  return Number(text)
}

/** --respond: one status, or a script ("500, 429 retry-after=2, hang, 200") whose steps advance per request. */
function respondSteps(text: string | undefined, delayMs: number): ResponseStep[] {
  if (text === undefined || /^\s*\d+\s*$/.test(text)) {
    const status = text === undefined ? 200 : parseIntFlag('respond', text.trim(), 200, 599)
    return [{ status, headers: [], body: '', delayMs }]
  }
  try {
    // --delay is the delay of the steps that give none of their own.
    return parseResponseScript(text).map((step) => (step.delayMs === 0 ? { ...step, delayMs } : step))
  } catch (err) {
    throw new UsageError(`--respond: ${(err as Error).message}`)
  }
}

/** The file's text, or its bytes when they are not UTF-8 text (an image …): those are answered as they are. */
function readBodyFile(path: string): { text: string; bytes?: Buffer } {
  try {
    const bytes = readFileSync(path)
    try {
      return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) }
    } catch {
      return { text: '', bytes }
    }
  } catch (err) {
    throw new UsageError(`--respond-body @${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`)
  }
}

function buildOverride(flags: ListenFlags): InboxOverride {
  const delayMs = flags.delay === undefined ? 0 : parseIntFlag('delay', flags.delay, 0, 600_000)
  const steps = respondSteps(flags.respond, delayMs)
  const headers = (flags.respondHeader ?? []).map(parseHeaderFlag)
  const file = flags.respondBody?.startsWith('@') ? readBodyFile(flags.respondBody.slice(1)) : null
  const body = file ? file.text : (flags.respondBody ?? '')
  try {
    // The same check as an inbox's stored rule: header names and values a response can carry.
    checkHeaders(headers, '--respond-header')
    checkVars(body, '--respond-body')
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  if (flags.relay) {
    if (flags.forwardTo === undefined) throw new UsageError('--relay needs --forward-to URL: it answers with that server’s response')
    const own = (['respond', 'respondHeader', 'respondBody', 'delay'] as const).find((k) => flags[k] !== undefined)
    if (own) throw new UsageError(`--relay answers with your server’s response, so ${flagName(own)} would never be used`)
  }
  // As a stored rule answers: the headers and body folded into each step, the headers also kept on their
  // own (a CORS preflight is answered 204 with them).
  const rule: ResponseRule = { steps, failRate: 0, headers, body, relay: flags.relay === true }
  const bytes = file?.bytes
  // A binary file goes on each step as bytes (answer.ts sends them as they are), not as text.
  const answered: StepWithBytes[] = bytes ? effectiveSteps(rule).map((s) => ({ ...s, bodyBytes: bytes })) : effectiveSteps(rule)
  const override: InboxOverride = { response: { ...rule, steps: answered } }
  const verifying = verification(flags)
  if (verifying) override.verification = verifying
  if (flags.forwardTo !== undefined) {
    let url: URL
    try {
      url = new URL(flags.forwardTo)
    } catch {
      throw new UsageError(`--forward-to "${flags.forwardTo}" is not a URL`)
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--forward-to must be an http:// or https:// URL')
    override.forwardTo = flags.forwardTo
  }
  return override
}

/** --verify with its secrets (several during a rotation, as `verify` takes them), tolerance and hmac options. */
function verification(flags: ListenFlags): VerificationSettings | undefined {
  if (flags.verify === undefined) {
    const stray = (['secret', 'tolerance', 'hmacHeader', 'algorithm', 'encoding', 'prefix'] as const).find((k) => flags[k] !== undefined)
    if (stray) throw new UsageError(`${flagName(stray)} needs --verify SCHEME`)
    return undefined
  }
  const scheme = parseScheme(flags.verify, '--verify')
  const secrets = flags.secret ?? []
  if (secrets.length === 0 || secrets.some((s) => s === '')) throw new UsageError('--verify needs --secret (not empty)')
  if (flags.tolerance !== undefined && !/^\d{1,9}$/.test(flags.tolerance))
    throw new UsageError(`--tolerance must be whole seconds, not "${flags.tolerance}"`)
  const hmac = collectHmacOptions(scheme, { header: flags.hmacHeader, algorithm: flags.algorithm, encoding: flags.encoding, prefix: flags.prefix }, { scheme: '--verify', header: '--hmac-header' })
  return { scheme, secrets, toleranceSec: flags.tolerance === undefined ? 300 : Number(flags.tolerance), hmac }
}

/**
 * The first stdout line says where to send (a script waits for it before sending). With --json it is JSON
 * too, `{"listening":…}`, so `listen --json | jq` reads every line; the capture lines follow it.
 */
function printAddress(json: boolean, url: string, https: { url: string; certFile: string } | null): void {
  if (json) printJsonLine({ listening: url, ...(https ? { https: https.url, certificate: https.certFile } : {}) })
  else process.stdout.write(`listening on ${url}\n${https ? `and on ${https.url} (certificate: ${https.certFile})\n` : ''}`)
}

async function runListen(flags: ListenFlags): Promise<void> {
  const port = flags.port === undefined ? DEFAULT_LISTEN_PORT : parseIntFlag('port', flags.port, 0, 65535)
  const override = buildOverride(flags)
  const slug = flags.inbox ?? DEFAULT_INBOX_SLUG
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(slug)) throw new UsageError(`--inbox "${slug}" must be lower-case letters, digits, - and _`)
  const home = resolveHome(flags.home)
  const db = openDb({ file: dbFile(home) })
  const bus = new EventBus()
  const logger = consoleLogger()
  // WAL checkpoints off the receiver's thread, as in the engine.
  const checkpointer = startCheckpointer(db, { logger })
  const trust = trustLocalTls(home)
  const httpsPort = flags.httpsPort === undefined ? undefined : parseIntFlag('https-port', flags.httpsPort, 0, 65535)
  const cert = httpsPort === undefined ? undefined : await receiverCert(home)
  const receiver = createReceiver({
    db,
    bus,
    clock: systemClock,
    logger: { ...logger, info: () => {} },
    options: { port, defaultInboxSlug: slug, ...(cert && httpsPort !== undefined ? { https: { port: httpsPort, key: cert.key, cert: cert.cert } } : {}) },
    trustLocalTls: () => trust,
  })
  receiver.setOverride(slug, override)

  bus.on('capture.received', ({ captureId }) => {
    const c = receiver.getCapture(captureId)
    if (flags.json) printJsonLine(captureJsonLine(c))
    else process.stdout.write(`${humanLine(c)}\n`)
  })
  // What was answered without a capture (a slug with no inbox, malformed HTTP, …): on stderr, so
  // --json's stdout stays one capture per line.
  bus.on('receiver.refused', (r) => {
    const request = [r.method, r.path].filter(Boolean).join(' ')
    // The path and the reason carry what the sender sent (an Expect value, a path): printed as text.
    process.stderr.write(printable(`✗ ${r.status ?? 'no answer'}${request ? ` ${request}` : ''}${r.remote ? ` from ${r.remote}` : ''}: ${r.reason} (not captured)`) + '\n')
  })
  if (!flags.json)
    bus.on('capture.updated', ({ captureId, change }) => {
      const c = receiver.getCapture(captureId)
      if (change === 'forward' && c.forward) process.stdout.write(`${forwardLine(c)}\n`)
      const gaveUp = c.response?.unanswered
      if (change === 'unanswered' && gaveUp) process.stdout.write(`${unansweredLine(c.id, gaveUp)}\n`)
    })

  const bound = await receiver.start()
  const { url, httpsUrl } = bound
  // A forward-to that is this receiver (known once its port is): each capture would be forwarded to itself.
  const forward = override.forwardTo
  if (forward && [bound.port, bound.httpsPort ?? null].some((p) => pointsAtReceiver(forward, p))) {
    await receiver.stop()
    await checkpointer.stop()
    db.close()
    throw new UsageError(`--forward-to ${forward}: ${SELF_FORWARD}`)
  }
  printAddress(flags.json === true, url, httpsUrl && cert ? { url: httpsUrl, certFile: cert.certFile } : null)

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  await receiver.stop()
  await checkpointer.stop()
  db.close()
}
