// B5 UI under load: a home with 100,000 attempts served by `hooklab serve` (browser mode), opened
// in Debian Chromium through Playwright. Measures the time from navigation start to the first
// delivery row, then streams ~1,000 attempts/s (rows enqueued by another engine on the same
// file, sent by serve's engine to a sink) while a PerformanceObserver records long tasks.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { createEngine } from '../../src-main/engine/engine'
import { makeBody } from './lib/payload'
import { startChild } from './lib/proc'
import { seedHistory } from './lib/seed'
import { median, round } from './lib/stats'
import type { Browser, Page } from '@playwright/test'
import type { Bench, BenchOutcome, Row } from './lib/types'

const REPO = resolve(__dirname, '../..')
const CHROMIUM = '/usr/bin/chromium'
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
const RATE_PER_S = 1000

// Installed before any page script: records long tasks and the moment the first row appears.
const PAGE_PROBE = `
  window.__hl = { long: [], firstRowAt: null };
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__hl.long.push([e.startTime, e.duration]) })
      .observe({ type: 'longtask', buffered: true });
  } catch (e) { window.__hl.noLongtask = String(e) }
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.identifier === 'hl-first-row' && e.renderTime > 0 && !(window.__hl.firstRowPaint <= e.renderTime)) window.__hl.firstRowPaint = e.renderTime;
    }
  }).observe({ type: 'element', buffered: true });
  const mo = new MutationObserver(() => {
    const row = window.__hl.firstRowAt === null && document.querySelector('[data-testid="delivery-row"]');
    if (row) {
      window.__hl.firstRowAt = performance.now(); mo.disconnect();
      // Marked before its first paint, so Element Timing reports when the row was on screen.
      for (const el of [row, ...row.querySelectorAll('*')]) el.setAttribute('elementtiming', 'hl-first-row');
    }
  });
  document.addEventListener('DOMContentLoaded', () => mo.observe(document.body, { childList: true, subtree: true }));
  // Where the time before the first row goes: socket created/open, the first deliveries.list
  // request and its answer (stamped by a thin WebSocket subclass; frames are not altered).
  const NativeWs = window.WebSocket;
  window.WebSocket = class extends NativeWs {
    constructor(...a) {
      super(...a);
      const hl = window.__hl;
      if (hl.wsNew === undefined) hl.wsNew = performance.now();
      this.addEventListener('open', () => { if (hl.wsOpen === undefined) hl.wsOpen = performance.now() });
      this.addEventListener('message', (e) => {
        if (hl.listId !== undefined && hl.listAnswered === undefined && typeof e.data === 'string' && e.data.startsWith('{"id":' + hl.listId + ',')) {
          hl.listAnswered = performance.now(); hl.listBytes = e.data.length;
        }
      });
    }
    send(frame) {
      const hl = window.__hl;
      if (hl.listId === undefined && typeof frame === 'string' && frame.includes('"method":"deliveries.list"')) {
        hl.listSent = performance.now(); hl.listId = JSON.parse(frame).id;
      }
      return super.send(frame);
    }
  };
`

interface PageProbe {
  long: Array<[number, number]>
  firstRowAt: number | null
  firstRowPaint?: number
  noLongtask?: string
  wsNew?: number
  wsOpen?: number
  listSent?: number
  listAnswered?: number
  listBytes?: number
}

interface NavTiming {
  redirectEnd: number
  responseEnd: number
  domInteractive: number
  domContentLoaded: number
  scripts: Array<{ name: string; startTime: number; responseEnd: number; bytes: number }>
  fcp: number | null
  marks: Array<[string, number]>
}

const NAV_TIMING = `(() => {
  const n = performance.getEntriesByType('navigation')[0];
  if (!n) return null;
  const scripts = performance.getEntriesByType('resource').filter((r) => /\\.(js|css)$|\\/first-page$/.test(r.name))
    .map((r) => ({ name: r.name.replace(/^.*\\//, ''), startTime: r.startTime, responseEnd: r.responseEnd, bytes: r.decodedBodySize }));
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('hooklab:')).map((m) => [m.name.slice(8), m.startTime]);
  return { marks, redirectEnd: n.redirectEnd, responseEnd: n.responseEnd, domInteractive: n.domInteractive, domContentLoaded: n.domContentLoadedEventEnd, scripts, fcp: fcp ? fcp.startTime : null };
})()`

const ms = (v: number | null | undefined): string => (v === null || v === undefined ? '?' : String(Math.round(v)))

function walBytes(home: string): number {
  try {
    return statSync(join(home, 'hooklab.db-wal')).size
  } catch {
    return 0
  }
}

function notRun(reason: string): BenchOutcome {
  const row = (id: string, what: string, goal: string): Row => ({ id, what, figure: null, unit: 'ms', reference: null, ratio: null, goal, met: null, note: `not run: ${reason}` })
  return { rows: [row('B5', 'UI, 100k attempts: first delivery row', '< 300 ms'), row('B5/paint', 'UI, 100k attempts: that row on screen', '< 300 ms'), row('B5/long', 'UI at 1k attempts/s: longest task', '≤ 100 ms')] }
}

