// better-sqlite3 built for Electron's ABI lives in .hooklab-native/ (built by start.mjs), so
// node_modules keeps the Node build the CLI and tests load. Null = use the default binding.
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export function electronNativeBinding(appPath: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [
    env.HOOKLAB_NATIVE_BINDING,
    join(appPath, '.hooklab-native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
  ]
  for (const file of candidates) if (file && existsSync(file)) return file
  return null
}
