// UI settings live in <home>/settings.json (no migration needed; the CLI can read it too).
// Written atomically (temp file + rename) so a crash never leaves half a file.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Settings } from '../../src-preload/contract'
import type { Settings as SettingsValue } from '../../src-preload/contract'
import type { Logger } from '../engine/logger'

export const DEFAULT_SETTINGS: SettingsValue = {
  receiverPort: 8787,
  receiverHttpsPort: null,
  receiverHost: '127.0.0.1',
  receiverAllowList: [],
  theme: 'system',
  trustLocalTls: true,
  retention: { maxCapturesPerInbox: 10_000, maxCaptureAgeDays: 30, maxAttemptAgeDays: 30 },
}

/** Any of the settings; retention's fields each on their own too. */
export type SettingsPatch = Partial<Omit<SettingsValue, 'retention'>> & { retention?: Partial<SettingsValue['retention']> }

export interface SettingsStore {
  get(): SettingsValue
  update(patch: SettingsPatch): SettingsValue
}

export function settingsFile(home: string): string {
  return join(home, 'settings.json')
}

export function createSettingsStore(home: string, logger?: Logger): SettingsStore {
  const file = settingsFile(home)
  let current = load()

  function load(): SettingsValue {
    let raw: string
    try {
      raw = readFileSync(file, 'utf8')
    } catch {
      return DEFAULT_SETTINGS
    }
    try {
      const data: unknown = JSON.parse(raw)
      const merged = { ...DEFAULT_SETTINGS, ...(typeof data === 'object' && data !== null ? data : {}) }
      const parsed = Settings.safeParse(merged)
      if (parsed.success) return parsed.data
      logger?.warn('settings.json is invalid; using defaults', { file })
    } catch {
      logger?.warn('settings.json is not JSON; using defaults', { file })
    }
    return DEFAULT_SETTINGS
  }

  return {
    get: () => current,
    update(patch) {
      const next = Settings.parse({ ...current, ...patch, retention: { ...current.retention, ...patch.retention } })
      mkdirSync(home, { recursive: true })
      const tmp = `${file}.${process.pid}.tmp`
      writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`)
      renameSync(tmp, file)
      current = next
      return next
    },
  }
}
