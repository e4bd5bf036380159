// Opening the data dir when its database is damaged: the user is asked (a dialog in the app, a
// flag in `hooklab serve`) before the file is moved aside — never deleted — and a fresh one made.
import { isHooklabError } from '../engine/errors'
import { moveCorruptDbAside } from '../engine/db/recover'
import type { MovedAside } from '../engine/db/recover'
import { dbFile } from '../engine/paths'

export interface RecoveryChoice {
  /** Shown the engine's message; true = move the damaged file aside and start fresh. */
  confirm(message: string, file: string): boolean | Promise<boolean>
  onMoved?(moved: MovedAside): void
}

/** Runs `open()`; on E_DB_CORRUPT asks, moves the file (with -wal/-shm) aside and opens again. */
export async function openWithRecovery<T>(
  home: string,
  open: () => T,
  choice: RecoveryChoice,
): Promise<T> {
  try {
    return open()
  } catch (err) {
    if (!isHooklabError(err) || err.code !== 'E_DB_CORRUPT') throw err
    const file = dbFile(home)
    if (!(await choice.confirm(err.message, file))) throw err
    // Not `onMoved?.(moveCorruptDbAside(file))`: without onMoved that would skip the move itself.
    const moved = moveCorruptDbAside(file)
    choice.onMoved?.(moved)
    return open()
  }
}
