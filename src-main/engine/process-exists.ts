/** Whether a process with this pid exists on this machine (signal 0 checks without sending; EPERM: it exists, as another user's). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
