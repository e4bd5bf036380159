// Browser mode's token lives in the home (mode 0600), so `hooklab serve` restarting on the same home
// keeps it: an open tab's cookie stays valid and the tab reconnects by itself.
import { randomBytes } from 'node:crypto'
import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
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
 * it opens the new URL). A file that is missing, unreadable, malformed, or that anyone but this user
 * could have written or read (a symlink, another owner, looser than 0600) is replaced: the token is as
 * good as a password, and one that may have leaked must not outlive this start.
 */
export function loadServeToken(home: string, rotate = false): string {
  const file = tokenFile(home)
  if (!rotate) {
    const kept = readToken(file)
    if (kept) return kept
  }
  const token = newToken()
  mkdirSync(home, { recursive: true })
  // Written aside under a name no one can have prepared, opened only if it does not exist (no file or
  // symlink planted there is written through), then renamed over the old one: a crash never leaves a
  // half token, and a symlink at `file` is replaced, not followed.
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`
  try {
    writeFileSync(tmp, `${token}\n`, { mode: 0o600, flag: 'wx' })
    renameSync(tmp, file)
  } catch (err) {
    rmSync(tmp, { force: true })
    throw err
  }
  return token
}

function readToken(file: string): string | null {
  try {
    const st = lstatSync(file)
    const mine = typeof process.getuid !== 'function' || st.uid === process.getuid()
    if (!st.isFile() || !mine || (st.mode & 0o077) !== 0) return null
    const text = readFileSync(file, 'utf8').trim()
    return TOKEN_SHAPE.test(text) ? text : null
  } catch {
    return null
  }
}
