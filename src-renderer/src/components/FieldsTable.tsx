// Decoded name/value pairs (a form body, a query string) as React text. A value that is itself JSON,
// like Slack's interactive `payload=`, is pretty-printed under its name.
import { prettyJson } from '../lib/format'
import { CapturedText } from './CapturedText'

/** Rows drawn at most: a body of 100,000 fields must not stall the page (the raw tab has them all). */
export const FIELDS_SHOWN = 500

export function MoreRows({ total }: { total: number }) {
  if (total <= FIELDS_SHOWN) return null
  return (
    <tr>
      <td colSpan={2} className="muted small" data-testid="fields-more">
        … and {(total - FIELDS_SHOWN).toLocaleString()} more (the raw tab shows them all)
      </td>
    </tr>
  )
}

export function FieldsTable({ fields, label, testid }: { fields: [string, string][]; label: string; testid?: string }) {
  return (
    <table className="kv mono fields" aria-label={label} data-testid={testid}>
      <tbody>
        {fields.slice(0, FIELDS_SHOWN).map(([k, v], i) => {
          const json = prettyJson(v)
          return (
            <tr key={i}>
              <th scope="row">
                <CapturedText text={k} />
              </th>
              <td>
                {json ? (
                  <pre className="code">
                    <CapturedText text={json} />
                  </pre>
                ) : v === '' ? (
                  <span className="muted">(empty)</span>
                ) : (
                  <CapturedText text={v} />
                )}
              </td>
            </tr>
          )
        })}
        <MoreRows total={fields.length} />
      </tbody>
    </table>
  )
}
