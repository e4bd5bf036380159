import { createSettingsStore } from '../api/settings-store'
import { toErrorPayload } from '../engine/errors'
import { defaultHome } from '../engine/paths'
import { isSchemeId } from '../engine/signing/registry'
import { SCHEME_IDS } from '../engine/signing/types'
import type { SchemeId } from '../engine/signing/types'
import type { Engine } from '../engine/engine'

/** --home, then HOOKLAB_HOME, then the desktop app's own data dir. */
export function resolveHome(flag: string | undefined): string {
  return flag ?? defaultHome()
}

/** The app's "accept a dev server's certificate on this machine" setting, as stored in the home (the CLI follows it). */
export function trustLocalTls(home: string): boolean {
  return createSettingsStore(home).get().trustLocalTls
}

/** 'Name: value' -> [name, value]; throws a usage error otherwise. */
export function parseHeaderFlag(text: string): [string, string] {
  const idx = text.indexOf(':')
  if (idx <= 0) throw new UsageError(`header "${text}" must look like 'Name: value'`)
  return [text.slice(0, idx).trim(), text.slice(idx + 1).trim()]
}

/**
 * A --scheme (or `listen --verify`) value as a scheme id, or a usage error worded the same in every command.
 * `svix` is refused with a pointer to `standard` rather than taken as an alias, so what a command prints and
 * stores (a capture's verification.scheme, an export) is always one of the six ids, never a second name.
 */
export function parseScheme(value: string, flag = '--scheme'): SchemeId {
  if (isSchemeId(value)) return value
  const shown = `Unknown signing scheme "${value.slice(0, 40)}" for ${flag}`
  const lower = value.toLowerCase()
  if (lower === 'svix') throw new UsageError(`${shown}: Svix signs in the Standard Webhooks format: use ${flag} standard`)
  const close = isSchemeId(lower) ? `: did you mean ${flag} ${lower}?` : ''
  throw new UsageError(`${shown}${close} (known: ${SCHEME_IDS.join(', ')})`)
}

/** --scheme and --secret (they go together): the signing they ask for, or undefined when neither is given. */
export function signingFlags(scheme: string | undefined, secret: string | undefined): { scheme: SchemeId; secret: string } | undefined {
  if ((scheme === undefined) !== (secret === undefined)) throw new UsageError('--scheme and --secret go together')
  if (scheme === undefined || secret === undefined) return undefined
  return { scheme: parseScheme(scheme), secret }
}

/** The inbox with this slug, or a usage error that lists the inboxes there are. */
export function inboxBySlug(inboxes: Pick<Engine['receiver']['inboxes'], 'getBySlug' | 'list'>, slug: string): { id: string; slug: string } {
  const inbox = inboxes.getBySlug(slug)
  if (inbox) return inbox
  const known = inboxes.list().map((i) => i.slug)
  throw new UsageError(`no inbox "${slug}" (inboxes: ${known.join(', ') || 'none'})`)
}

/** The endpoint with this id or name (any case), or a usage error that lists the endpoints there are. */
export function endpointByNameOrId(engine: Engine, key: string): string {
  const all = engine.endpoints.list()
  const hit = all.find((e) => e.id === key) ?? all.find((e) => e.name.toLowerCase() === key.toLowerCase())
  if (hit) return hit.id
  throw new UsageError(`no endpoint "${key}" (endpoints: ${all.map((e) => `"${e.name}"`).join(', ') || 'none; create one in the app'})`)
}

/** A file system error as a sentence about `what` (ENOENT: no such file or directory …). */
export function fileProblem(what: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code
  const why =
    code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : code === 'ENOTDIR' ? 'a part of its path is a file, not a folder' : code === 'ENOSPC' ? 'the disk is full' : (err as Error).message
  return new UsageError(`cannot write ${what}: ${why}`)
}

/** The flag a commander option key came from: respondHeader → --respond-header. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

/** Bad flags or arguments: exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

export function printJsonLine(obj: unknown): void {
  process.stdout.write(`${JSON.stringify(obj)}\n`)
}

export function reportAndExit(err: unknown): never {
  if (err instanceof UsageError) {
    process.stderr.write(`hooklab: ${err.message}\n`)
    process.exit(2)
  }
  const { code, message } = toErrorPayload(err)
  // Every command opens the database: say what to do about a damaged one (serve says it itself).
  const advice = code === 'E_DB_CORRUPT' && !message.includes('--move-damaged-db') ? ' `hooklab serve --move-damaged-db` moves it aside and starts a fresh one (the app offers the same).' : ''
  process.stderr.write(`hooklab: ${message}${advice} (${code})\n`)
  process.exit(code === 'E_INVALID_INPUT' || code === 'E_UNKNOWN_SCHEME' ? 2 : 1)
}

/**
 * What to say before reading the body from a terminal: without `echo … |` the command would wait for EOF in
 * silence. Nothing when stdin is a pipe or a file (a script's stdout stays clean either way: this is stderr).
 */
export function stdinHint(stdinIsTty: boolean, example: string): string | null {
  if (!stdinIsTty) return null
  return `reading the body from stdin; end with Ctrl-D, or pipe it: ${example}\n`
}

/** Reads all of stdin as bytes (for sign/verify); `example` is the piped command the terminal hint shows. */
export async function readStdin(example?: string): Promise<Buffer> {
  const hint = example === undefined ? null : stdinHint(process.stdin.isTTY === true, example)
  if (hint) process.stderr.write(hint)
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
