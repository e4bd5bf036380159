// The request a pasted curl command line would make (Send's "Paste cURL…"): the inverse of curl.ts,
// for what docs, logs, browsers' "Copy as cURL (bash)" and Hooklab's own "Copy as cURL" give. Options
// that shape the request are read as curl reads them; transport ones (-s, -k, -o, --max-time …) are
// skipped; what cannot become a text draft (a file, a multipart form) is refused by name.
import { ShellSyntaxError, shellWords, wordBytes, type Word } from './shell-words'

export interface ParsedCurl {
  method: string
  url: string
  headers: Array<[string, string]>
  /** The body as curl would send it; null for none. */
  body: Uint8Array | null
  /** Content type when no header set one: curl's default for -d, or --json's. */
  defaultContentType: string | null
  /** What was left out or changed, for the user to read. */
  notes: string[]
}

export class CurlParseError extends Error {}

/** Options that take a value and do not change the request (transport, output, TLS, retries). */
const SKIP_WITH_VALUE = new Set([
  '-o', '--output', '-m', '--max-time', '--connect-timeout', '--retry', '--retry-delay', '--retry-max-time', '-w',
  '--write-out', '--resolve', '--connect-to', '--cacert', '--capath', '--cert', '-E', '--key', '--cert-type', '--key-type',
  '-x', '--proxy', '-U', '--proxy-user', '--limit-rate', '-y', '--speed-time', '-Y', '--speed-limit', '--max-redirs',
  '-c', '--cookie-jar', '-D', '--dump-header', '--interface', '--local-port', '--trace', '--trace-ascii', '--stderr',
  '--unix-socket', '--abstract-unix-socket', '--expect100-timeout', '--keepalive-time', '--max-filesize', '--ciphers',
  '--dns-servers', '--noproxy', '--pinnedpubkey', '--proto', '--proto-redir', '--tls-max', '--variable', '--etag-save',
  '--etag-compare', '-z', '--time-cond', '-C', '--continue-at', '-r', '--range', '--aws-sigv4', '--oauth2-bearer',
])
/** Value options that shape the request, by the name used below. */
const VALUE_OPTIONS: Record<string, string> = {
  '-X': 'method', '--request': 'method', '-H': 'header', '--header': 'header', '-d': 'data', '--data': 'data',
  '--data-ascii': 'data', '--data-binary': 'data-binary', '--data-raw': 'data-raw', '--data-urlencode': 'data-urlencode',
  '--json': 'json', '-u': 'user', '--user': 'user', '-A': 'user-agent', '--user-agent': 'user-agent', '-e': 'referer',
  '--referer': 'referer', '-b': 'cookie', '--cookie': 'cookie', '--url': 'url', '-F': 'form', '--form': 'form',
  '--form-string': 'form', '-T': 'upload', '--upload-file': 'upload', '-K': 'config', '--config': 'config',
}
const FLAG_OPTIONS: Record<string, string> = { '-G': 'get', '--get': 'get', '-I': 'head', '--head': 'head' }
const SHORT_WITH_VALUE = new Set([...Object.keys(VALUE_OPTIONS), ...SKIP_WITH_VALUE].filter((o) => /^-[A-Za-z#0-9]$/.test(o)).map((o) => o[1]!))

const utf8 = (s: string) => new TextEncoder().encode(s)
// ignoreBOM: a body that starts with a BOM keeps it (the default decoder drops it).
const decode = (b: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b)
// Spaces and tabs only: trim() would also take a byte A0 (no-break space in latin1), the end of à in UTF-8.
const blanksOff = (s: string) => s.replace(/^[ \t]+|[ \t]+$/g, '')

/** What a command before `| curl` writes to curl's stdin, when it is one Hooklab or a person would write. */
function stdinOf(words: Word[]): Uint8Array | null {
  const [cmd, ...args] = words.map((w) => w.text)
  if (cmd === 'printf' && args[0] === '%s' && args.length === 2) return utf8(args[1]!)
  if (cmd === 'printf' && args.length === 1 && !/[%\\]/.test(args[0]!)) return utf8(args[0]!)
  if (cmd === 'echo' && args[0] === '-n') return utf8(args.slice(1).join(' '))
  if (cmd === 'echo') return utf8(`${args.join(' ')}\n`)
  return null
}

function splitCommands(words: Word[]): Word[][] {
  const out: Word[][] = [[]]
  for (const w of words) {
    if (w.operator) out.push([])
    else out[out.length - 1]!.push(w)
  }
  return out
}

/** The stdin curl would read: `printf %s 'BASE64' | base64 -d | curl …` (Hooklab's binary form) or `echo -n '…' | curl …`. */
function pipedInput(words: Word[], curlAt: number): Uint8Array | null {
  const before = words.slice(0, curlAt)
  if (before.length === 0) return null
  if (before[before.length - 1]?.text !== '|') return null
  const cmds = splitCommands(before.slice(0, -1))
  let data = cmds[0] ? stdinOf(cmds[0]) : null
  for (const c of cmds.slice(1)) {
    if (data && c[0]?.text === 'base64' && c.slice(1).some((w) => w.text === '-d' || w.text === '--decode')) {
      data = Uint8Array.from(atob(decode(data).replace(/\s+/g, '')), (ch) => ch.charCodeAt(0))
    } else return null
  }
  return data
}

const urlencode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+')

export function parseCurl(src: string): ParsedCurl {
  let words: Word[]
  try {
    // Windows cmd's "Copy as cURL (cmd)" continues lines with ^ and escapes with ^": not a POSIX shell.
    if (/\^\r?\n|\^"/.test(src)) throw new CurlParseError('This looks like a Windows cmd command (^ continuations). Copy it as cURL (bash) instead.')
    words = shellWords(src.trim())
  } catch (e) {
    if (e instanceof ShellSyntaxError) throw new CurlParseError(e.message)
    throw e
  }
  if (words[0]?.text === '$' && !words[0].operator) words = words.slice(1) // a shell prompt copied along
  // curl first, or fed by a pipeline (Hooklab's own `printf %s … | base64 -d | curl …`): the word curl
  // anywhere else in pasted text does not make it a curl command.
  const isCurl = (w: Word) => !w.operator && /^(?:.*\/)?curl(?:\.exe)?$/.test(w.text)
  const curlAt = words[0] && isCurl(words[0]) ? 0 : words.findIndex((w, i) => isCurl(w) && words[i - 1]?.text === '|')
  if (curlAt < 0 || words.slice(0, curlAt).some((w) => w.operator && w.text !== '|')) throw new CurlParseError('Not a curl command: it should start with curl.')
  const stdin = pipedInput(words, curlAt)
  const after = words.slice(curlAt + 1)
  const stop = after.findIndex((w) => w.operator)
  const args = (stop < 0 ? after : after.slice(0, stop)).map((w) => w.text)

  const notes: string[] = []
  const headers: Array<[string, string]> = []
  const data: string[] = []
  let method: string | null = null
  let url: string | null = null
  let get = false
  let head = false
  let json = false
  let rawData: Uint8Array | null = null

  const readData = (kind: string, v: string): void => {
    if (kind === 'data-raw') {
      data.push(v)
      return
    }
    if (kind === 'data-urlencode') {
      if (/^[^=]*@/.test(v) && !v.includes('=')) throw new CurlParseError(`--data-urlencode ${v} reads a file; paste its content instead.`)
      const eq = v.indexOf('=')
      data.push(eq < 0 ? urlencode(v) : eq === 0 ? urlencode(v.slice(1)) : `${v.slice(0, eq)}=${urlencode(v.slice(eq + 1))}`)
      return
    }
    if (!v.startsWith('@')) {
      data.push(v)
      return
    }
    if (v !== '@-') throw new CurlParseError(`${kind === 'json' ? '--json' : kind === 'data-binary' ? '--data-binary' : '-d'} ${v} reads the body from a file; paste the body instead (--data-raw '…').`)
    if (!stdin) throw new CurlParseError('The body comes from stdin (@-), and the command before curl is not one that says what it is.')
    // -d strips newlines from what it reads; --data-binary and --json keep every byte.
    if (kind === 'data') data.push(decode(stdin).replace(/[\r\n]/g, ''))
    else if (data.length === 0 && rawData === null) rawData = stdin
    else data.push(decode(stdin))
  }

  const apply = (name: string, v: string) => {
    const kind = VALUE_OPTIONS[name]
    switch (kind) {
      case 'method':
        method = v
        break
      case 'header': {
        if (v.startsWith('@')) throw new CurlParseError(`-H ${v} reads headers from a file; paste them instead.`)
        // Headers are held as the bytes curl sends, one character each (as the receiver stores them).
        const line = wordBytes(v)
        const colon = line.indexOf(':')
        const semi = line.indexOf(';')
        if (colon > 0) {
          const value = blanksOff(line.slice(colon + 1))
          if (value) headers.push([blanksOff(line.slice(0, colon)), value])
          // "Name:" alone removes a header curl would add: nothing to carry.
        } else if (semi > 0 && semi === line.length - 1) headers.push([blanksOff(line.slice(0, semi)), ''])
        else throw new CurlParseError(`-H '${v}' is not a header: write it as 'Name: value'.`)
        break
      }
      case 'data':
      case 'data-binary':
      case 'data-raw':
      case 'data-urlencode':
        readData(kind, v)
        break
      case 'json':
        json = true
        readData('json', v)
        break
      case 'user': {
        if (!v.includes(':')) notes.push(`-u ${v} has no password (curl would ask for one): sent with an empty one.`)
        headers.push(['Authorization', `Basic ${btoa(String.fromCharCode(...utf8(v.includes(':') ? v : `${v}:`)))}`])
        break
      }
      case 'user-agent':
        headers.push(['User-Agent', wordBytes(v)])
        break
      case 'referer':
        headers.push(['Referer', wordBytes(v)])
        break
      case 'cookie':
        if (v.includes('=')) headers.push(['Cookie', wordBytes(v)])
        else notes.push(`-b ${v} names a cookie file: not read.`)
        break
      case 'url':
        if (url === null) url = v
        else notes.push(`More than one URL: ${v} is left out.`)
        break
      case 'form':
        throw new CurlParseError(`-F (multipart form) is not imported: Send takes a text body. Paste the body with --data-raw instead.`)
      case 'upload':
        throw new CurlParseError(`-T ${v} uploads a file; paste its content with --data-raw instead.`)
      case 'config':
        throw new CurlParseError(`-K ${v} reads options from a file; paste them instead.`)
    }
  }

  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    const next = (): string => {
      if (i + 1 >= args.length) throw new CurlParseError(`${a} needs a value.`)
      return args[++i]!
    }
    if (a.startsWith('--')) {
      if (a === '--') continue
      if (VALUE_OPTIONS[a]) apply(a, next())
      else if (FLAG_OPTIONS[a] === 'get') get = true
      else if (FLAG_OPTIONS[a] === 'head') head = true
      else if (SKIP_WITH_VALUE.has(a)) next()
      // Any other long option is a flag that does not change the request (--compressed, --location …).
      continue
    }
    if (a.startsWith('-') && a.length > 1) {
      // A cluster of short options, like -sSL or -XPOST: a value option takes the rest, or the next word.
      for (let j = 1; j < a.length; j++) {
        const o = `-${a[j]}`
        if (SHORT_WITH_VALUE.has(a[j]!)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : next()
          if (VALUE_OPTIONS[o]) apply(o, v)
          break
        }
        if (FLAG_OPTIONS[o] === 'get') get = true
        else if (FLAG_OPTIONS[o] === 'head') head = true
      }
      continue
    }
    if (url === null) url = a
    else notes.push(`More than one URL: ${a} is left out.`)
  }

  if (url === null) throw new CurlParseError('The curl command has no URL.')
  let target = url as string
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) target = `http://${target}` // as curl does
  let parsed: URL
  try {
    parsed = new URL(target)
  } catch {
    throw new CurlParseError(`${url} is not a URL.`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new CurlParseError(`${parsed.protocol.slice(0, -1)}: URLs cannot receive webhooks; use http or https.`)

  // Several -d join with & (--json ones without), as curl sends them; stdin read raw comes first.
  const stdinRaw = rawData as Uint8Array | null
  if (stdinRaw && data.length > 0) data.unshift(decode(stdinRaw))
  let body: Uint8Array | null = data.length > 0 ? utf8(data.join(json ? '' : '&')) : stdinRaw
  if (get && body) {
    parsed.search = parsed.search ? `${parsed.search}&${decode(body)}` : `?${decode(body)}`
    body = null
  }
  const finalMethod = method ?? (head ? 'HEAD' : get ? 'GET' : body ? 'POST' : 'GET')
  if (json) {
    if (!headers.some(([n]) => n.toLowerCase() === 'accept')) headers.push(['Accept', 'application/json'])
  }
  return {
    method: finalMethod,
    url: parsed.toString(),
    headers,
    body,
    defaultContentType: body ? (json ? 'application/json' : 'application/x-www-form-urlencoded') : null,
    notes,
  }
}
