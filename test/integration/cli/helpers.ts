// The built CLI as the tests run it: a temp home per test, a long-running command read line by line,
// a short one run to its end. Shared by the CLI test files.
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, beforeAll, expect } from 'vitest'

export const ROOT = resolve(__dirname, '../../..')
export const CLI = join(ROOT, 'out/main/cli.js')
/** Longer than any run here should take; a command still running then is killed and the test fails on its output. */
const KILL_AFTER_MS = 20_000

beforeAll(() => {
  // `npm test` builds first; build here only when run on its own.
  if (!existsSync(CLI)) spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'ignore' })
}, 120_000)

export const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

export function tempHome(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hooklab-cli-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

export interface Started {
  child: ChildProcessWithoutNullStreams
  /** The next stdout line; rejects when none comes in time (e.g. the command refused its flags and exited). */
  next: () => Promise<string>
  stderr: () => string
  exited: Promise<number | null>
}

/** Starts a long-running hooklab command and yields its stdout lines one at a time. */
export function start(args: string[]): Started {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, HOOKLAB_HOME: '' } })
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  cleanups.push(async () => {
    if (child.exitCode === null) child.kill('SIGKILL')
    await exited
  })
  let err = ''
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  const lines: string[] = []
  const waiters: Array<(l: string) => void> = []
  createInterface({ input: child.stdout }).on('line', (l) => {
    const w = waiters.shift()
    if (w) w(l)
    else lines.push(l)
  })
  const next = (): Promise<string> => {
    const l = lines.shift()
    if (l !== undefined) return Promise.resolve(l)
    return new Promise((res, rej) => {
      const t = setTimeout(() => rej(new Error(`no line from hooklab ${args[0]}; stderr: ${err}`)), 10_000)
      waiters.push((line) => {
        clearTimeout(t)
        res(line)
      })
    })
  }
  return { child, next, stderr: () => err, exited }
}

export function run(args: string[], stdin: string | Buffer = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, HOOKLAB_HOME: '' } })
    child.stdin.end(stdin)
    const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (code) => {
      clearTimeout(killer)
      resolvePromise({ code, stdout, stderr })
    })
  })
}

/** Polls `check` until it holds; fails the test naming `what` after 10 s. */
export async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 10_000
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/**
 * The address on listen's first line: `listening on URL`, or with --json the JSON line `{"listening":URL,…}`
 * (every --json line is JSON).
 */
export function listenAddress(first: string, json: boolean): string {
  if (!json) {
    expect(first).toMatch(/^listening on /)
    return first.slice('listening on '.length)
  }
  const line = JSON.parse(first) as { listening?: unknown }
  expect(line.listening).toMatch(/^http:\/\//)
  return line.listening as string
}

/** A `listen --port 0` with these flags; returns its address (its first line) and its next stdout lines. */
export async function listening(args: string[]): Promise<{ url: string; next: () => Promise<string> }> {
  const l = start(['listen', '--port', '0', ...args])
  return { url: listenAddress(await l.next(), args.includes('--json')), next: l.next }
}
