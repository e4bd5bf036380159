import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve, sep } from 'node:path'
import type { OutputBundle, OutputChunk } from 'rolldown'
import type { Plugin } from 'vite'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// Renderer build: how the first screen's scripts reach Chromium (used in `renderer:` below).
/** The UI chunk's file name (src/mount.tsx), which main.tsx imports at once. */
const UI_CHUNK = /(^|\/)mount-[^/]*\.js$/

/** The small first script's own modules (main.tsx, boot.ts, the transport) and the styles. */
const ENTRY_ONLY = /src-renderer[\\/]src[\\/](main\.tsx|boot\.ts|transport[\\/]|lib[\\/](first-page|initial-view)\.ts)|src-preload[\\/]|\.css$/
/** Code only the lazy views and dialogs need (CodeMirror, Radix, the other views). */
const LAZY_ONLY =
  /src-renderer[\\/]src[\\/](views[\\/](?!DeliveriesView|lazy|ExportDialog|BulkRetry)|components[\\/](CodeEditor|DialogImpl))|node_modules[\\/](@codemirror|@lezer|@radix-ui|style-mod|w3c-keyname|crelt|@marijn)[\\/]/
/** The UI chunk: React, the stores and components, whether the lazy views share them or not. */
const inUiChunk = (id: string): boolean =>
  (/node_modules[\\/](react|react-dom|scheduler|zustand|@tanstack)[\\/]/.test(id) || /src-renderer[\\/]src[\\/]/.test(id)) && !ENTRY_ONLY.test(id) && !LAZY_ONLY.test(id)

/** The chunks of the first screen: the entry, the UI chunk it loads at once, their imports. */
function firstScreenChunks(bundle: OutputBundle): OutputChunk[] {
  const chunks = Object.values(bundle).filter((c): c is OutputChunk => c.type === 'chunk')
  const entry = chunks.find((c) => c.isEntry)
  const ui = chunks.find((c) => c.moduleIds.some((id) => id.endsWith(`${sep}mount.tsx`)))
  const out = new Set<OutputChunk>()
  const add = (c: OutputChunk | undefined): void => {
    if (!c || out.has(c)) return
    out.add(c)
    for (const name of c.imports) add(chunks.find((x) => x.fileName === name))
  }
  add(entry)
  add(ui)
  return [...out]
}

/**
 * First screen, browser side: index.html preloads the UI chunk (src/mount.tsx) so it downloads
 * while the small entry opens the socket; and those chunks carry V8's compile hint, so Chromium
 * compiles them eagerly on its streaming thread instead of function by function on the main
 * thread at first call (lazy views stay lazily compiled). The hint must open the file, so it is
 * added once Vite has written its own preamble.
 */
function firstScreen(): Plugin {
  const HINT = '//# allFunctionsCalledOnLoad\n'
  return {
    name: 'hooklab-first-screen',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return html
        const entry = Object.values(ctx.bundle).find((c) => c.type === 'chunk' && c.isEntry)
        const links = firstScreenChunks(ctx.bundle)
          .filter((c) => c !== entry && !html.includes(c.fileName))
          .map((c) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${c.fileName}` }, injectTo: 'head' as const }))
        return { html, tags: links }
      },
    },
    writeBundle(options, bundle) {
      if (!options.dir) return
      for (const chunk of firstScreenChunks(bundle)) {
        const file = join(options.dir, chunk.fileName)
        const code = readFileSync(file, 'utf8')
        if (!code.startsWith(HINT)) writeFileSync(file, HINT + code)
      }
    },
  }
}

// Main bundles two entries: the Electron app and the plain-Node CLI (bin.hooklab).
// better-sqlite3, undici, ws, zod and commander stay external (they are in
// "dependencies"), so the CLI loads them from node_modules under plain Node.
export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'src-main/electron/main.ts'),
          cli: resolve(__dirname, 'src-main/cli/main.ts'),
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
    plugins: [react(), firstScreen()],
    build: {
      // The renderer ships to a browser: minified it parses faster (first rows of 100k in < 300 ms).
      minify: true,
      // index.html already preloads the UI chunk and its imports (firstScreen below): importing it
      // must not wait on Vite's preload helper re-adding and awaiting those links.
      modulePreload: {
        resolveDependencies: (filename, deps, ctx) => (ctx.hostType === 'js' && UI_CHUNK.test(filename) ? [] : deps),
      },
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src-renderer/index.html') },
        output: {
          // One UI chunk instead of a handful of small ones shared with the lazy views: Chromium
          // opens at most 6 connections to the host, and a 7th first-screen file waits for one.
          codeSplitting: { includeDependenciesRecursively: false, groups: [{ name: 'mount', test: inUiChunk }] },
        },
      },
    },
  },
})
