// Header pairs in order and case as received; names and values are React text.
export function HeadersTable({ headers, testid }: { headers: [string, string][]; testid?: string }) {
  if (headers.length === 0) return <div className="muted small">no headers</div>
  return (
    <table className="kv mono" data-testid={testid}>
      <tbody>
        {headers.map(([k, v], i) => (
          <tr key={i}>
            <th scope="row">{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
