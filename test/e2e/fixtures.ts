// Shared Playwright fixture: a fresh `hooklab serve` (built CLI) per test, on ephemeral ports
// with its own temp home; the page arrives already on the UI (token in the URL).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base, expect } from '@playwright/test'
import { startServeOn } from './serve-helpers'

export interface HooklabServer {
  /** The UI URL with its token, as printed on the first line. */
  url: string
  /** http://127.0.0.1:PORT of this run's receiver. */
  receiverUrl: string
  home: string
  /** Output so far, for failure messages. */
  output(): string
}

export const test = base.extend<{ hooklab: HooklabServer; serveArgs: string[] }>({
  /** More `hooklab serve` flags for a file's tests: test.use({ serveArgs: ['--receiver-https-port', '0'] }). */
  serveArgs: [[], { option: true }],
  hooklab: async ({ serveArgs }, use) => {
    const home = mkdtempSync(join(tmpdir(), 'hooklab-e2e-'))
    const run = await startServeOn(home, 0, serveArgs)
    try {
      await use({ url: run.url, receiverUrl: run.receiverUrl, home, output: run.output })
    } finally {
      await run.stop()
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
