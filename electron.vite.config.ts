import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { OutputChunk } from 'rolldown'
import type { Plugin } from 'vite'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// Renderer build (used in `renderer:` below).
/**
 * The first screen's chunks (the entry and what it imports statically) carry V8's compile hint, so
 * Chromium compiles them eagerly on its script-streaming thread while they download instead of
 * function by function on the main thread at first call; lazy chunks stay lazily compiled. The
 * hint must open the file, so it is added once Vite has written its own preamble. (Measured: a
 * chunk reached through modulepreload + import() is not streamed, and the hint then moves a full
 * compile onto the main thread, so the UI is not split from the entry.)
 */
function compileHints(): Plugin {
  const HINT = '//# allFunctionsCalledOnLoad\n'
  return {
    name: 'hooklab-compile-hints',
    apply: 'build',
    writeBundle(options, bundle) {
      const chunks = Object.values(bundle).filter((c): c is OutputChunk => c.type === 'chunk')
      const entry = chunks.find((c) => c.isEntry)
      if (!entry || !options.dir) return
      for (const name of [entry.fileName, ...entry.imports]) {
        const file = join(options.dir, name)
        const code = readFileSync(file, 'utf8')
        if (!code.startsWith(HINT)) writeFileSync(file, HINT + code)
      }
    },
  }
}

// Main bundles the Electron app, the plain-Node CLI (bin.hooklab) and the engine's worker threads.
// better-sqlite3, undici, ws, zod and commander stay external (they are in
// "dependencies"), so the CLI loads them from node_modules under plain Node.
export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'src-main/electron/main.ts'),
          cli: resolve(__dirname, 'src-main/cli/main.ts'),
          // The delivery writer's worker thread (src-main/engine/delivery/writer.ts loads it by name).
          'writer-thread': resolve(__dirname, 'src-main/engine/delivery/writer-thread.ts'),
          // The search thread (src-main/engine/search/searcher.ts loads it by name).
          'search-thread': resolve(__dirname, 'src-main/engine/search/search-thread.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [react(), compileHints()],
    build: {
      // The renderer ships to a browser: minified it parses faster (first rows of 100k in < 300 ms).
      minify: true,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src-renderer/index.html') },
      },
    },
  },
})
