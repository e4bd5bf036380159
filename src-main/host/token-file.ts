// Browser mode's token lives in the home (mode 0600), so `hooklab serve` restarting on the same home
// keeps it: an open tab's cookie stays valid and the tab reconnects by itself.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { newToken } from './security'

export const TOKEN_FILE = 'serve-token'

/** What newToken() makes: 32 random bytes, base64url. Anything else in the file is not ours. */
const TOKEN_SHAPE = /^[\w-]{43}$/

export function tokenFile(home: string): string {
  return join(home, TOKEN_FILE)
}

/**
 * The home's token, made on first use; `rotate` replaces it (every open tab is then refused until
 * it opens the new URL). A missing, unreadable or malformed file is replaced too.
 */
export function loadServeToken(home: string, rotate = false): string {
  const file = tokenFile(home)
  if (!rotate) {
    const kept = readToken(file)
    if (kept) {
      // A copy restored from a backup may have lost its mode: the token is as good as a password.
      chmodSync(file, 0o600)
      return kept
    }
  }
  const token = newToken()
  mkdirSync(home, { recursive: true })
  // Written aside and renamed, so a crash never leaves a half token that the next start would discard.
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, `${token}\n`, { mode: 0o600 })
  chmodSync(tmp, 0o600)
  renameSync(tmp, file)
  return token
}

function readToken(file: string): string | null {
  try {
    const text = readFileSync(file, 'utf8').trim()
    return TOKEN_SHAPE.test(text) ? text : null
  } catch {
    return null
  }
}
