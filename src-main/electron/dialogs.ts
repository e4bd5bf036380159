// Electron's side of `export.attempts`: a native save dialog, then the export streamed to the
// chosen file (never held in memory), with progress events to the window.
import { createWriteStream } from 'node:fs'
import type { Writable } from 'node:stream'
import { dialog } from 'electron'
import type { BrowserWindow } from 'electron'
import type { MethodOutput } from '../../src-preload/contract'
import { exportWithProgress } from '../api/export-stream'
import type { ExportProgress } from '../api/export-stream'

export async function saveExportWithDialog(
  win: BrowserWindow | null,
  run: (out: Writable) => Promise<{ deliveries: number }>,
  onProgress: (p: ExportProgress) => void,
  now = new Date(),
): Promise<MethodOutput<'export.attempts'>> {
  const options = {
    title: 'Export attempt log',
    defaultPath: `hooklab-attempts-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.json`,
    filters: [{ name: 'JSON', extensions: ['json'] }],
  }
  const choice = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
  if (choice.canceled || !choice.filePath) return { kind: 'cancelled' }
  const { bytes, deliveries } = await exportWithProgress(run, createWriteStream(choice.filePath), onProgress)
  return { kind: 'saved', path: choice.filePath, bytes, deliveries }
}
