// `npm start`: checks for the Electron binary, builds better-sqlite3 for Electron's ABI in
// .hooklab-native/ (a copy: node_modules' Node build, which the CLI and tests use, is never
// touched), verifies the ABI of what was built, then builds the app and launches it.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const electronDir = join(root, 'node_modules', 'electron')
const nativeRoot = join(root, '.hooklab-native')
const nativePkg = join(nativeRoot, 'better-sqlite3')
const nativeFile = join(nativePkg, 'build', 'Release', 'better_sqlite3.node')

function fail(sentence) {
  process.stderr.write(`${sentence}\n`)
  process.exit(1)
}

// Not require('electron'): that tries to download the binary when it is missing.
function electronBinary() {
  const pathTxt = join(electronDir, 'path.txt')
  if (!existsSync(pathTxt)) return null
  const rel = readFileSync(pathTxt, 'utf8').trim()
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(electronDir, 'dist')
  const bin = join(dist, rel)
  return existsSync(bin) ? bin : null
}

/** The module version a native addon was built for, read from its registration symbol. */
function addonAbi(file) {
  const match = /node_register_module_v(\d+)/.exec(readFileSync(file).toString('latin1'))
  return match ? Number(match[1]) : null
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options })
  return result.status === 0
}

const electron = electronBinary()
if (!electron) {
  fail(
    'Hooklab needs the Electron binary, which could not be downloaded on this machine (no network access to its release host); the CLI and browser mode work without it: npm run build && npx hooklab serve',
  )
}

const electronVersion = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version
const wantedAbi = Number(readFileSync(join(electronDir, 'abi_version'), 'utf8').trim())

if (!existsSync(nativeFile) || addonAbi(nativeFile) !== wantedAbi) {
  process.stdout.write(`Building better-sqlite3 for Electron ${electronVersion} (ABI ${wantedAbi}) in .hooklab-native/ ...\n`)
  rmSync(nativePkg, { recursive: true, force: true })
  mkdirSync(nativeRoot, { recursive: true })
  cpSync(join(root, 'node_modules', 'better-sqlite3'), nativePkg, {
    recursive: true,
    filter: (src) => !src.startsWith(join(root, 'node_modules', 'better-sqlite3', 'build')),
  })
  // A machine-wide nodedir (the Node headers) would silently give a Node-ABI build: drop it.
  const env = { ...process.env }
  for (const key of Object.keys(env)) if (/^npm_config_nodedir$/i.test(key)) delete env[key]
  env.npm_config_nodedir = ''
  const gyp = [
    join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ].find((p) => existsSync(p))
  if (!gyp) fail('Hooklab could not find node-gyp to build better-sqlite3 for Electron; install it with: npm i -g node-gyp')
  const built = run(
    process.execPath,
    [gyp, 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
    { cwd: nativePkg, env },
  )
  if (!built || !existsSync(nativeFile)) {
    fail('Hooklab could not build better-sqlite3 for Electron (Electron headers unavailable?); the CLI and browser mode work without it: npm run build && npx hooklab serve')
  }
  const gotAbi = addonAbi(nativeFile)
  if (gotAbi !== wantedAbi) {
    fail(`The better-sqlite3 build in .hooklab-native/ has ABI ${gotAbi}, but Electron ${electronVersion} needs ${wantedAbi}; delete .hooklab-native/ and check your npm nodedir setting.`)
  }
  writeFileSync(join(nativeRoot, 'stamp.json'), `${JSON.stringify({ electronVersion, abi: gotAbi })}\n`)
}

if (!run(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root })) {
  fail('The app build (electron-vite build) failed; see the messages above.')
}

const app = spawnSync(electron, [root, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, HOOKLAB_NATIVE_BINDING: nativeFile },
})
process.exit(app.status ?? 0)
