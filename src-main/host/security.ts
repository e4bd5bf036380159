// Browser mode's gate: a random token on every request (query once, then a cookie), and
// Host/Origin checks so a web page elsewhere cannot reach us through DNS rebinding or CSRF.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Constant-time comparison (hashing first makes the lengths equal). */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 512) return false
  const a = createHash('sha256').update(expected).digest()
  const b = createHash('sha256').update(given).digest()
  return timingSafeEqual(a, b)
}

/** Cookies are not scoped by port, so the name carries it: two `serve`s on one machine never clash. */
export function cookieName(port: number): string {
  return `hooklab_token_${port}`
}

/**
 * Every value the request carries for this cookie name. Another page on localhost (any port: cookies
 * are not scoped by port) can set one with our name: it may come first, or not decode. Neither may
 * stop our own from counting, nor throw.
 */
export function readCookies(req: IncomingMessage, name: string): string[] {
  const header = req.headers.cookie
  if (!header) return []
  const values: string[] = []
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue
    const raw = part.slice(eq + 1).trim()
    try {
      values.push(decodeURIComponent(raw))
    } catch {
      // Not ours: we only ever set a base64url token.
    }
  }
  return values
}

export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`]
}

export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`
}

/** Absent Origin is fine (plain navigations, curl); a present one must be ours. */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin
  if (origin === undefined) return true
  return allowedOrigins(port).includes(origin)
}

/** Sub-resource requests from another site (or another port: same-site) are refused. */
export function fetchSiteAllowed(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site']
  if (site !== 'cross-site' && site !== 'same-site') return true
  return req.headers['sec-fetch-mode'] === 'navigate'
}

/** CodeMirror and React inline styles need 'unsafe-inline' for styles; scripts stay 'self' only. */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  }
}
