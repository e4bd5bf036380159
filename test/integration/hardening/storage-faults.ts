// Real storage faults for the storage-*.test.ts files: a small tmpfs that really fills up, and
// `chattr +i` (root ignores mode bits). Both need root and a kernel that allows them (CI runs as
// root on Debian). Where they are not allowed each helper says so and the test falls back to an
// injected fault on the engine's connection: SQLite's page cap (max_page_count) for a full disk,
// query_only for a read-only file — the same SQLite error codes, without the file system.
// HOOKLAB_TEST_NO_MOUNT=1 / HOOKLAB_TEST_NO_CHATTR=1 take the fallbacks on purpose (to check them).
import { execFileSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Db } from '../../../src-main/engine/db/open'

const isRoot = process.getuid?.() === 0

/** A data dir on a tmpfs of `sizeMb` (real ENOSPC), or a plain temp dir when mounting is not allowed. */
export function smallDisk(sizeMb: number): { dir: string; real: boolean; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'hooklab-storage-'))
  let real = false
  if (isRoot && !process.env.HOOKLAB_TEST_NO_MOUNT) {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { stdio: 'ignore' })
      real = true
    } catch {
      /* not allowed here (a container without CAP_SYS_ADMIN): injected faults instead */
    }
  }
  return {
    dir,
    real,
    cleanup: () => {
      if (real) execFileSync('umount', ['-l', dir], { stdio: 'ignore' })
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * Fills the disk: on a real tmpfs a filler file takes every free byte; otherwise the connection's page
 * cap is set to what the file holds now. Returns the undo (space back).
 */
export function fillDisk(disk: { dir: string; real: boolean }, db: Db): () => void {
  if (!disk.real) {
    const pages = db.pragma('page_count', { simple: true }) as number
    db.pragma(`max_page_count = ${pages}`)
    return () => void db.pragma('max_page_count = 1073741823')
  }
  const filler = join(disk.dir, 'filler')
  const fd = openSync(filler, 'w')
  const chunk = Buffer.alloc(64 * 1024, 1)
  try {
    for (;;) writeSync(fd, chunk)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err
  }
  // The last partial chunk: every byte gone.
  try {
    for (;;) writeSync(fd, chunk, 0, 512)
  } catch {
    /* ENOSPC */
  }
  closeSync(fd)
  return () => rmSync(filler, { force: true })
}

/** `chattr +i` on the paths; the undo, or null where chattr is not allowed (then inject instead). */
export function immutable(paths: string[]): (() => void) | null {
  if (!isRoot || process.env.HOOKLAB_TEST_NO_CHATTR) return null
  try {
    execFileSync('chattr', ['+i', ...paths], { stdio: 'ignore' })
  } catch {
    return null
  }
  let undone = false
  return () => {
    if (undone) return
    undone = true
    execFileSync('chattr', ['-i', ...paths], { stdio: 'ignore' })
  }
}
