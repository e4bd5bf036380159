// The one window. The renderer is untrusted: isolated, sandboxed, no Node, no navigation away
// from our page, no new windows, no permissions but clipboard writes from the app page (DESIGN.md "Security stance").
import { BrowserWindow } from 'electron'
import type { Session, WebContents } from 'electron'

export interface WindowOptions {
  preloadPath: string
  /** file:// URL of out/renderer/index.html, or the dev server URL. */
  appUrl: string
}

/** A URL is ours when it is the app page itself (any hash/query), never another file or site. */
export function isAppUrl(appUrl: string, candidate: string): boolean {
  try {
    const a = new URL(appUrl)
    const b = new URL(candidate)
    return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname
  } catch {
    return false
  }
}

/**
 * Every permission is refused but one: writing text to the clipboard from the app page itself, which every
 * Copy button (Copy as cURL has no text on screen to select instead) needs through navigator.clipboard.
 */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write'])

export function lockDownSession(session: Session, appUrl: string): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(ALLOWED_PERMISSIONS.has(permission) && isAppUrl(appUrl, details?.requestingUrl ?? '')),
  )
  session.setPermissionCheckHandler((_wc, permission, _origin, details) => ALLOWED_PERMISSIONS.has(permission) && isAppUrl(appUrl, details?.requestingUrl ?? ''))
}

/** Applied to every webContents the app creates (Electron security checklist 13/14). */
export function lockDownContents(contents: WebContents, appUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(appUrl, url)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(appUrl, url)) event.preventDefault()
  })
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  // The UI links nowhere outside itself: no window opens, in the app or in the user's browser.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    title: 'Hooklab',
    show: false,
    backgroundColor: '#1e1f22',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click cannot even ask for a new window.
      disableBlinkFeatures: 'Auxclick',
    },
  })
  lockDownSession(win.webContents.session, options.appUrl)
  lockDownContents(win.webContents, options.appUrl)
  win.once('ready-to-show', () => win.show())
  void win.loadURL(options.appUrl)
  return win
}
