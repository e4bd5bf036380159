// Serves the built renderer (out/renderer). Paths are resolved inside the root only; an
// unknown extension-less path gets index.html so a reload on a view still loads the app.
import { createReadStream, statSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, resolve, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
}

/** Returns the file to serve for a URL path, or null (404). */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const base = resolve(root)
  const candidate = resolve(base, `.${normalize(`/${decoded}`)}`)
  if (candidate !== base && !candidate.startsWith(base + sep)) return null
  if (isFile(candidate)) return candidate
  if (extname(decoded) === '') {
    const index = join(base, 'index.html')
    return isFile(index) ? index : null
  }
  return null
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

export function sendFile(res: ServerResponse, file: string, headOnly: boolean): void {
  const type = TYPES[extname(file)] ?? 'application/octet-stream'
  const size = statSync(file).size
  // Hashed assets can be cached; index.html must not be, so a rebuild is picked up.
  const cache = file.endsWith('.html') ? 'no-store' : 'private, max-age=3600'
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': String(size), 'Cache-Control': cache })
  if (headOnly) {
    res.end()
    return
  }
  const stream = createReadStream(file)
  stream.on('error', () => res.destroy())
  stream.pipe(res)
}
