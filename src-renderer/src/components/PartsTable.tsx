// The parts of a multipart/form-data body: text fields as text (JSON pretty-printed), files as their
// name, type and size with a download (bytes as sent, never opened in the page).
import { downloadBytes } from '../lib/download'
import { bytes, prettyJson } from '../lib/format'
import { partText, type Part } from '../lib/multipart'
import { CapturedText } from './CapturedText'
import { FIELDS_SHOWN, MoreRows } from './FieldsTable'

function PartValue({ p }: { p: Part }) {
  const text = partText(p)
  if (text !== null) {
    const json = prettyJson(text)
    if (json)
      return (
        <pre className="code">
          <CapturedText text={json} />
        </pre>
      )
    return text === '' ? (
      <span className="muted">(empty)</span>
    ) : (
      <span className="pre-wrap">
        <CapturedText text={text} />
      </span>
    )
  }
  return (
    <span className="row gap wrap">
      <span className="mini">file</span>
      <span>{p.filename === null ? '(binary)' : <CapturedText text={p.filename} />}</span>
      <span className="muted">
        {p.contentType ?? 'no type'} · {bytes(p.data.length)}
      </span>
      <button className="btn btn-small" onClick={() => downloadBytes(p.filename || `${p.name ?? 'part'}.bin`, p.data)}>
        Download
      </button>
    </span>
  )
}

export function PartsTable({ parts, label }: { parts: Part[]; label: string }) {
  return (
    <table className="kv mono fields" aria-label={label} data-testid="body-parts">
      <tbody>
        {parts.slice(0, FIELDS_SHOWN).map((p, i) => (
          <tr key={i}>
            <th scope="row">{p.name === null ? '(no name)' : <CapturedText text={p.name} />}</th>
            <td>
              <PartValue p={p} />
            </td>
          </tr>
        ))}
        <MoreRows total={parts.length} />
      </tbody>
    </table>
  )
}
