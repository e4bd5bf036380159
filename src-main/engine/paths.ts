import { homedir } from 'node:os'
import { join } from 'node:path'

// The CLI and the desktop app must agree on the data dir, so both use this function
// (Electron main sets app's userData to it). Mirrors Electron's own default for "Hooklab".
export function defaultHome(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.HOOKLAB_HOME) return env.HOOKLAB_HOME
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Hooklab')
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Hooklab')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Hooklab')
}

export function dbFile(home: string): string {
  return join(home, 'hooklab.db')
}
