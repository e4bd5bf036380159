// Review 5 (durability): `export --out` killed with SIGKILL (no handler runs) left an 8 MB
// FILE.<pid>-<hex>.partial, mode 0644, holding captured bodies, next to FILE for good. The next export to
// the same path removes the partial files of processes that are gone, and a new export is private.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { run, tempHome } from '../cli/helpers'

/** A pid no process has: past the kernel's pid limit. */
const GONE = 4_194_305

it("the next export to a path removes the partial files of killed exports, not a running one's; a new export is 0600", async () => {
  const home = tempHome()
  const file = join(home, 'log.json')
  const stale = `${file}.${GONE}-0123456789ab.partial`
  const live = `${file}.${process.pid}-ba9876543210.partial`
  const other = join(home, 'other.json.4194305-0123456789ab.partial')
  for (const f of [stale, live, other]) writeFileSync(f, '{"format":"hooklab.attempts/v1","deliveries":[{')

  const r = await run(['export', '--out', file, '--home', home])
  expect(r.code, r.stderr).toBe(0)
  expect(existsSync(stale)).toBe(false)
  // A partial of a process still running may be another export under way; another path's is not ours.
  expect(existsSync(live)).toBe(true)
  expect(existsSync(other)).toBe(true)
  expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'hooklab.attempts/v1' })
  expect(statSync(file).mode & 0o777).toBe(0o600)
})
