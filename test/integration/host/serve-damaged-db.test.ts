// `hooklab serve` on a damaged database: a clear error that names the way out, and with
// --move-damaged-db the file is kept aside (never deleted) and Hooklab starts on a fresh one.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, expect, it } from 'vitest'

const CLI = resolve(__dirname, '..', '..', '..', 'out', 'main', 'cli.js')
const homes: string[] = []
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true })
})

function damagedHome(): { home: string; junk: Buffer } {
  const home = mkdtempSync(join(tmpdir(), 'hooklab-damaged-'))
  homes.push(home)
  const junk = Buffer.alloc(16 * 1024, 0x5a)
  writeFileSync(join(home, 'hooklab.db'), junk)
  return { home, junk }
}

/** Runs serve until its first stdout line (then kills it) or until it exits. */
function serve(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--receiver-port', '0', ...args])
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString()
      if (stdout.includes('\n')) child.kill('SIGTERM')
    })
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.on('exit', (code) => done({ code, stdout, stderr }))
  })
}

it('refuses a damaged database with one clear sentence naming --move-damaged-db, and keeps the file', async () => {
  expect(existsSync(CLI)).toBe(true)
  const { home, junk } = damagedHome()
  const r = await serve(['--home', home])
  expect(r.code).toBe(1)
  expect(r.stderr).toContain('damaged')
  expect(r.stderr).toContain('--move-damaged-db')
  expect(r.stderr).not.toMatch(/\n\s+at /) // no stack trace
  expect(readFileSync(join(home, 'hooklab.db')).equals(junk)).toBe(true)
})

it('with --move-damaged-db keeps the damaged file aside and starts on a fresh database', async () => {
  const { home, junk } = damagedHome()
  const r = await serve(['--home', home, '--move-damaged-db'])
  expect(r.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/)
  expect(r.stderr).toContain('moved the damaged database aside')
  const backup = readdirSync(home).find((f) => f.startsWith('hooklab.db.corrupt-'))
  expect(backup).toBeDefined()
  expect(readFileSync(join(home, backup ?? '')).equals(junk)).toBe(true)
})
