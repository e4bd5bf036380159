// The words of a POSIX shell command line, as bash would pass them to a program: '…' literal,
// "…" with \" \\ \$ \` escapes, $'…' with C escapes (what browsers' "Copy as cURL (bash)" uses),
// backslash escapes and line continuations outside quotes. Unquoted | ; & < > end a command and come
// back as their own word (operator: true). No expansion: $VAR and `…` stay as written.

export interface Word {
  text: string
  /** An unquoted | ; & < > (or a run of them, like && or ||). */
  operator: boolean
}

export class ShellSyntaxError extends Error {}

/**
 * Bytes written as \xHH or \ooo, as text: UTF-8 sequences as the characters they spell, and each byte
 * that is not part of one as U+DC00 + byte (a lone surrogate, like Python's surrogateescape), so that
 * `wordBytes` finds the bytes again (a latin1 header value written as $'caf\xE9').
 */
function decodeBytes(bytes: number[]): string {
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
  let out = ''
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0
    try {
      if (len > 0 && i + len <= bytes.length) {
        out += utf8.decode(new Uint8Array(bytes.slice(i, i + len)))
        i += len
        continue
      }
    } catch {
      /* not a UTF-8 sequence */
    }
    out += String.fromCharCode(0xdc00 + b)
    i++
  }
  return out
}

/** The bytes a shell word stands for, one character per byte (latin1): the inverse of decodeBytes. */
export function wordBytes(text: string): string {
  const utf8 = new TextEncoder()
  let out = ''
  for (const ch of text) {
    const c = ch.codePointAt(0)!
    if (c >= 0xdc80 && c <= 0xdcff) out += String.fromCharCode(c - 0xdc00)
    else for (const b of utf8.encode(ch)) out += String.fromCharCode(b)
  }
  return out
}

const C_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' }

/** $'…' from just after the opening quote; returns the text and the index after the closing quote. */
function ansiC(src: string, at: number): [string, number] {
  let out = ''
  const bytes: number[] = []
  const flush = () => {
    if (bytes.length) out += decodeBytes(bytes.splice(0))
  }
  let i = at
  while (i < src.length) {
    const ch = src[i]!
    if (ch === "'") {
      flush()
      return [out, i + 1]
    }
    if (ch !== '\\') {
      flush()
      out += ch
      i++
      continue
    }
    const e = src[i + 1] ?? ''
    const hex = /^x([0-9a-fA-F]{1,2})/.exec(src.slice(i + 1))
    const oct = /^([0-7]{1,3})/.exec(src.slice(i + 1))
    const uni = /^(?:u([0-9a-fA-F]{1,4})|U([0-9a-fA-F]{1,8}))/.exec(src.slice(i + 1))
    if (hex) {
      bytes.push(parseInt(hex[1]!, 16)) // \xHH are bytes: a UTF-8 sequence spelled in them decodes as one
      i += 1 + hex[0].length
    } else if (oct) {
      bytes.push(parseInt(oct[1]!, 8) & 0xff)
      i += 1 + oct[0].length
    } else if (uni) {
      flush()
      out += String.fromCodePoint(parseInt(uni[1] ?? uni[2]!, 16))
      i += 1 + uni[0].length
    } else {
      flush()
      out += C_ESCAPES[e] ?? `\\${e}`
      i += 2
    }
  }
  throw new ShellSyntaxError("A $'…' string is not closed.")
}

export function shellWords(src: string): Word[] {
  const words: Word[] = []
  let cur = ''
  let inWord = false
  const end = () => {
    if (inWord) words.push({ text: cur, operator: false })
    cur = ''
    inWord = false
  }
  let i = 0
  while (i < src.length) {
    const ch = src[i]!
    if (ch === '\\') {
      const next = src[i + 1]
      if (next === '\n') i += 2 // a line continuation
      else if (next === '\r' && src[i + 2] === '\n') i += 3
      else if (next === undefined) i++
      else {
        cur += next
        inWord = true
        i += 2
      }
    } else if (ch === "'") {
      const close = src.indexOf("'", i + 1)
      if (close < 0) throw new ShellSyntaxError("A '…' string is not closed.")
      cur += src.slice(i + 1, close)
      inWord = true
      i = close + 1
    } else if (ch === '$' && src[i + 1] === "'") {
      const [text, next] = ansiC(src, i + 2)
      cur += text
      inWord = true
      i = next
    } else if (ch === '"') {
      i++
      inWord = true
      for (;;) {
        if (i >= src.length) throw new ShellSyntaxError('A "…" string is not closed.')
        const c = src[i]!
        if (c === '"') break
        if (c === '\\' && i + 1 < src.length && '"\\$`\n'.includes(src[i + 1]!)) {
          if (src[i + 1] !== '\n') cur += src[i + 1]
          i += 2
        } else {
          cur += c
          i++
        }
      }
      i++
    } else if (/\s/.test(ch)) {
      end()
      i++
    } else if ('|;&<>'.includes(ch)) {
      end()
      let j = i
      while (j < src.length && '|;&<>'.includes(src[j]!)) j++
      words.push({ text: src.slice(i, j), operator: true })
      i = j
    } else if (ch === '#' && !inWord) {
      while (i < src.length && src[i] !== '\n') i++ // a comment, to the end of the line
    } else {
      cur += ch
      inWord = true
      i++
    }
  }
  end()
  return words
}
