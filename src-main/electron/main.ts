// The desktop app: one window over the same runtime as `hooklab serve`, on the same data dir
// as the CLI. Only this folder imports electron.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, ipcMain, Menu, safeStorage, session } from 'electron'
import type { BrowserWindow, WebContents } from 'electron'
import { createRuntime } from '../api/runtime'
import type { Runtime } from '../api/runtime'
import { consoleLogger } from '../engine/logger'
import { defaultHome } from '../engine/paths'
import { saveExportWithDialog } from './dialogs'
import { ipcEventSender, registerIpc, senderCheck } from './ipc'
import { buildMenu } from './menu'
import { electronNativeBinding } from './native'
import { createSafeStorageBox } from './secret-box'
import { createMainWindow, isAppUrl, lockDownContents, lockDownSession } from './window'

const home = defaultHome()
// The CLI reads the same dir (engine/paths.ts), so both see one database.
app.setPath('userData', home)

const logger = consoleLogger()
let win: BrowserWindow | null = null
let runtime: Runtime | null = null
let quitting = false

const appUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(__dirname, '../renderer/index.html')).href
const contents = (): WebContents | null => (win && !win.isDestroyed() ? win.webContents : null)
const send = ipcEventSender(contents)

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!win) return
    if (win.isMinimized()) win.restore()
    win.focus()
  })
  app.on('web-contents-created', (_e, wc) => lockDownContents(wc, appUrl))
  app.whenReady().then(start).catch((err: unknown) => fatal(err))
}

async function start(): Promise<void> {
  lockDownSession(session.defaultSession)
  const secretBox = createSafeStorageBox(safeStorage)
  const nativeBinding = electronNativeBinding(app.getAppPath())
  runtime = createRuntime({
    home,
    mode: 'electron',
    version: app.getVersion(),
    logger,
    ...(secretBox ? { secretBox } : {}),
    ...(nativeBinding ? { nativeBinding } : {}),
    send,
    exportAttempts: (filter) =>
      saveExportWithDialog(
        win,
        (out) => {
          if (!runtime) throw new Error('Hooklab is shutting down')
          return runtime.engine.export.exportAttempts(filter, out)
        },
        (p) => send('export.progress', p),
      ),
  })
  const rt = runtime

  registerIpc(ipcMain, senderCheck(contents, (url) => isAppUrl(appUrl, url)), rt.handlers, { logger })
  try {
    await rt.start()
  } catch (err) {
    // A taken receiver port must not keep the app from opening: the UI shows receiverUrl null.
    logger.error('receiver did not start', { message: err instanceof Error ? err.message : String(err) })
    rt.engine.start()
  }
  Menu.setApplicationMenu(buildMenu((view) => send('app.navigate', { view })))
  win = createMainWindow({ preloadPath: join(__dirname, '../preload/index.js'), appUrl })
  win.on('closed', () => {
    win = null
  })
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

app.on('activate', () => {
  if (!win && runtime) win = createMainWindow({ preloadPath: join(__dirname, '../preload/index.js'), appUrl })
})

// Stop the engine before exiting: in-flight attempts finish (or give back their leases).
app.on('before-quit', (event) => {
  if (quitting || !runtime) return
  event.preventDefault()
  quitting = true
  runtime
    .stop()
    .catch((err: unknown) => logger.error('engine stop failed', { message: String(err) }))
    .finally(() => app.quit())
})

function fatal(err: unknown): void {
  logger.error('Hooklab failed to start', { message: err instanceof Error ? err.message : String(err) })
  app.exit(1)
}
