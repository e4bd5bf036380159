// Review 3: `hooklab export --since/--until` take ISO 8601 dates and date/times only; what Date.parse
// would guess at ("0", "Nov 31 2026") is a usage error. Runs the built CLI (npm run build first).
import { existsSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tmpHome } from '../delivery/helpers'

const ROOT = resolve(__dirname, '../../..')
const CLI = join(ROOT, 'out/main/cli.js')
const home = tmpHome()
afterAll(() => home.cleanup())

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, HOOKLAB_HOME: '' } })
    child.stdin.end()
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (code) => resolveRun({ code: code ?? -1, stdout, stderr }))
  })
}

describe('hooklab export --since/--until', () => {
  it('refuses what is not an ISO 8601 date or date/time', async () => {
    for (const [flag, value] of [['--since', '0'], ['--until', '12'], ['--since', 'Nov 31 2026'], ['--until', 'Tue, 01 Dec 2026 00:00:00 GMT'], ['--since', '2026-01-31T24:00Z']] as const) {
      const r = await run(['export', '--home', home.dir, flag, value])
      expect(r, `${flag} ${value}`).toMatchObject({ code: 2, stdout: '' })
      expect(r.stderr).toBe(`hooklab: ${flag} "${value}" is not an ISO 8601 date or date/time (e.g. 2026-01-31 or 2026-01-31T12:00:00Z)\n`)
    }
    expect(await run(['export', '--home', home.dir, '--since', '2026-11-31'])).toMatchObject({ code: 2, stderr: 'hooklab: --since "2026-11-31": there is no such day\n' })
  }, 60_000)

  it('takes a date, a date/time with Z or an offset, with or without seconds', async () => {
    for (const [since, until, iso] of [
      ['2026-01-31', '2026-02-01T12:00Z', ['2026-01-31T00:00:00.000Z', '2026-02-01T12:00:00.000Z']],
      ['2026-01-31T12:00:00.5+01:00', '2026-01-31T13:00:00Z', ['2026-01-31T11:00:00.500Z', '2026-01-31T13:00:00.000Z']],
    ] as const) {
      const r = await run(['export', '--home', home.dir, '--since', since, '--until', until])
      expect(r.code, r.stderr).toBe(0)
      expect((JSON.parse(r.stdout) as { filters: { since: string; until: string } }).filters).toMatchObject({ since: iso[0], until: iso[1] })
    }
  }, 60_000)
})

describe('hooklab export --out on a full disk', () => {
  it.runIf(existsSync('/dev/full'))('says the disk is full, as a usage problem, not a raw ENOSPC', async () => {
    const r = await run(['export', '--home', home.dir, '--out', '/dev/full'])
    expect(r).toMatchObject({ code: 2, stdout: '' })
    expect(r.stderr).toBe('hooklab: cannot write --out /dev/full: the disk is full\n')
    expect(existsSync('/dev/full')).toBe(true) // only a file of its own is removed
  }, 60_000)
})