async function startServe(home: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, [join(REPO, 'out/main/cli.js'), 'serve', '--port', '0', '--receiver-port', '0', '--home', home], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const lines = createInterface({ input: proc.stdout! })
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve printed no URL in 20 s: ${stderr.slice(0, 500)}`)), 20_000)
    lines.once('line', (line) => {
      clearTimeout(timer)
      ok(line.trim())
    })
    proc.once('exit', (code) => fail(new Error(`serve exited (${code}): ${stderr.slice(0, 500)}`)))
  })
  return { proc, url }
}

interface PageLoad {
  page: Page
  firstRowMs: number
  firstPaintMs: number | null
  nav: NavTiming | null
  probe: PageProbe
  timeline: string
}

/** Opens the app in a fresh context and says when the first row was inserted and painted, and where the time went. */
async function measureLoad(browser: Browser, url: string): Promise<PageLoad> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  const page = await context.newPage()
  await page.addInitScript(PAGE_PROBE)
  await page.goto(url)
  await page.locator('[data-testid="delivery-row"]').first().waitFor({ timeout: 30_000 })
  const firstRowMs = (await page.evaluate('window.__hl.firstRowAt')) as number
  // Element Timing reports the row once it has been presented: the time a user sees it.
  await page.waitForFunction('window.__hl.firstRowPaint !== undefined', undefined, { timeout: 5_000 }).catch(() => undefined)
  const firstPaintMs = (await page.evaluate('window.__hl.firstRowPaint ?? null')) as number | null
  // Where the time before the first row went: document, scripts parsed (DOMContentLoaded),
  // the app's marks, socket, the first deliveries.list round trip.
  const nav = (await page.evaluate(NAV_TIMING)) as NavTiming | null
  const probe = (await page.evaluate('window.__hl')) as PageProbe
  const timeline =
    `redirect ${ms(nav?.redirectEnd)}, html ${ms(nav?.responseEnd)}, ` +
    `${(nav?.scripts ?? []).map((r) => `${r.name} ${ms(r.startTime)}→${ms(r.responseEnd)} (${Math.round(r.bytes / 1024)} KB)`).join(', ')}, ` +
    `DOMContentLoaded ${ms(nav?.domContentLoaded)}, ${(nav?.marks ?? []).map(([name, at]) => `${name} ${ms(at)}`).join(', ')}, socket new ${ms(probe.wsNew)} open ${ms(probe.wsOpen)}, ` +
    `list sent ${ms(probe.listSent)} answered ${ms(probe.listAnswered)} (${Math.round((probe.listBytes ?? 0) / 1024)} KB), ` +
    `first paint ${ms(nav?.fcp)}, first row ${ms(firstRowMs)} painted ${ms(firstPaintMs)}; long tasks before it: ` +
    (probe.long.filter(([start]) => start < firstRowMs).map(([start, d]) => `${ms(start)}+${ms(d)}`).join(' ') || 'none')
  return { page, firstRowMs, firstPaintMs, nav, probe, timeline }
}

export const b5Ui: Bench = async (ctx) => {
  const streamS = ctx.quick ? 3 : 10
  const attempts = 100_000
  try {
    const t = Date.now()
    execFileSync(process.execPath, [join(REPO, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: REPO, stdio: 'pipe' })
    ctx.log(`  B5 built the app in ${Date.now() - t} ms`)
  } catch (err) {
    return notRun(`electron-vite build failed: ${String((err as { stderr?: Buffer }).stderr ?? err).slice(0, 200)}`)
  }
  if (!existsSync(join(REPO, 'out/main/cli.js')) || !existsSync(join(REPO, 'out/renderer/index.html'))) return notRun('the build has no out/main/cli.js or out/renderer/index.html')
  if (!existsSync(CHROMIUM)) return notRun(`${CHROMIUM} is not installed`)

  const { chromium } = await import('@playwright/test')
  const sink = startChild<{ url: string }>('sink', {})
  let serve: ChildProcess | null = null
  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null
  try {
    const { url: sinkUrl } = await sink.ready
    const home = mkdtempSync(join(ctx.tmpRoot, 'b5-'))
    const t = Date.now()
    const seeded = await seedHistory(home, attempts, sinkUrl)
    ctx.log(`  B5 seeded ${seeded.attempts} attempts in ${Date.now() - t} ms`)
    const served = await startServe(home)
    serve = served.proc
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    // seedHistory empties its WAL (it was ~150 MB, which serve copied back while the page loaded).
    ctx.log(`  B5 WAL at navigation: ${(walBytes(home) / 2 ** 20).toFixed(1)} MB`)
    // One fresh browser context per run (no cookie, no cache: a first visit each time); medians.
    const loads: PageLoad[] = []
    for (let rep = 0; rep < ctx.reps; rep++) {
      if (loads.length > 0) await loads[loads.length - 1]!.page.context().close()
      const load = await measureLoad(browser, served.url)
      loads.push(load)
      ctx.log(`  B5 run ${rep + 1} timeline (ms): ${load.timeline}`)
    }
    const page = loads[loads.length - 1]!.page
    const firstRowMs = median(loads.map((l) => l.firstRowMs))
    const paints = loads.map((l) => l.firstPaintMs).filter((v): v is number => v !== null)
    const firstPaintMs = paints.length === loads.length ? median(paints) : null

    // Stream: another engine on the same file enqueues 100 every 100 ms; serve's engine sends.
    const producer = createEngine({ home })
    const windowStart = (await page.evaluate('performance.now()')) as number
    let enqueued = 0
    const t0 = Date.now()
    while (Date.now() - t0 < streamS * 1000) {
      const due = Math.floor(((Date.now() - t0) / 1000) * RATE_PER_S)
      for (; enqueued < due; enqueued++)
        producer.delivery.enqueue({ endpointId: seeded.endpointId, body: makeBody(enqueued), contentType: 'application/json', eventType: 'invoice.paid' })
      await new Promise((r) => setTimeout(r, 20))
    }
    producer.delivery.flush()
    // Let serve's engine drain what was enqueued and the UI apply the last batches.
    const deadline = Date.now() + 15_000
    let delivered = 0
    const countDone = producer.db.prepare("SELECT count(*) AS n FROM delivery WHERE status = 'delivered' AND id NOT LIKE 'dlv_seed%'")
    while (Date.now() < deadline) {
      delivered = (countDone.get() as { n: number }).n
      if (delivered >= enqueued) break
      await new Promise((r) => setTimeout(r, 100))
    }
    await page.waitForTimeout(500)
    const windowEnd = (await page.evaluate('performance.now()')) as number
    const probe = (await page.evaluate('window.__hl')) as PageProbe
    await producer.stop()
    const during = probe.long.filter(([start]) => start >= windowStart && start <= windowEnd)
    const longest = during.reduce((m, [, d]) => Math.max(m, d), 0)
    const drainedS = (Date.now() - t0) / 1000
    const attemptsPerS = delivered / drainedS
    ctx.log(`  B5 first row at ${Math.round(firstRowMs)} ms, on screen at ${firstPaintMs === null ? '?' : Math.round(firstPaintMs)} ms (median of ${loads.length}); streamed ${enqueued}, ${delivered} delivered; ${during.length} long tasks, longest ${Math.round(longest)} ms`)
    const rows: Row[] = [
      { id: 'B5', what: 'UI, 100k attempts: navigation → first delivery row', figure: round(firstRowMs, 0), unit: 'ms', reference: null, ratio: null, goal: '< 300 ms', met: firstRowMs < 300 },
      {
        id: 'B5/paint',
        what: 'UI, 100k attempts: navigation → that row on screen',
        figure: firstPaintMs === null ? null : round(firstPaintMs, 0),
        unit: 'ms',
        reference: null,
        ratio: null,
        goal: '< 300 ms',
        met: firstPaintMs === null ? null : firstPaintMs < 300,
        ...(firstPaintMs === null ? { note: 'Chromium reported no element timing for the row' } : {}),
      },
      {
        id: 'B5/long',
        what: `UI while ~${RATE_PER_S} attempts/s stream in (${streamS} s): longest task`,
        figure: round(longest, 0),
        unit: 'ms',
        reference: `${delivered} sent in ${round(drainedS, 1)} s (${Math.round(attemptsPerS)}/s)`,
        ratio: null,
        goal: '≤ 100 ms',
        met: probe.noLongtask ? null : longest <= 100,
        ...(probe.noLongtask ? { note: `longtask observer unavailable: ${probe.noLongtask}` } : {}),
      },
    ]
    return {
      rows,
      dataLoss: delivered < enqueued ? `${enqueued - delivered} of ${enqueued} streamed deliveries not delivered within 15 s` : undefined,
      details: { seeded, firstRowMs, firstPaintMs, loads: loads.map((l) => ({ firstRowMs: l.firstRowMs, firstPaintMs: l.firstPaintMs, navigation: l.nav, socket: { created: l.probe.wsNew, open: l.probe.wsOpen, listSent: l.probe.listSent, listAnswered: l.probe.listAnswered, listBytes: l.probe.listBytes } })), enqueued, delivered, streamS, longTasks: during, allLongTasks: probe.long.length },
    }
  } finally {
    await browser?.close().catch(() => undefined)
    if (serve && serve.exitCode === null) {
      const exited = new Promise((r) => serve!.once('exit', r))
      serve.kill('SIGTERM')
      const force = setTimeout(() => serve!.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(force)
    }
    await sink.stop()
  }
}
