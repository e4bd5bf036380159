// `npm run bench [-- --quick] [-- --only B1,B2] [-- --keep]`: runs each benchmark beside its
// reference in the same run, prints a table and writes bench-results.json at the repo root.
// Exits non-zero only when a benchmark crashes or loses data, never on a timing.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem, platform, release } from 'node:os'
import { join, resolve } from 'node:path'
import { b1Delivery } from './b1-delivery'
import { b2Capture } from './b2-capture'
import { b3Latency } from './b3-latency'
import { b4Kill } from './b4-kill'
import { b5Ui } from './b5-ui'
import { b6Export } from './b6-export'
import { peerVersion } from './lib/peers'
import { formatTable } from './lib/table'
import type { Bench, BenchContext, Row } from './lib/types'

const REPO = resolve(__dirname, '../..')

const BENCHES: Array<{ id: string; run: Bench }> = [
  { id: 'B1', run: b1Delivery },
  { id: 'B2', run: b2Capture },
  { id: 'B3', run: b3Latency },
  { id: 'B4', run: b4Kill },
  { id: 'B5', run: b5Ui },
  { id: 'B6', run: b6Export },
]

interface Args {
  quick: boolean
  only: Set<string> | null
  keep: boolean
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, only: null, keep: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--quick') args.quick = true
    else if (a === '--keep') args.keep = true
    else if (a === '--only' || a.startsWith('--only=')) {
      const list = a.includes('=') ? a.slice('--only='.length) : argv[++i]
      if (!list) throw new Error('--only needs a list, e.g. --only B1,B2')
      args.only = new Set(list.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean))
      for (const id of args.only) if (!BENCHES.some((b) => b.id === id)) throw new Error(`unknown benchmark ${id}`)
    } else if (a === '--help' || a === '-h') {
      console.log('usage: npm run bench -- [--quick] [--only B1,B2,...] [--keep]')
      process.exit(0)
    } else throw new Error(`unknown argument ${a}`)
  }
  return args
}

function version(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(join(REPO, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version
  } catch {
    return 'missing'
  }
}

function machine(): Record<string, unknown> {
  let redis = 'missing'
  try {
    redis = execFileSync('redis-server', ['--version'], { encoding: 'utf8' }).match(/v=([\d.]+)/)?.[1] ?? 'unknown'
  } catch {
    /* reported as missing */
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryMb: Math.round(totalmem() / 2 ** 20),
    platform: `${platform()} ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
    versions: {
      undici: version('undici'),
      'better-sqlite3': version('better-sqlite3'),
      bullmq: peerVersion('bullmq'),
      autocannon: version('autocannon'),
      '@playwright/test': version('@playwright/test'),
      'redis-server': redis,
    },
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2))
  const tmpRoot = mkdtempSync(join(tmpdir(), 'hooklab-bench-'))
  const ctx: BenchContext = {
    quick: args.quick,
    reps: args.quick ? 1 : 3,
    tmpRoot,
    log: (msg) => process.stderr.write(`[bench] ${msg}\n`),
  }
  const info = machine()
  ctx.log(`${args.quick ? 'quick' : 'full'} run on ${String(info.cores)} × ${String(info.cpu)}, node ${process.version}; temp ${tmpRoot}`)
  const rows: Row[] = []
  const details: Record<string, unknown> = {}
  const problems: string[] = []
  const started = Date.now()
  for (const bench of BENCHES) {
    if (args.only && !args.only.has(bench.id)) continue
    const t0 = Date.now()
    ctx.log(`${bench.id} …`)
    // Each benchmark's files go when it ends: B2 alone leaves ~0.5 GB, whose writeback would
    // otherwise compete with the benchmarks after it.
    const benchRoot = mkdtempSync(join(tmpRoot, `${bench.id}-`))
    try {
      const out = await bench.run({ ...ctx, tmpRoot: benchRoot })
      rows.push(...out.rows)
      if (out.details) details[bench.id] = out.details
      if (out.crash) problems.push(`${bench.id} crashed: ${out.crash}`)
      if (out.dataLoss) problems.push(`${bench.id} lost data: ${out.dataLoss}`)
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      ctx.log(`${bench.id} crashed: ${err instanceof Error ? (err.stack ?? message) : message}`)
      problems.push(`${bench.id} crashed: ${message}`)
      rows.push({ id: bench.id, what: 'crashed', figure: null, unit: '', reference: null, ratio: null, goal: '', met: null, note: `crashed: ${message.split('\n')[0]}` })
    }
    if (!args.keep) rmSync(benchRoot, { recursive: true, force: true })
    ctx.log(`${bench.id} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  }
  const table = formatTable(rows)
  console.log(table)
  const out = {
    mode: args.quick ? 'quick' : 'full',
    machine: info,
    durationS: Math.round((Date.now() - started) / 100) / 10,
    rows,
    problems,
    details,
  }
  writeFileSync(join(REPO, 'bench-results.json'), JSON.stringify(out, null, 2) + '\n')
  ctx.log(`wrote bench-results.json (${out.durationS} s)`)
  if (!args.keep) rmSync(tmpRoot, { recursive: true, force: true })
  for (const p of problems) console.error(`bench: ${p}`)
  return problems.length ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err)
    process.exit(2)
  },
)
