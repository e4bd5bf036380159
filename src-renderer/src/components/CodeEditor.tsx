// CodeMirror 6 JSON editor (loaded on demand: CodeMirror is most of the bundle). Syntax errors are found with JSON.parse on each change (variables like
// {{uuid}} replaced first) and marked in the text, so a broken body is visible before sending. A large body (lib/large-body.ts)
// gets a plain editor, checked when typing pauses.
import { useEffect, useRef } from 'react'
import { jsonProblem } from '../lib/json-problem'
import { isLargeBody, LARGE_BODY_SETTLE_MS } from '../lib/large-body'
import { Compartment, EditorState, StateEffect, StateField, type Extension } from '@codemirror/state'
import { Decoration, EditorView, keymap, lineNumbers, highlightActiveLine, type DecorationSet } from '@codemirror/view'
import { json } from '@codemirror/lang-json'
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language'
// @lezer/highlight comes with @codemirror/language (its own dependency); its tags name JSON tokens.
import { tags } from '@lezer/highlight'
// Undo/redo, line editing and indentation on Enter. Tab is left alone so keyboard users can leave the editor.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands'

// Mod-Enter (insertBlankLine in the default keymap) is Send's shortcut: it must send the body as typed, not add a line to it.
const editKeymap = defaultKeymap.filter((b) => b.key !== 'Mod-Enter')

// Token colours from CSS variables so both themes keep readable contrast.
const jsonHighlight = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--hl-prop)' },
  { tag: tags.string, color: 'var(--hl-string)' },
  { tag: tags.number, color: 'var(--hl-number)' },
  { tag: [tags.bool, tags.null], color: 'var(--hl-keyword)' },
  { tag: tags.invalid, color: 'var(--bad)' },
])

const setError = StateEffect.define<number | null>()
const errorMark = Decoration.mark({ class: 'cm-json-error' })
const errorField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    for (const e of tr.effects) {
      if (e.is(setError)) {
        if (e.value == null || tr.state.doc.length === 0) return Decoration.none
        const from = Math.min(e.value, tr.state.doc.length - 1)
        return Decoration.set([errorMark.range(Math.max(0, from), Math.max(0, from) + 1)])
      }
    }
    return deco.map(tr.changes)
  },
  provide: (f) => EditorView.decorations.from(f),
})

// Wrapping, highlighting and bracket matching lay out and parse a whole line (a minified body is one line):
// they are on only while the body is not large, and switched as it crosses the size.
const rich = new Compartment()
const richExtensions = (large: boolean): Extension =>
  large ? [] : [json(), indentOnInput(), bracketMatching(), syntaxHighlighting(jsonHighlight), EditorView.lineWrapping]
const switchRich = EditorState.transactionExtender.of((tr) => {
  if (!tr.docChanged) return null
  const large = isLargeBody(tr.newDoc)
  return large === isLargeBody(tr.startState.doc) ? null : { effects: rich.reconfigure(richExtensions(large)) }
})

export default function CodeEditor(props: { value: string; onChange: (v: string) => void; label: string; testid?: string; minHeight?: number }) {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | null>(null)
  const onChange = useRef(props.onChange)
  onChange.current = props.onChange
  // The text last handed to onChange: when it comes back as the value, the editor holds it already.
  const emitted = useRef<string | null>(null)

  useEffect(() => {
    if (!host.current) return
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          lineNumbers(),
          highlightActiveLine(),
          history(),
          keymap.of([...editKeymap, ...historyKeymap]),
          rich.of(richExtensions(isLargeBody(props.value))),
          switchRich,
          errorField,
          EditorView.contentAttributes.of({ 'aria-label': props.label, 'aria-multiline': 'true' }),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged) return
            emitted.current = u.state.doc.toString()
            onChange.current(emitted.current)
          }),
        ],
      }),
    })
    view.current = v
    return () => {
      v.destroy()
      view.current = null
    }
    // The editor is created once; later value changes are pushed in by the effect below.
  }, [])

  useEffect(() => {
    const v = view.current
    if (!v) return
    if (props.value !== emitted.current) {
      const cur = v.state.doc.toString()
      if (cur !== props.value) v.dispatch({ changes: { from: 0, to: cur.length, insert: props.value } })
    }
    const mark = () => {
      const p = jsonProblem(props.value)
      let pos: number | null = null
      if (p) {
        const line = v.state.doc.line(Math.min(p.line, v.state.doc.lines))
        pos = Math.min(line.from + p.col - 1, line.to)
      }
      v.dispatch({ effects: setError.of(pos) })
    }
    if (!isLargeBody(props.value)) {
      mark()
      return
    }
    const t = setTimeout(mark, LARGE_BODY_SETTLE_MS)
    return () => clearTimeout(t)
  }, [props.value])

  return <div className="cm-host" ref={host} data-testid={props.testid} style={{ minHeight: props.minHeight ?? 200 }} />
}
