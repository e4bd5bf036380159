// What a config file (Endpoints → Export config, "to keep in git") leaves out: a URL's password, or its
// user name standing alone (a token as user: https://sk_live_…@host), the token in a Slack or Discord
// webhook URL's path, and the values of headers and query parameters whose names say they carry a
// credential. The rest of the URL is kept byte for byte (an import must post to the same place).

/** Words that make a name a credential wherever they stand: X-Gitlab-Token, clientSecret, accessToken. */
const ANYWHERE = new Set(['token', 'secret', 'password', 'passwd', 'pwd', 'credential', 'credentials', 'jwt', 'bearer', 'auth', 'authorization', 'cookie', 'apikey'])
/** Words that do at the end of a name (X-Api-Key, ?sig=, X-Signature, Azure's ?code=), unless a word before them says what else they are. */
const AT_END = new Set(['key', 'sig', 'signature', 'session', 'sid', 'code'])
const NOT_A_CREDENTIAL = new Set(['idempotency', 'sort', 'country', 'currency', 'language', 'lang', 'locale', 'region', 'postal', 'zip', 'status', 'error', 'response', 'reason', 'cache', 'partition', 'routing', 'dedup', 'dedupe', 'request', 'trace', 'correlation', 'event', 'order', 'product', 'promo', 'coupon', 'discount', 'color', 'area', 'time', 'timeout', 'version'])

/** The words of a header or parameter name: split at -, _, ., spaces and camelCase (X-CSRFToken: x, csrf, token). */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[-_.\s]+/)
    .filter(Boolean)
}

export function isCredentialName(name: string): boolean {
  const w = words(name)
  if (w.some((x) => ANYWHERE.has(x))) return true
  const last = w.at(-1)
  if (last === undefined || !AT_END.has(last)) return false
  // "api key", "private key", "access key": a key; "sort key", "idempotency key", "country code": not one.
  return !w.slice(0, -1).some((x) => NOT_A_CREDENTIAL.has(x))
}

/** Hosts whose webhook URLs carry their token in the path, and how many trailing segments it takes. */
const PATH_TOKENS: Array<{ host: RegExp; prefix: string; what: string }> = [
  { host: /^hooks\.slack\.com$/, prefix: '/services/', what: 'the token in its Slack webhook URL' },
  { host: /^(discord|discordapp)\.com$/, prefix: '/api/webhooks/', what: 'the token in its Discord webhook URL' },
]

/** The URL with its credentials left out, and what was. */
export function urlWithoutCredentials(url: string): { url: string; leftOut: string[] } {
  const leftOut: string[] = []
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return { url, leftOut } // stored URLs are valid; nothing to take out of one that is not
  }
  if (u.password) {
    u.password = ''
    leftOut.push('the password in its URL')
  } else if (u.username) {
    u.username = ''
    leftOut.push('the user name in its URL (a token?)')
  }
  const pathToken = PATH_TOKENS.find((p) => p.host.test(u.hostname) && u.pathname.startsWith(p.prefix) && u.pathname.length > p.prefix.length)
  if (pathToken) {
    // The last segment is the token (Slack: /services/T…/B…/<token>; Discord: /api/webhooks/<id>/<token>).
    u.pathname = u.pathname.replace(/[^/]+\/?$/, '')
    leftOut.push(pathToken.what)
  }
  // The query by hand: URLSearchParams would re-encode the parameters it keeps (%20 as +, a bare flag as flag=).
  const query = u.search.slice(1)
  let kept = query
  if (query) {
    kept = query
      .split('&')
      .map((part) => {
        const eq = part.indexOf('=')
        const raw = eq < 0 ? part : part.slice(0, eq)
        let name: string
        try {
          name = decodeURIComponent(raw.replace(/\+/g, ' '))
        } catch {
          name = raw
        }
        if (eq < 0 || eq === part.length - 1 || !isCredentialName(name)) return part
        leftOut.push(`its URL's ${name} parameter`)
        return `${raw}=`
      })
      .join('&')
  }
  if (leftOut.length === 0) return { url, leftOut }
  u.search = ''
  const base = u.toString()
  const hash = base.indexOf('#')
  const withQuery = query ? (hash < 0 ? `${base}?${kept}` : `${base.slice(0, hash)}?${kept}${base.slice(hash)}`) : base
  return { url: withQuery, leftOut }
}

/** Header pairs with credential values left out, and which. */
export function headersWithoutCredentials(headers: Array<[string, string]>): { headers: Array<[string, string]>; leftOut: string[] } {
  const leftOut: string[] = []
  const kept = headers.map(([n, v]): [string, string] => {
    if (!isCredentialName(n) || v === '') return [n, v]
    leftOut.push(`its ${n} header`)
    return [n, '']
  })
  return { headers: kept, leftOut }
}
