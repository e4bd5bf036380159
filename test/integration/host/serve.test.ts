// `hooklab serve` (the built CLI): prints the UI URL with its token first and the receiver
// second, delivers what `hooklab send` (no --wait) queued on the same home, stops on SIGTERM.
import { execFile, spawn } from 'node:child_process'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const CLI = resolve(__dirname, '..', '..', '..', 'out', 'main', 'cli.js')
const run = promisify(execFile)

describe('hooklab serve', () => {
  let home: string
  let child: ChildProcessWithoutNullStreams
  let lines: string[] = []

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('build first: npx electron-vite build')
    home = mkdtempSync(join(tmpdir(), 'hooklab-serve-'))
    child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--receiver-port', '0', '--home', home])
    let out = ''
    lines = await new Promise<string[]>((res, rej) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString()
        const got = out.split('\n').filter(Boolean)
        if (got.length >= 2) res(got)
      })
      child.once('exit', (code) => rej(new Error(`serve exited with ${code}`)))
    })
  })
  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
    rmSync(home, { recursive: true, force: true })
  })

  it('prints the UI URL with a token, then the receiver URL, and answers only with the token', async () => {
    expect(lines[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/)
    expect(lines[1]).toMatch(/http:\/\/127\.0\.0\.1:\d+/)
    const base = (lines[0] ?? '').replace(/\/\?token=.*$/, '')
    expect((await fetch(`${base}/`)).status).toBe(401)
    const page = await fetch(lines[0] ?? '', { redirect: 'manual' })
    expect(page.status).toBe(303)
    const receiver = /(http:\/\/127\.0\.0\.1:\d+)/.exec(lines[1] ?? '')?.[1]
    expect((await fetch(`${receiver}/ping`, { method: 'POST', body: 'x' })).status).toBe(200)
  })

  it('delivers a `hooklab send` queued without --wait on the same home', async () => {
    const got: string[] = []
    const sink = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        got.push(body)
        res.end('ok')
      })
    })
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook`
    const { stdout } = await run(process.execPath, [CLI, 'send', url, '--body', '{"queued":true}', '--home', home])
    expect(stdout).toMatch(/dlv_/)
    await expect.poll(() => got, { timeout: 10_000 }).toEqual(['{"queued":true}'])
    await new Promise((r) => sink.close(r))
  })

  it('stops cleanly on SIGTERM', async () => {
    const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
    child.kill('SIGTERM')
    expect(await exit).toBe(0)
  })
})
