// BullMQ (the B1 reference) is installed on demand into a cache folder, not as a devDependency:
// its optional native helper msgpackr-extract has platform builds our registry does not serve,
// which makes `npm ci` refuse the lock file. `npm install` into a side folder tolerates that.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'

export const PEERS = { bullmq: '6.7.0', ioredis: '5.9.2' } as const
export const PEERS_DIR = resolve(__dirname, '../../../node_modules/.cache/hooklab-bench-peers')

/** Installs BullMQ + ioredis into PEERS_DIR once; throws with npm's message if it cannot. */
export function ensurePeers(): string {
  const marker = join(PEERS_DIR, 'node_modules', 'bullmq', 'package.json')
  if (existsSync(marker) && peerVersion('bullmq') === PEERS.bullmq) return PEERS_DIR
  mkdirSync(PEERS_DIR, { recursive: true })
  const specs = Object.entries(PEERS).map(([name, v]) => `${name}@${v}`)
  execFileSync(
    'npm',
    ['install', '--prefix', PEERS_DIR, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel', 'error', ...specs],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 180_000 },
  )
  return PEERS_DIR
}

/** require() rooted in the peers folder. */
export function requirePeer(name: string): unknown {
  return createRequire(join(PEERS_DIR, 'package.json'))(name)
}

export function peerVersion(name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(PEERS_DIR, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }
    return pkg.version
  } catch {
    return 'not installed'
  }
}
