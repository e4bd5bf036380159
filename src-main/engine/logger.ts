// A logger is passed in; the engine never writes to the console by itself.
// Callers must not pass secrets in fields; redact() is applied to every field as a net.
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
}

const SECRETISH = /secret|token|password|authorization|signature|key/i

export function redact(fields: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!fields) return {}
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(fields)) out[k] = SECRETISH.test(k) ? '[redacted]' : v
  return out
}

export function consoleLogger(stream: NodeJS.WritableStream = process.stderr): Logger {
  const write = (level: string, msg: string, fields?: Record<string, unknown>): void => {
    const extra = fields ? ` ${JSON.stringify(redact(fields))}` : ''
    stream.write(`[hooklab] ${level} ${msg}${extra}\n`)
  }
  return {
    debug: () => {},
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  }
}
