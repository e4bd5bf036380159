// A body editor beside a line diff against the original: the edit-and-replay dialogs of deliveries
// and captures. JSON bodies get the JSON editor and its syntax message; others a plain text area.
// Both sides are capped to what the window leaves (styles.css, .edit-diff) and scroll inside, so on a
// small window the dialog's buttons stay in view, also once the syntax message shows.
import type { CSSProperties } from 'react'
import type { JsonProblem } from '../lib/json-problem'
import { DiffView } from './DiffView'
import { JsonEditor } from './JsonEditor'

export function EditWithDiff(props: {
  value: string
  onChange: (v: string) => void
  before: string
  json: boolean
  problem: JsonProblem | null
  diffLabel: string
  editorTestId: string
  diffTestId: string
  minHeight: number
}) {
  // The editor's usual least height, lowered by the stylesheet where the window is short.
  const style = { '--edit-min': `${props.minHeight}px` } as CSSProperties
  return (
    <div className="two-col edit-diff" style={style}>
      <div>
        <div className="label">Body</div>
        {props.json ? (
          <JsonEditor value={props.value} onChange={props.onChange} label="Replay body" testid={props.editorTestId} minHeight={0} />
        ) : (
          <textarea className="mono" rows={12} value={props.value} onChange={(e) => props.onChange(e.target.value)} aria-label="Replay body" data-testid={props.editorTestId} />
        )}
        {props.problem && (
          <div className="field-err" role="alert" data-testid="json-error">
            Line {props.problem.line}, column {props.problem.col}: {props.problem.message}
          </div>
        )}
      </div>
      <div>
        <div className="label">{props.diffLabel}</div>
        <DiffView before={props.before} after={props.value} testid={props.diffTestId} />
      </div>
    </div>
  )
}
