// The native menu: the usual edit/view/window roles (their standard shortcuts come with them)
// plus a Go menu that switches views through the contract's `app.navigate` event.
import { Menu } from 'electron'
import type { MenuItemConstructorOptions } from 'electron'
import type { EventPayload } from '../../src-preload/contract'

type View = EventPayload<'app.navigate'>['view']

const VIEWS: Array<[View, string]> = [
  ['send', 'Send'],
  ['deliveries', 'Deliveries'],
  ['inbox', 'Inbox'],
  ['endpoints', 'Endpoints'],
  ['stats', 'Stats'],
  ['settings', 'Settings'],
]

export function buildMenu(navigate: (view: View) => void, platform = process.platform): Menu {
  const isMac = platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Settings…', accelerator: 'CmdOrCtrl+,', click: () => navigate('settings') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'Go',
      submenu: VIEWS.map(([view, label], i) => ({ label, accelerator: `Alt+${i + 1}`, click: () => navigate(view) })),
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ]
  return Menu.buildFromTemplate(template)
}
