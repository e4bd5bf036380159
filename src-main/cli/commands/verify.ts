// `hooklab verify`: checks a request's signature against the body on stdin.
// Exit 0 + "valid" on stdout; 1 + reason (and the explainer's sentence) on stderr; 2 on bad usage.
import type { Command } from 'commander'
import { explainFailure } from '../../engine/signing/explain'
import { verifyRequest } from '../../engine/signing/registry'
import { collect, parseHeaderFlag, readStdin, UsageError } from '../io'
import { collectHmacOptions, requireScheme } from './sign'

interface VerifyFlags {
  scheme: string
  secret: string[]
  header: string[]
  tolerance?: string
  hmacHeader?: string
  algorithm?: string
  encoding?: string
  prefix?: string
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('Verify a signed request: headers from -H, body from stdin')
    .requiredOption('--scheme <scheme>', 'standard | stripe | github | shopify | slack | hmac')
    .option('--secret <secret>', 'secret (or whpk_ public key); repeat for rotation', collect, [])
    .option('-H, --header <line>', "a received header, 'Name: value' (repeatable)", collect, [])
    .option('--tolerance <sec>', 'allowed timestamp age/skew in seconds (default 300)')
    .option('--hmac-header <name>', 'hmac: signature header (default X-Signature)')
    .option('--algorithm <alg>', 'hmac: sha1 | sha256 | sha512 (default sha256)')
    .option('--encoding <enc>', 'hmac: hex | base64 (default hex)')
    .option('--prefix <text>', 'hmac: text before the digest (default none)')
    .action(async (flags: VerifyFlags) => {
      const scheme = requireScheme(flags.scheme)
      const hmac = collectHmacOptions(scheme, { ...flags, header: flags.hmacHeader }, { scheme: '--scheme', header: '--hmac-header' })
      // A repeatable flag's [] default would satisfy requiredOption, so check it here.
      if (flags.secret.length === 0) throw new UsageError("required option '--secret <secret>' not specified")
      if (flags.header.length === 0) throw new UsageError("give the request's headers with -H 'Name: value'")
      const headers = flags.header.map(parseHeaderFlag)
      if (flags.tolerance !== undefined && !/^\d{1,9}$/.test(flags.tolerance))
        throw new UsageError(`--tolerance must be whole seconds, not "${flags.tolerance}"`)
      const toleranceSec = flags.tolerance === undefined ? undefined : Number(flags.tolerance)
      const body = await readStdin(`echo -n '{"id":"evt_1"}' | hooklab verify --scheme ${scheme} --secret … -H 'Name: value'`)
      const config = { scheme, secrets: flags.secret, toleranceSec, hmac }
      const now = Date.now()
      const verdict = verifyRequest(config, headers, body, now)
      if (verdict.valid) {
        process.stdout.write('valid\n')
        return
      }
      const explanation = explainFailure(config, headers, body, now)
      process.stderr.write(`invalid: ${verdict.reason}\n${explanation ? `${explanation}\n` : ''}`)
      process.exitCode = 1
    })
}
