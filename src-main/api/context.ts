// What every handler area receives: the engine, the receiver (when this face runs one), the
// stores kept in the home, and the few things only the face knows (mode, export destination).
import type { Settings } from '../../src-preload/contract'
import type { Engine } from '../engine/engine'
import type { Receiver } from '../engine/receiver'
import type { ExportJob, ExportOutcome } from './export-stream'
import type { SettingsStore } from './settings-store'
import type { TemplateStore } from './templates-store'

export interface ApiEnv {
  mode: 'electron' | 'browser'
  version: string
  platform?: string
  /** Read on every call: the receiver is replaced when its port or bind address changes. */
  readonly receiver: Receiver | null
  settings: SettingsStore
  templates: TemplateStore
  /** Electron: save dialog + streamed write. Browser: a one-time download URL. */
  exportFile(job: ExportJob): Promise<ExportOutcome>
  /** Applies saved settings to what is running (restarts the receiver on a new port). */
  applySettings?(previous: Settings, next: Settings): Promise<void>
}

export interface ApiContext {
  engine: Engine
  env: ApiEnv
}
