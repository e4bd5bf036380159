// `hooklab sign`: signs the body read from stdin and prints the headers to send, one
// `Name: value` per line, so a shell script can feed them to curl -H.
import type { Command } from 'commander'
import { newId } from '../../engine/ids'
import { hmacOptions } from '../../engine/signing/hmac'
import { rotatesSecrets, signRequest } from '../../engine/signing/registry'
import { SCHEME_IDS } from '../../engine/signing/types'
import type { HmacOptions, SchemeId } from '../../engine/signing/types'
import { parseScheme, readStdin, UsageError } from '../io'

interface SignFlags {
  scheme: string
  secret: string
  previousSecret?: string
  id?: string
  timestamp?: string
  header?: string
  hmacHeader?: string
  algorithm?: string
  encoding?: string
  prefix?: string
}

export function registerSign(program: Command): void {
  program
    .command('sign')
    .description('Sign the body read from stdin; prints one "Name: value" header per line')
    .requiredOption('--scheme <scheme>', 'standard | stripe | github | shopify | slack | hmac')
    .requiredOption('--secret <secret>', 'signing secret (whsec_..., whsk_... for standard v1a)')
    .option('--previous-secret <secret>', 'also sign with this one (rotation overlap)')
    .option('--id <id>', 'message id (default: a fresh msg_ id)')
    .option('--timestamp <sec>', 'unix seconds (default: now)')
    .option('--header <name>', "hmac: the signature header's name (default X-Signature), not a 'Name: value' line")
    .option('--hmac-header <name>', 'hmac: same as --header')
    .option('--algorithm <alg>', 'hmac: sha1 | sha256 | sha512 (default sha256)')
    .option('--encoding <enc>', 'hmac: hex | base64 (default hex)')
    .option('--prefix <text>', 'hmac: text before the digest (default none)')
    .action(async (flags: SignFlags) => {
      const scheme = requireScheme(flags.scheme)
      refuseHeaderLine(flags.header)
      if (flags.header !== undefined && flags.hmacHeader !== undefined && flags.header !== flags.hmacHeader)
        throw new UsageError('--header and --hmac-header are the same option; give one')
      const hmac = collectHmacOptions(scheme, { ...flags, header: flags.header ?? flags.hmacHeader }, { scheme: '--scheme', header: flags.hmacHeader !== undefined ? '--hmac-header' : '--header' })
      // Only these schemes carry two signatures at once; the others would sign with --secret alone.
      if (flags.previousSecret !== undefined && !rotatesSecrets(scheme))
        throw new UsageError(`--previous-secret: ${scheme} carries one signature only; the schemes that sign with both secrets are ${SCHEME_IDS.filter(rotatesSecrets).join(' and ')}`)
      if (flags.timestamp !== undefined && !/^\d{1,12}$/.test(flags.timestamp))
        throw new UsageError(`--timestamp must be unix seconds, not "${flags.timestamp}"`)
      const timestamp = flags.timestamp === undefined ? Math.floor(Date.now() / 1000) : Number(flags.timestamp)
      const body = await readStdin(`echo -n '{"id":"evt_1"}' | hooklab sign --scheme ${scheme} --secret …`)
      const headers = signRequest(
        { scheme, secret: flags.secret, previousSecret: flags.previousSecret, hmac },
        { id: flags.id ?? newId('msg'), timestamp, body },
      )
      process.stdout.write(headers.map(([name, value]) => `${name}: ${value}\n`).join(''))
    })
}

/** The schemes whose header carries several signatures, so a sender can sign with the old secret too. */

// Shared with `verify` and `listen --verify`.

export function requireScheme(value: string): SchemeId {
  return parseScheme(value) // a usage error (exit 2) listing the known ids, as every command words it
}

/**
 * `verify -H` and `send -H` take a 'Name: value' line; sign's --header is the hmac signature header's
 * name. A line carried over from those commands would come out as a header named "X-Foo: bar": refused.
 */
function refuseHeaderLine(header: string | undefined): void {
  if (header === undefined || HEADER_NAME.test(header)) return
  throw new UsageError(
    `--header "${header}": for sign, --header is the name of the hmac signature header (the same as --hmac-header), not a 'Name: value' line; sign prints the headers to send, so add your own to curl -H yourself`,
  )
}

/** An HTTP header name (RFC 9110 token): no spaces, no ':'. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

interface HmacFlags {
  header?: string | undefined
  algorithm?: string | undefined
  encoding?: string | undefined
  prefix?: string | undefined
}

const ALGORITHMS = ['sha1', 'sha256', 'sha512'] as const
const ENCODINGS = ['hex', 'base64'] as const

/**
 * The hmac options for scheme hmac; the flags are a usage error with any other scheme. `names` are the
 * command's own flag names, for the message (`verify` calls the header flag --hmac-header, -H being taken).
 */
export function collectHmacOptions(scheme: SchemeId, flags: HmacFlags, names: { scheme: string; header: string }): HmacOptions | undefined {
  const given = [flags.header, flags.algorithm, flags.encoding, flags.prefix].some((v) => v !== undefined)
  if (scheme !== 'hmac') {
    if (given) throw new UsageError(`${names.header}/--algorithm/--encoding/--prefix apply only to ${names.scheme} hmac`)
    return undefined
  }
  if (flags.header !== undefined && !HEADER_NAME.test(flags.header))
    throw new UsageError(`${names.header} "${flags.header}" is not a header name (a name has no ':' and no spaces)`)
  const algorithm = ALGORITHMS.find((a) => a === flags.algorithm)
  if (flags.algorithm !== undefined && !algorithm)
    throw new UsageError(`--algorithm must be one of ${ALGORITHMS.join(', ')}`)
  const encoding = ENCODINGS.find((e) => e === flags.encoding)
  if (flags.encoding !== undefined && !encoding) throw new UsageError(`--encoding must be one of ${ENCODINGS.join(', ')}`)
  return hmacOptions({ header: flags.header, algorithm, encoding, prefix: flags.prefix })
}
