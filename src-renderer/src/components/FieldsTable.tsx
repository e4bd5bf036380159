// Decoded name/value pairs (a form body, a query string) as React text. A value that is itself JSON,
// like Slack's interactive `payload=`, is pretty-printed under its name.
import { prettyJson } from '../lib/format'

export function FieldsTable({ fields, label, testid }: { fields: [string, string][]; label: string; testid?: string }) {
  return (
    <table className="kv mono fields" aria-label={label} data-testid={testid}>
      <tbody>
        {fields.map(([k, v], i) => {
          const json = prettyJson(v)
          return (
            <tr key={i}>
              <th scope="row">{k}</th>
              <td>{json ? <pre className="code">{json}</pre> : v === '' ? <span className="muted">(empty)</span> : v}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
