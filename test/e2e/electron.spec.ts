// The desktop app itself, through Playwright's _electron, where an Electron binary exists.
// Our machines cannot download it, so there the test skips and says why in the output.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

const root = resolve(__dirname, '..', '..')

/** The binary's path without require('electron'), which would try to download it. */
function electronBinary(): string | null {
  const dir = join(root, 'node_modules', 'electron')
  const pathTxt = join(dir, 'path.txt')
  if (!existsSync(pathTxt)) return null
  const bin = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist'), readFileSync(pathTxt, 'utf8').trim())
  return existsSync(bin) ? bin : null
}

const binary = electronBinary()
const nativeBuilt = existsSync(join(root, '.hooklab-native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))
const skipReason = !binary
  ? 'Electron smoke test skipped: no Electron binary in node_modules/electron (it cannot be downloaded on this machine); browser mode is covered by smoke.spec.ts.'
  : !nativeBuilt
    ? 'Electron smoke test skipped: better-sqlite3 has no Electron build in .hooklab-native/ yet (run `npm start` once to build it).'
    : null

test('the desktop window opens on the engine, isolated from Node', async () => {
  if (skipReason) console.log(skipReason)
  test.skip(skipReason !== null, skipReason ?? '')
  const home = mkdtempSync(join(tmpdir(), 'hooklab-electron-'))
  const app = await electron.launch({
    executablePath: binary as string,
    args: [root, '--no-sandbox'],
    env: { ...process.env, HOOKLAB_HOME: home },
  })
  try {
    const win = await app.firstWindow()
    await expect(win.getByTestId('engine-status')).toHaveAttribute('title', 'Engine connected')
    // The renderer sees the bridge and nothing of Node.
    expect(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined')
    expect(await win.evaluate(() => typeof (window as unknown as { hooklab?: unknown }).hooklab)).toBe('object')
    const info = await win.evaluate(async () => {
      const api = (window as unknown as { hooklab: { invoke(m: string, i: unknown): Promise<{ ok: boolean; result: { mode: string; home: string } }> } }).hooklab
      return (await api.invoke('app.info', {})).result
    })
    expect(info).toMatchObject({ mode: 'electron', home })
  } finally {
    await app.close()
    rmSync(home, { recursive: true, force: true })
  }
})
