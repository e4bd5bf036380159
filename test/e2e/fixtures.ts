// Shared Playwright fixture: a fresh `hooklab serve` (built CLI) per test, on ephemeral ports
// with its own temp home; the page arrives already on the UI (token in the URL).
import { spawn } from 'node:child_process'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test as base, expect } from '@playwright/test'

export interface HooklabServer {
  /** The UI URL with its token, as printed on the first line. */
  url: string
  /** http://127.0.0.1:PORT of this run's receiver. */
  receiverUrl: string
  home: string
  /** Output so far, for failure messages. */
  output(): string
}

const CLI = resolve(__dirname, '..', '..', 'out', 'main', 'cli.js')

async function startServe(home: string, extra: readonly string[] = []): Promise<{ child: ChildProcessWithoutNullStreams; server: HooklabServer }> {
  const env = { ...process.env }
  delete env.HOOKLAB_HOME
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--receiver-port', '0', '--home', home, ...extra], { env })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  const lines = await new Promise<string[]>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`hooklab serve printed no URL within 20 s:\n${stdout}\n${stderr}`)), 20_000)
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString()
      const got = stdout.split('\n').filter(Boolean)
      if (got.length >= 2) {
        clearTimeout(timer)
        resolvePromise(got)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`hooklab serve exited with ${code} (did you run npm run build?):\n${stdout}\n${stderr}`))
    })
  })
  const url = lines[0] ?? ''
  const receiverUrl = /(http:\/\/127\.0\.0\.1:\d+)/.exec(lines[1] ?? '')?.[1] ?? ''
  if (!/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43,}$/.test(url)) throw new Error(`unexpected first line: ${url}`)
  return { child, server: { url, receiverUrl, home, output: () => `${stdout}\n${stderr}` } }
}

async function stopServe(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

export const test = base.extend<{ hooklab: HooklabServer; serveArgs: string[] }>({
  /** More `hooklab serve` flags for a file's tests: test.use({ serveArgs: ['--receiver-https-port', '0'] }). */
  serveArgs: [[], { option: true }],
  hooklab: async ({ serveArgs }, use) => {
    const home = mkdtempSync(join(tmpdir(), 'hooklab-e2e-'))
    const { child, server } = await startServe(home, serveArgs)
    try {
      await use(server)
    } finally {
      await stopServe(child)
      rmSync(home, { recursive: true, force: true })
    }
  },
  page: async ({ page, hooklab }, use) => {
    await page.goto(hooklab.url)
    // The UI mounts after the first script has opened the socket (it can follow the load event):
    // start once the shell is there, as a user would.
    await page.getByTestId('engine-status').waitFor()
    await use(page)
  },
})

export { expect }
