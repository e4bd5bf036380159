// Header pairs in order and case as received; names and values are React text.
// Values are stored one byte per character (latin1, as Node reads them: replay and Copy as cURL
// send those bytes). A value whose bytes are valid UTF-8 is shown decoded ("café", not "cafÃ©"),
// marked, with the bytes on hover; any other value is shown as stored.
import { utf8Text } from '../../../src-preload/header-bytes'
import { CapturedText } from './CapturedText'

/** A header value as a user reads it: `utf8` when its bytes were decoded as UTF-8 (it has bytes above 0x7F). */
export function headerText(value: string): { text: string; utf8: boolean } {
  const text = utf8Text(value)
  return text === null ? { text: value, utf8: false } : { text, utf8: true }
}

/** The value's bytes in hex ("63 61 66 c3 a9"), for the tooltip of a decoded value. */
function hexBytes(value: string, max = 256): string {
  const hex = Array.from(value.slice(0, max), (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join(' ')
  return value.length > max ? `${hex} … (${value.length} bytes)` : hex
}

export function HeadersTable({ headers, testid }: { headers: [string, string][]; testid?: string }) {
  if (headers.length === 0) return <div className="muted small">no headers</div>
  return (
    <table className="kv mono" data-testid={testid}>
      <tbody>
        {headers.map(([k, v], i) => {
          const shown = headerText(v)
          return (
            <tr key={i}>
              <th scope="row">
                <CapturedText text={k} />
              </th>
              {shown.utf8 ? (
                <td title={`Received as UTF-8, shown decoded. Bytes: ${hexBytes(v)}`}>
                  <CapturedText text={shown.text} />{' '}
                  <span className="hdr-utf8" data-testid="header-utf8">
                    UTF-8
                  </span>
                </td>
              ) : (
                <td>
                  <CapturedText text={v} />
                </td>
              )}
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
