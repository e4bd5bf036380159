// Electron's side of `export.attempts` / `export.captures`: a native save dialog, then the export
// streamed to the chosen file (never held in memory), with progress events to the window.
import { createWriteStream } from 'node:fs'
import type { Writable } from 'node:stream'
import { dialog } from 'electron'
import type { BrowserWindow } from 'electron'
import { exportFileName, exportWithProgress } from '../api/export-stream'
import type { ExportJob, ExportOutcome, ExportProgress } from '../api/export-stream'

const TITLES: Record<ExportJob['kind'], string> = { attempts: 'Export attempt log', captures: 'Export captures' }

export async function saveExportWithDialog(
  win: BrowserWindow | null,
  kind: ExportJob['kind'],
  run: (out: Writable) => Promise<{ count: number }>,
  onProgress: (p: ExportProgress) => void,
  now = new Date(),
): Promise<ExportOutcome> {
  const options = { title: TITLES[kind], defaultPath: exportFileName(kind, now), filters: [{ name: 'JSON', extensions: ['json'] }] }
  const choice = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
  if (choice.canceled || !choice.filePath) return { kind: 'cancelled' }
  const { bytes, count } = await exportWithProgress(kind, run, createWriteStream(choice.filePath), onProgress)
  return { kind: 'saved', path: choice.filePath, bytes, count }
}
