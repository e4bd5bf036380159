// The JSON editor as views use it: CodeMirror arrives in its own chunk, so the first screen
// (the deliveries list) does not wait for it; a plain block shows the text meanwhile (a large body's
// head only: laying out 9 MB of it took seconds).
import { lazy, Suspense } from 'react'
import { bodyHead } from '../lib/large-body'

export { jsonProblem, type JsonProblem } from '../lib/json-problem'

const CodeEditor = lazy(() => import('./CodeEditor'))

export interface JsonEditorProps {
  value: string
  onChange: (v: string) => void
  label: string
  testid?: string
  minHeight?: number
}

export function JsonEditor(props: JsonEditorProps) {
  return (
    <Suspense
      fallback={
        <pre className="cm-host code" style={{ minHeight: props.minHeight ?? 200 }} aria-label={props.label}>
          {bodyHead(props.value)}
        </pre>
      }
    >
      <CodeEditor {...props} />
    </Suspense>
  )
}
