// The Electron shell's security settings, checked without the Electron binary (`electron`
// mocked): the window's webPreferences, navigation/new-window/permission denial, the
// safeStorage box, and `npm start` failing with one sentence when the binary is missing.
import { spawnSync } from 'node:child_process'
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it, vi } from 'vitest'

const created: Array<{ options: Record<string, unknown>; loaded: string[] }> = []
const openedExternally: string[] = []

function fakeContents() {
  const listeners = new Map<string, (...args: unknown[]) => void>()
  let openHandler: ((d: { url: string }) => { action: string }) | null = null
  const session = {
    onRequest: null as null | ((wc: unknown, permission: string, cb: (ok: boolean) => void, details?: { requestingUrl: string }) => void),
    onCheck: null as null | ((wc: unknown, permission: string, origin: string, details?: { requestingUrl: string }) => boolean),
    setPermissionRequestHandler(fn: (wc: unknown, permission: string, cb: (ok: boolean) => void, details?: { requestingUrl: string }) => void) {
      this.onRequest = fn
    },
    setPermissionCheckHandler(fn: (wc: unknown, permission: string, origin: string, details?: { requestingUrl: string }) => boolean) {
      this.onCheck = fn
    },
  }
  return {
    session,
    on: (name: string, fn: (...args: unknown[]) => void) => void listeners.set(name, fn),
    setWindowOpenHandler: (fn: (d: { url: string }) => { action: string }) => void (openHandler = fn),
    emit: (name: string, ...args: unknown[]) => listeners.get(name)?.(...args),
    open: (url: string) => openHandler?.({ url }),
  }
}

vi.mock('electron', () => ({
  BrowserWindow: class {
    webContents = fakeContents()
    constructor(options: Record<string, unknown>) {
      created.push({ options, loaded: [] })
    }
    once() {}
    loadURL(url: string) {
      created.at(-1)?.loaded.push(url)
      return Promise.resolve()
    }
  },
  shell: { openExternal: (url: string) => openedExternally.push(url) },
}))

const APP = 'file:///opt/hooklab/out/renderer/index.html'

describe('Electron window', () => {
  it('is isolated, sandboxed and Node-free, and loads our page', async () => {
    const { createMainWindow } = await import('../../../src-main/electron/window')
    createMainWindow({ preloadPath: '/opt/hooklab/out/preload/index.js', appUrl: APP })
    const prefs = created.at(-1)?.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    })
    expect(created.at(-1)?.loaded).toEqual([APP])
  })

  it('denies navigation away, new windows, webviews and every permission but the app page writing to the clipboard', async () => {
    const { lockDownContents, lockDownSession, isAppUrl } = await import('../../../src-main/electron/window')
    const wc = fakeContents()
    lockDownContents(wc as never, APP)
    lockDownSession(wc.session as never, APP)
    const prevented = (name: string, url: string): boolean => {
      let stopped = false
      wc.emit(name, { preventDefault: () => (stopped = true) }, url)
      return stopped
    }
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true)
    expect(prevented('will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(prevented('will-navigate', `${APP}#/deliveries`)).toBe(false)
    expect(prevented('will-redirect', 'http://127.0.0.1:1/')).toBe(true)
    expect(prevented('will-attach-webview', '')).toBe(true)
    expect(wc.open('https://docs.example/')).toEqual({ action: 'deny' })
    expect(wc.open('file:///etc/passwd')).toEqual({ action: 'deny' })
    // Nothing is handed to the OS browser either: the UI links to no outside page.
    expect(openedExternally).toEqual([])
    const answers: boolean[] = []
    wc.session.onRequest?.(null, 'media', (ok) => answers.push(ok), { requestingUrl: APP })
    wc.session.onRequest?.(null, 'notifications', (ok) => answers.push(ok), { requestingUrl: APP })
    // Every Copy button writes through navigator.clipboard: allowed to the app page only.
    wc.session.onRequest?.(null, 'clipboard-sanitized-write', (ok) => answers.push(ok), { requestingUrl: `${APP}#/inbox` })
    wc.session.onRequest?.(null, 'clipboard-sanitized-write', (ok) => answers.push(ok), { requestingUrl: 'https://evil.example/' })
    wc.session.onRequest?.(null, 'clipboard-read', (ok) => answers.push(ok), { requestingUrl: APP })
    expect(answers).toEqual([false, false, true, false, false])
    expect(wc.session.onCheck?.(null, 'media', 'file://', { requestingUrl: APP })).toBe(false)
    expect(wc.session.onCheck?.(null, 'clipboard-sanitized-write', 'file://', { requestingUrl: APP })).toBe(true)
    expect(isAppUrl(APP, 'file:///opt/hooklab/out/renderer/other.html')).toBe(false)
  })
})

describe('safeStorage secret box', () => {
  it('seals through the OS keychain, and is unavailable without one', async () => {
    const { createSafeStorageBox } = await import('../../../src-main/electron/secret-box')
    const fake = (available: boolean, backend: string) =>
      ({
        isEncryptionAvailable: () => available,
        getSelectedStorageBackend: () => backend,
        encryptString: (s: string) => Buffer.from([...Buffer.from(s)].reverse()),
        decryptString: (b: Buffer) => Buffer.from([...b].reverse()).toString(),
      }) as never
    expect(createSafeStorageBox(fake(false, 'gnome_libsecret'), 'linux')).toBeNull()
    expect(createSafeStorageBox(fake(true, 'basic_text'), 'linux')).toBeNull()
    const box = createSafeStorageBox(fake(true, 'gnome_libsecret'), 'linux')
    expect(box?.id).toBe('safeStorage')
    const sealed = box?.seal('whsec_secret') ?? Buffer.alloc(0)
    expect(sealed.toString()).not.toContain('whsec_secret')
    expect(box?.open(sealed)).toBe('whsec_secret')
  })
})

describe('npm start without the Electron binary', () => {
  it('exits 1 with one sentence pointing at browser mode, and leaves the Node build alone', () => {
    const root = resolve(__dirname, '..', '..', '..')
    const nodeBuild = resolve(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')
    const before = statSync(nodeBuild).mtimeMs
    const run = spawnSync(process.execPath, [resolve(root, 'src-main/electron/start.mjs')], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: resolve(root, 'no-such-electron-dist') },
    })
    expect(run.status).toBe(1)
    const lines = run.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('npx hooklab serve')
    expect(run.stderr).not.toMatch(/\n\s+at /)
    expect(statSync(nodeBuild).mtimeMs).toBe(before)
  })
})
