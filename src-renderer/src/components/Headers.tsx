// Header pairs in order and case as received; names and values are React text.
// Values are stored one byte per character (latin1, as Node reads them: replay and Copy as cURL
// send those bytes). A value whose bytes are valid UTF-8 is shown decoded ("café", not "cafÃ©"),
// marked, with the bytes on hover; any other value is shown as stored.

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** A header value as a user reads it: `utf8` when its bytes were decoded as UTF-8 (it has bytes above 0x7F). */
export function headerText(value: string): { text: string; utf8: boolean } {
  // ASCII is the same either way; a character above 0xFF means the value is already text (a preview, not bytes).
  let high = false
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c > 0xff) return { text: value, utf8: false }
    if (c > 0x7f) high = true
  }
  if (!high) return { text: value, utf8: false }
  const bytes = Uint8Array.from(value, (c) => c.charCodeAt(0))
  try {
    return { text: utf8.decode(bytes), utf8: true }
  } catch {
    return { text: value, utf8: false }
  }
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
              <th scope="row">{k}</th>
              {shown.utf8 ? (
                <td title={`Received as UTF-8, shown decoded. Bytes: ${hexBytes(v)}`}>
                  {shown.text}{' '}
                  <span className="hdr-utf8" data-testid="header-utf8">
                    UTF-8
                  </span>
                </td>
              ) : (
                <td>{v}</td>
              )}
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
