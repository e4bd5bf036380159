import { defineConfig } from '@playwright/test'

// End-to-end tests drive the real UI through browser mode (`hooklab serve`) in Debian's
// Chromium; never `npx playwright install` here. Each test gets its own home and ports.
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/',
  workers: 2,
  fullyParallel: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.HOOKLAB_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    acceptDownloads: true,
  },
})
