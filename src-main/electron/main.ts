// The desktop app: one window over the same runtime as `hooklab serve`, on the same data dir
// as the CLI. Only this folder imports electron.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, dialog, ipcMain, Menu, safeStorage, session } from 'electron'
import type { BrowserWindow, WebContents } from 'electron'
import { openWithRecovery } from '../api/open-with-recovery'
import { createRuntime } from '../api/runtime'
import type { Runtime } from '../api/runtime'
import { consoleLogger } from '../engine/logger'
import { defaultHome } from '../engine/paths'
import { saveExportWithDialog } from './dialogs'
import { runExport } from '../api/export-stream'
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

const appUrl =
  process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(__dirname, '../renderer/index.html')).href
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
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => fatal(err))
}

async function start(): Promise<void> {
  lockDownSession(session.defaultSession, appUrl)
  const secretBox = createSafeStorageBox(safeStorage)
  const nativeBinding = electronNativeBinding(app.getAppPath())
  runtime = await openWithRecovery(
    home,
    () =>
      createRuntime({
        home,
        mode: 'electron',
        version: app.getVersion(),
        logger,
        ...(secretBox ? { secretBox } : {}),
        ...(nativeBinding ? { nativeBinding } : {}),
        send,
        exportFile: (job) =>
          saveExportWithDialog(
            win,
            job.kind,
            (out) => {
              if (!runtime) throw new Error('Hooklab is shutting down')
              return runExport(runtime.engine, job, out)
            },
            (p) => send('export.progress', p),
          ),
      }),
    {
      // A damaged database must not keep the app closed: offer to move it aside (never delete it).
      confirm: (message, file) =>
        dialog.showMessageBoxSync({
          type: 'error',
          title: 'Hooklab',
          message: 'The Hooklab database is damaged',
          detail: `${message}\n\nMove ${file} aside (kept as hooklab.db.corrupt-<time>) and start with a fresh database?`,
          buttons: ['Move aside and start fresh', 'Quit'],
          defaultId: 1,
          cancelId: 1,
        }) === 0,
      onMoved: (moved) => logger.warn('moved a damaged database aside', { backup: moved.backup }),
    },
  )
  const rt = runtime

  registerIpc(
    ipcMain,
    senderCheck(contents, (url) => isAppUrl(appUrl, url)),
    rt.handlers,
    { logger },
  )
  try {
    await rt.start()
  } catch (err) {
    // A taken receiver port must not keep the app from opening: the UI shows receiverUrl null.
    logger.error('receiver did not start', {
      message: err instanceof Error ? err.message : String(err),
    })
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
  if (!win && runtime)
    win = createMainWindow({ preloadPath: join(__dirname, '../preload/index.js'), appUrl })
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
  const message = err instanceof Error ? err.message : String(err)
  logger.error('Hooklab failed to start', { message })
  // A read-only, full or newer database (or a declined move) ends here: say why, in a window.
  dialog.showErrorBox('Hooklab could not start', message)
  app.exit(1)
}
