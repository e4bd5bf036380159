// "?" lists the keyboard shortcuts: everything in Hooklab is reachable from the keyboard, and this
// is where that is written down.
import { Dialog } from '../components/Dialog'
import { isMac } from '../lib/platform'

const SHORTCUTS: ReadonlyArray<[keys: string[], what: string]> = [
  [['Alt+1 … Alt+6'], 'Send, Deliveries, Inbox, Endpoints, Stats, Settings'],
  [['/', 'Ctrl+K'], 'Search the list of this view'],
  [['↑ ↓', 'j k'], 'Previous / next row (the list has focus)'],
  [['Home', 'End'], 'First / last loaded row (End again loads the rows after it)'],
  [['← →'], 'Narrow / widen the list (the divider has focus)'],
  [['Ctrl+Enter'], 'Send (in Send)'],
  [['Esc'], 'Close a dialog'],
  [['?'], 'This list'],
]

/** The shortcuts as a table (the "?" dialog, and Settings' Keyboard section). */
export function ShortcutsTable() {
  const mac = isMac()
  return (
    <table className="kv shortcuts">
      <tbody>
        {SHORTCUTS.map(([keys, what]) => (
          <tr key={what}>
            <th scope="row">
              {keys.map((k, i) => (
                <span key={k}>
                  {i > 0 && <span className="muted"> or </span>}
                  <kbd>{mac ? k.replace(/Ctrl\+/g, '⌘').replace(/Alt\+/g, '⌥') : k}</kbd>
                </span>
              ))}
            </th>
            <td>{what}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function ShortcutsDialog(props: { open: boolean; onOpenChange: (v: boolean) => void }) {
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange} title="Keyboard shortcuts" testid="shortcuts-dialog">
      <ShortcutsTable />
    </Dialog>
  )
}
