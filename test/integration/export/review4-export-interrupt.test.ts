// Review 4 (cli): `hooklab export --out FILE` interrupted by Ctrl-C or SIGTERM left a truncated JSON
// document at FILE (35 MB of 150 MB), which `import` then tripped on. The export is now written next
// to FILE and renamed into place when whole: an interrupted one leaves no FILE (or the previous one,
// untouched) and no temporary file.
import { randomBytes } from 'node:crypto'
import { spawn } from 'node:child_process'
import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import { CLI, ROOT, cleanups, run, tempHome } from '../cli/helpers'

/** A home whose attempt log exports to about 160 MB (30 deliveries of 4 MB binary messages, as base64). */
async function bigHome(): Promise<string> {
  const home = tempHome()
  const engine = createEngine({ home })
  const body = randomBytes(4 * 1024 * 1024)
  for (let i = 0; i < 30; i++)
    engine.delivery.enqueue({
      url: 'http://127.0.0.1:9/x',
      body,
      contentType: 'application/octet-stream',
    })
  await engine.stop()
  return home
}

/** Starts `export --out file`, sends `signal` once some of the document is on disk, and waits for the end. */
async function interrupt(home: string, file: string, signal: NodeJS.Signals, before: number) {
  const child = spawn(process.execPath, [CLI, 'export', '--out', file, '--home', home], {
    cwd: ROOT,
    env: { ...process.env, HOOKLAB_HOME: '' },
  })
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on('exit', (code, sig) => r({ code, signal: sig })),
  )
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await ended
  })
  // Something is being written: a temporary file next to FILE (or, before the fix, FILE itself, no longer what was there).
  const dir = join(file, '..')
  const writing = (): boolean =>
    readdirSync(dir).some((n) => n.startsWith('out.json.') && statSync(join(dir, n)).size > 0) ||
    (existsSync(file) && statSync(file).size !== before)
  const deadline = Date.now() + 15_000
  while (!writing() && Date.now() < deadline && child.exitCode === null)
    await new Promise((r) => setTimeout(r, 5))
  expect(child.exitCode, 'the export ended before it could be interrupted').toBeNull()
  child.kill(signal)
  return ended
}

describe('export --out interrupted', () => {
  it('Ctrl-C leaves no file and no temporary file; SIGTERM leaves the previous export whole', async () => {
    const home = await bigHome()
    const dir = tempHome()
    const file = join(dir, 'out.json')

    const int = await interrupt(home, file, 'SIGINT', 0)
    expect(int.signal === 'SIGINT' || int.code === 130).toBe(true)
    expect(existsSync(file)).toBe(false)
    expect(readdirSync(dir)).toEqual([])

    // A whole export, then one cut short by SIGTERM: the first stays as it was.
    const whole = await run(['export', '--out', file, '--home', home])
    expect(whole.code, whole.stderr).toBe(0)
    expect(whole.stderr).toBe(`exported 30 deliveries (0 attempts) to ${file}\n`)
    const first = readFileSync(file)
    expect((JSON.parse(first.toString()) as { deliveries: unknown[] }).deliveries).toHaveLength(30)
    expect(readdirSync(dir)).toEqual(['out.json'])
    // Make the file there distinguishable from a new export.
    writeFileSync(
      file,
      first.toString().replace('"deliveries":[', '"previous":true,"deliveries":['),
    )
    const previous = readFileSync(file)

    const term = await interrupt(home, file, 'SIGTERM', previous.length)
    expect(term.signal === 'SIGTERM' || term.code === 143).toBe(true)
    expect(readFileSync(file).equals(previous)).toBe(true)
    expect(readdirSync(dir)).toEqual(['out.json'])
  }, 60_000)
})

describe('export --out over a file that is there', () => {
  it('keeps its mode: a 600 export (bodies, signature headers) stays 600', async () => {
    const home = tempHome()
    const file = join(home, 'kept.json')
    writeFileSync(file, 'old', { mode: 0o600 })
    chmodSync(file, 0o600)
    const r = await run(['export', '--out', file, '--home', home])
    expect(r.code, r.stderr).toBe(0)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'hooklab.attempts/v1' })
  })
})

describe('export --out and its temporary file', () => {
  it('never writes through a file or symlink planted where the temporary file goes: its name cannot be guessed', async () => {
    const home = tempHome()
    const file = join(home, 'out.json')
    const victim = join(home, 'victim.txt')
    writeFileSync(victim, 'untouched')
    // The old name was FILE.<pid>.partial: a link planted for every pid a command might get.
    const child = spawn(process.execPath, [CLI, 'export', '--out', file, '--home', home], { cwd: ROOT })
    if (child.pid !== undefined) symlinkSync(victim, `${file}.${child.pid}.partial`)
    expect(await new Promise((r) => child.on('exit', r))).toBe(0)
    expect(readFileSync(victim, 'utf8')).toBe('untouched')
    expect(lstatSync(file).isSymbolicLink()).toBe(false)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'hooklab.attempts/v1' })
  })
})
