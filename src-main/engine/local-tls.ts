// https to this machine (localhost, *.localhost, 127.x, ::1) may accept a certificate Node does not
// know: local dev servers use self-signed or mkcert/dotnet dev certificates that browsers trust
// through the OS store and Node does not. Only while `trust()` says so (a setting, default on);
// every other host is always verified. Used by the sender and by the receiver's forwarding.
import { Agent } from 'undici'
import type { Dispatcher } from 'undici'

/** localhost, *.localhost, 127.0.0.0/8 and ::1 (URL.hostname form, [::1]). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase()
  return h === 'localhost' || h.endsWith('.localhost') || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
}

export function isLocalHttps(url: string | URL): boolean {
  try {
    const u = typeof url === 'string' ? new URL(url) : url
    return u.protocol === 'https:' && isLoopbackHost(u.hostname)
  } catch {
    return false
  }
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(VERIFY|GET)_|ERR_OSSL)/

/** A Node/OpenSSL error code that means the TLS handshake or the certificate failed. */
export const isTlsCode = (code: string): boolean => TLS_CODES.test(code)

export interface LocalTls {
  /** The dispatcher for a request: the lenient one for local https while trusted, else `verified`. */
  pick(local: boolean): Dispatcher
  /** Says where a local TLS failure can be accepted (unchanged for other errors and hosts). */
  hint(message: string, local: boolean): string
  close(): Promise<void>
}

export function createLocalTls(verified: Dispatcher, agentOptions: Agent.Options, trust: () => boolean): LocalTls {
  let lenient: Agent | null = null
  return {
    pick: (local) =>
      local && trust() ? (lenient ??= new Agent({ ...agentOptions, connect: { ...(agentOptions.connect as object), rejectUnauthorized: false } })) : verified,
    hint: (message, local) =>
      local && !trust() ? `${message} (a dev server's own certificate on this machine? Settings → Sending accepts them)` : message,
    close: async () => {
      await lenient?.close()
    },
  }
}
