// Captured and response content is shown as text, never as HTML: no file of the renderer may use
// an HTML sink. A grep-level guard; the UI engineer's Playwright gallery renders hostile payloads.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../../..')
const RENDERER = join(ROOT, 'src-renderer')

const SINKS: Array<[string, RegExp]> = [
  ['dangerouslySetInnerHTML', /dangerouslySetInnerHTML/],
  ['innerHTML/outerHTML assignment', /\.(inner|outer)HTML\s*[+]?=/],
  ['insertAdjacentHTML', /insertAdjacentHTML\s*\(/],
  ['document.write', /document\.write(ln)?\s*\(/],
  ['iframe srcdoc', /srcdoc/i],
  ['createContextualFragment', /createContextualFragment\s*\(/],
  ['DOMParser text/html', /parseFromString\s*\([^)]*text\/html/],
  ['eval / new Function', /\beval\s*\(|new\s+Function\s*\(/],
  ['javascript: URL', /['"`]javascript:/i],
]

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p))
    else if (/\.(tsx?|jsx?|mjs|html)$/.test(name)) out.push(p)
  }
  return out
}

describe('renderer shows content as text', () => {
  it('no renderer source uses an HTML sink (fails naming the file and line)', () => {
    const files = sourceFiles(RENDERER)
    expect(files.length).toBeGreaterThan(0)
    const hits: string[] = []
    for (const file of files) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const [what, re] of SINKS) if (re.test(line)) hits.push(`${relative(ROOT, file)}:${i + 1} uses ${what}`)
        })
    }
    expect(hits).toEqual([])
  })

  it("the renderer's CSP allows scripts from the app only (no inline, no eval)", () => {
    const html = readFileSync(join(RENDERER, 'index.html'), 'utf8')
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toMatch(/unsafe-eval/)
    expect(/script-src[^;]*unsafe-inline/.test(csp)).toBe(false)
    expect(csp).toContain("object-src 'none'")
  })
})
